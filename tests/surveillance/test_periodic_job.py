import importlib

import pytest

from maillage.core.periodic import REGISTRY
from maillage.surveillance.models import DetectionRun
from maillage.surveillance.weeks import last_due_week
from tests.surveillance.factories import make_partner, make_signal, seed_history

pytestmark = pytest.mark.django_db


def test_the_weekly_detection_is_a_registered_periodic_task_that_judges_a_week_once():
    importlib.import_module("maillage.surveillance.tasks")
    job = REGISTRY["surveillance.weekly_detection"]
    make_signal("gale")
    seed_history(make_partner(), {"gale": [1] * 12})

    job.task.enqueue()
    job.task.enqueue()

    run = DetectionRun.objects.get()
    assert run.status == DetectionRun.Status.DONE and run.week_start == last_due_week()
    assert run.trigger == DetectionRun.Trigger.SCHEDULE
