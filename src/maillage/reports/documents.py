"""A report edition as an A4 PDF (WeasyPrint): the same sections, charts and tables as the page."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone

from maillage.meetings.pdf import render_pdf
from maillage.reports import selectors
from maillage.reports.models import Report


def report_pdf(report: Report) -> bytes:
    context = {
        "report": report,
        "sections": selectors.report_sections(report=report),
        "headline": selectors.headline(report=report),
        "printed_on": timezone.localdate(),
    }
    return render_pdf(render_to_string("reports/print/report.html", context))
