"""HTML → PDF with WeasyPrint; the print stylesheet is read from the static files."""

from __future__ import annotations

from django.contrib.staticfiles import finders

PRINT_CSS = "directory/sheet.css"


def render(html: str) -> bytes:
    from weasyprint import CSS, HTML

    stylesheet = finders.find(PRINT_CSS)
    sheets = [CSS(filename=stylesheet)] if stylesheet else []
    return HTML(string=html).write_pdf(stylesheets=sheets)
