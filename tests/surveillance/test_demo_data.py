import datetime as dt

import pytest

from maillage.demo.loader import load_demo
from maillage.demo.surveillance import NOT_YET_REPORTED, SHELTER_SLUG
from maillage.surveillance.models import (
    AlertStatus,
    DetectionRun,
    SurveillanceAlert,
    WeeklyCount,
    WeeklyReport,
)
from maillage.surveillance.selectors import completeness
from maillage.surveillance.weeks import last_closed_week

pytestmark = pytest.mark.django_db


def test_the_demo_has_three_years_of_counts_and_the_detection_finds_its_two_episodes():
    load_demo(skip={"reports"})
    last = last_closed_week()
    first = WeeklyReport.objects.order_by("week_start").first()
    assert first is not None and (last - first.week_start).days // 7 == 52 * 3 - 1
    assert DetectionRun.objects.get().status == DetectionRun.Status.DONE

    scabies = SurveillanceAlert.objects.filter(
        signal__code="gale",
        territory__slug="quartier-moulins",
        week_start__gte=last - dt.timedelta(weeks=2),
    )
    assert scabies.exists()  # the shelter's cluster
    influenza = SurveillanceAlert.objects.filter(
        signal__code="syndrome-grippal", territory__isnull=True, week_start=last
    )
    assert influenza.get().status == AlertStatus.NEW  # this winter's early wave
    assert SurveillanceAlert.objects.filter(status=AlertStatus.CONFIRMED).exists()

    missing = {r.organisation.slug for r in completeness(week=last) if r.report is None}
    assert missing == set(NOT_YET_REPORTED)
    assert WeeklyReport.objects.filter(organisation__slug=SHELTER_SLUG).count() > 150


def test_loading_the_demo_again_changes_nothing():
    load_demo(skip={"reports"})
    counts = [m.objects.count() for m in (WeeklyReport, WeeklyCount, SurveillanceAlert)]
    load_demo(skip={"reports"})
    assert [m.objects.count() for m in (WeeklyReport, WeeklyCount, SurveillanceAlert)] == counts
    assert DetectionRun.objects.count() == 1
