"""Printable documents as PDF: a template rendered by WeasyPrint with the KRDS Pretendard GOV fonts (the machines
have no Korean system font). Without WeasyPrint (or its Pango libraries) `pdf_available()` is false and the pages
offer their printable HTML instead."""

from functools import cache
from typing import Any

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

FONTS = {
    "font_regular": "krds/fonts/PretendardGOV-Regular.subset.woff2",
    "font_bold": "krds/fonts/PretendardGOV-Bold.subset.woff2",
}


@cache
def pdf_available() -> bool:
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError):  # OSError: the Pango libraries are missing
        return False
    return all(finders.find(path) for path in FONTS.values())


def render_pdf(template: str, context: dict[str, Any]) -> bytes:
    """The template (which declares the fonts from `font_regular` and `font_bold`) as PDF bytes."""
    import weasyprint

    fonts = {name: f"file://{finders.find(path)}" for name, path in FONTS.items()}
    return weasyprint.HTML(string=render_to_string(template, {**context, **fonts})).write_pdf()
