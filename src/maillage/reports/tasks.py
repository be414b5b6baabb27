"""Background work of the reports app: computing an edition, with its progress on the page."""

from __future__ import annotations

from django.tasks import task


@task
def compute_report(report_id: int) -> str:
    from maillage.reports.services import report_compute

    return report_compute(report_id=report_id).status
