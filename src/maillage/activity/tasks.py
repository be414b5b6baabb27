"""Background work of the activity app: the unique-people count."""

from __future__ import annotations

from datetime import timedelta

from django.tasks import task

from maillage.core.periodic import register


@task
def count_unique_people() -> int:
    """Recount unique people over every contact; returns the id of the stored run."""
    from maillage.activity.services import count_run_execute

    return count_run_execute().pk


register("activity.count_unique_people", every=timedelta(hours=24), task=count_unique_people)
