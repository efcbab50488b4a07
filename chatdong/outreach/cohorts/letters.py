"""The 출산축하서신 as a PDF: the letter page's own template rendered by WeasyPrint with the KRDS Pretendard
GOV fonts (the machines have no Korean system font). Without WeasyPrint (or its Pango libraries) the PDF
link is not offered and the printable page remains."""

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


def letter_pdf(context: dict[str, Any]) -> bytes:
    import weasyprint

    fonts = {name: f"file://{finders.find(path)}" for name, path in FONTS.items()}
    html = render_to_string("outreach/cohorts/letter_pdf.html", {**context, **fonts})
    return weasyprint.HTML(string=html).write_pdf()
