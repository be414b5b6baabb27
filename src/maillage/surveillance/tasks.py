"""Background work: detection runs, on demand and once each week's reports are due."""

from __future__ import annotations

from datetime import timedelta

from django.tasks import task

from maillage.core.periodic import register


@task
def run_detection(run_id: int) -> None:
    from maillage.surveillance.services import detection_run_execute

    detection_run_execute(run_id=run_id)


@task
def run_scheduled_detection() -> None:
    from maillage.surveillance.services import detection_run_schedule

    detection_run_schedule()


# Checked every few hours; a week is judged once, the first time its deadline has passed.
register("surveillance.weekly_detection", every=timedelta(hours=6), task=run_scheduled_detection)
