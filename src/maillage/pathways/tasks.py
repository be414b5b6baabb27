"""Background jobs of the pathways app, registered with the worker's periodic runner."""

from __future__ import annotations

from datetime import timedelta

from django.tasks import task

from maillage.core.periodic import register
from maillage.pathways.rules import rules_run


@task
def run_rupture_rules() -> dict[str, dict[str, int]]:
    return rules_run()


register("pathways.rupture_rules", every=timedelta(hours=1), task=run_rupture_rules)
