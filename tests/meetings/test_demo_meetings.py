"""The demo: five hubs every six weeks since 2015 on their own weekday, a moved and a cancelled
meeting, the needs of the seeds in the registers, other series; loading twice adds nothing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.core.management import call_command
from icalendar import Calendar

from maillage.demo.loader import load_demo
from maillage.meetings.models import (
    PARIS,
    Decision,
    Meeting,
    MeetingSeries,
    MeetingStatus,
    Need,
    ParticipantKind,
    SeriesKind,
)
from maillage.meetings.selectors import funder_figures

pytestmark = pytest.mark.django_db


def test_the_demo_meetings_are_loaded_once(tmp_path: Path):
    load_demo(only={"network", "core", "directory", "meetings"})
    hubs = MeetingSeries.objects.filter(kind=SeriesKind.HUB_PARTNERS)
    assert hubs.count() == 5
    weekdays = {
        m.series.hub.slug: m.starts_at.astimezone(PARIS).weekday()
        for m in Meeting.objects.filter(series__in=hubs, sequence=0).select_related("series__hub")
    }
    assert len(set(weekdays.values())) == 5
    fives = Meeting.objects.filter(series__hub__slug="pole-fives")
    assert fives.filter(status=MeetingStatus.HELD).earliest("starts_at").starts_at.year == 2015
    assert fives.filter(starts_at__gt=dt.datetime.now(dt.UTC)).count() == 1
    assert sum(m.is_moved for m in fives) == 1
    assert Meeting.objects.filter(status=MeetingStatus.CANCELLED).count() == 1
    assert MeetingSeries.objects.filter(kind=SeriesKind.CLSM_WORKING_GROUP).count() == 2
    assert MeetingSeries.objects.filter(kind=SeriesKind.CLS_STEERING).count() == 1
    assert Need.objects.count() == 25 and Decision.objects.exclude(programme_link="").exists()
    figures = {(r.hub, r.year): r for r in funder_figures()}
    fives_2015 = figures[("Pôle ressources santé Fives", 2015)]
    assert fives_2015.meetings_held in {8, 9} and fives_2015.habitants_relais > 0
    assert Meeting.objects.filter(participants__kind=ParticipantKind.HABITANT_RELAIS).exists()

    counts = [Meeting.objects.count(), Need.objects.count()]
    load_demo(only={"meetings"})
    assert [Meeting.objects.count(), Need.objects.count()] == counts

    out = tmp_path / "fives.ics"
    call_command("meetings", "ics", "--hub", "pole-fives", "--out", str(out))
    events = Calendar.from_ical(out.read_bytes()).walk("VEVENT")
    assert len(events) == 2  # the rule, and the moved meeting as its own VEVENT
    assert {str(e["uid"]) for e in events} == {"demo-pole-fives@maillage"}
