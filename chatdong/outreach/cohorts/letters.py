"""The 출산축하서신 as a PDF: the letter page's own template rendered through `core.pdf`. Without WeasyPrint
(or its Pango libraries) the PDF link is not offered and the printable page remains."""

from typing import Any

from chatdong.core.pdf import pdf_available, render_pdf

__all__ = ["letter_pdf", "pdf_available"]


def letter_pdf(context: dict[str, Any]) -> bytes:
    return render_pdf("outreach/cohorts/letter_pdf.html", context)
