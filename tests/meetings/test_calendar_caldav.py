"""The exported calendar in a real CalDAV server (Radicale): the server expands the same
occurrences as we do, across the spring daylight-saving change, one meeting moved, one cancelled."""

from __future__ import annotations

import datetime as dt
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import caldav
import pytest
from icalendar import Calendar

from maillage.meetings import calendar as ical
from maillage.meetings.models import PARIS
from maillage.meetings.selectors import hub_calendar
from maillage.meetings.services import meeting_cancel, meeting_move, occurrence_plan
from tests.meetings.factories import make_hub_setup, make_series

pytestmark = pytest.mark.django_db

AFTER = dt.datetime(2026, 2, 1, tzinfo=dt.UTC)
BEFORE = dt.datetime(2026, 7, 15, tzinfo=dt.UTC)
EXPAND_REPORT = """<?xml version="1.0" encoding="utf-8"?>
<C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
  <D:prop><C:calendar-data><C:expand start="{start}" end="{end}"/></C:calendar-data></D:prop>
  <C:filter><C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT">
    <C:time-range start="{start}" end="{end}"/>
  </C:comp-filter></C:comp-filter></C:filter>
</C:calendar-query>"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def radicale(tmp_path: Path) -> Iterator[str]:
    port = _free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "radicale",
            "--server-hosts",
            f"127.0.0.1:{port}",
            "--auth-type",
            "none",
            "--storage-filesystem-folder",
            str(tmp_path / "collections"),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            if process.poll() is not None:
                pytest.fail(process.stderr.read().decode() if process.stderr else "radicale died")
            time.sleep(0.1)
    else:
        pytest.fail("Radicale did not start")
    yield f"http://127.0.0.1:{port}/"
    process.terminate()
    process.wait(timeout=10)


def _exported(setup) -> bytes:  # type: ignore[no-untyped-def]
    return ical.feed(hub_calendar(hub=setup.hub), name=setup.hub.name).to_ical()


def _server_expansion(url: str, ics: bytes) -> list[tuple[dt.datetime, dt.datetime]]:
    """(start, recurrence id) of each occurrence, as the server expands them."""
    client = caldav.DAVClient(url=url, username="maillage", password="unused")
    principal = client.principal()
    calendar = principal.make_calendar(name="pole", cal_id="pole")
    calendar.save_event(ics.decode())
    body = EXPAND_REPORT.format(start="20260201T000000Z", end="20260715T000000Z")
    response = client.report(str(calendar.url), body, depth=1)
    found = []
    for data in _calendar_data(response):
        for event in Calendar.from_ical(data).walk("VEVENT"):
            start = event.decoded("dtstart")
            original = event.decoded("recurrence-id")
            found.append((start.astimezone(dt.UTC), original.astimezone(dt.UTC)))
    return sorted(found)


def _calendar_data(response) -> list[str]:  # type: ignore[no-untyped-def]
    ns = "{urn:ietf:params:xml:ns:caldav}calendar-data"
    return [node.text for node in response.tree.iter(ns) if node.text]


def test_it_expands_like_radicale_across_dst_with_a_moved_and_a_cancelled_meeting(radicale):
    setup = make_hub_setup()
    series = make_series(setup)  # Tuesdays 14:00, every six weeks from 13 January 2026
    april = occurrence_plan(
        actor=setup.referent,
        series=series,
        recurrence_id=dt.datetime(2026, 4, 7, 14, tzinfo=PARIS),
    )
    meeting_move(
        actor=setup.referent,
        meeting=april,
        starts_at=dt.datetime(2026, 4, 9, 15, tzinfo=PARIS),
    )
    may = occurrence_plan(
        actor=setup.referent,
        series=series,
        recurrence_id=dt.datetime(2026, 5, 19, 14, tzinfo=PARIS),
    )
    meeting_cancel(actor=setup.referent, meeting=may)
    ics = _exported(setup)

    ours = ical.expand(ics, AFTER, BEFORE)
    ours_pairs = sorted(
        (o.start.astimezone(dt.UTC), o.recurrence_id.astimezone(dt.UTC)) for o in ours
    )
    assert [o.start.astimezone(PARIS).strftime("%d/%m %H:%M") for o in ours] == [
        "24/02 14:00",  # winter time, 13:00 UTC
        "09/04 15:00",  # moved, summer time
        "30/06 14:00",  # summer time: still 14:00 local, 12:00 UTC
    ]
    assert ours_pairs[1][1] == dt.datetime(2026, 4, 7, 12, tzinfo=dt.UTC)
    assert {o.uid for o in ours} == {series.uid}

    assert _server_expansion(radicale, ics) == ours_pairs
