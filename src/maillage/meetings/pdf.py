"""HTML → PDF with WeasyPrint (attendance sheets, the diagnosis), with a small print stylesheet."""

from __future__ import annotations

PRINT_CSS = """
@page { size: A4; margin: 1.5cm; }
body { font-family: "DejaVu Sans", sans-serif; font-size: 10pt; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #555; padding: 4pt; text-align: left; vertical-align: top; }
td.sign { height: 22pt; width: 35%; }
caption { text-align: left; font-weight: bold; padding: 4pt 0; }
"""


def render_pdf(html: str) -> bytes:
    from weasyprint import CSS, HTML

    return HTML(string=html).write_pdf(stylesheets=[CSS(string=PRINT_CSS)])  # type: ignore[no-any-return]
