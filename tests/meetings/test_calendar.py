"""iCalendar rules: one UID per series, SEQUENCE on changes, CANCEL of one RECURRENCE-ID only,
answers through a signed link, the hub export and its second parser."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import recurring_ical_events
import vobject
from django.core import mail, signing
from django.core.management import call_command
from icalendar import Calendar

from maillage.meetings import calendar as ical
from maillage.meetings.mail import answer_token
from maillage.meetings.models import PARIS, Participant, PartStat
from maillage.meetings.selectors import hub_calendar
from maillage.meetings.services import (
    answer_record,
    invitations_send,
    meeting_cancel,
    meeting_move,
    meeting_plan_next,
    occurrence_plan,
)
from tests.meetings.factories import make_hub_setup, make_series

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 2, 1, 9, tzinfo=PARIS)


def _calendar_of(message: mail.EmailMessage, method: str) -> Calendar:
    alternatives = getattr(message, "alternatives", [])
    parts = [a for a in alternatives if a[1] == f"text/calendar; method={method}"]
    assert len(parts) == 1, alternatives
    return Calendar.from_ical(parts[0][0])


def _events(calendar: Calendar) -> list:  # type: ignore[type-arg]
    return list(calendar.walk("VEVENT"))


def test_it_sends_an_imip_request_with_attendees_partstat_and_rsvp(
    django_capture_on_commit_callbacks,
):
    setup = make_hub_setup()
    series = make_series(setup)
    meeting = meeting_plan_next(actor=setup.referent, series=series, now=NOW)
    assert meeting.recurrence_id == dt.datetime(2026, 2, 24, 14, tzinfo=PARIS)
    with django_capture_on_commit_callbacks(execute=True):
        sent = invitations_send(actor=setup.referent, meeting=meeting, base_url="http://x")
    assert sent == 1 and len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [setup.partner.email]
    calendar = _calendar_of(message, "REQUEST")
    assert str(calendar["method"]) == "REQUEST"
    assert [c["tzid"] for c in calendar.walk("VTIMEZONE")] == ["Europe/Paris"]
    master, occurrence = _events(calendar)
    assert master["uid"] == occurrence["uid"] == series.uid
    assert "RRULE" in master and "RECURRENCE-ID" not in master
    assert occurrence.decoded("recurrence-id") == meeting.recurrence_id
    assert "DTSTAMP" in occurrence and occurrence["organizer"] == f"mailto:{setup.referent.email}"
    attendee = occurrence["attendee"]
    assert attendee == f"mailto:{setup.partner.email}"
    assert attendee.params["PARTSTAT"] == "NEEDS-ACTION" and attendee.params["RSVP"] == "TRUE"
    assert "/reunions/reponse/" in message.body
    assert message.attachments[0][0] == "invite.ics"


def test_moving_raises_sequence_and_keeps_the_recurrence_id(django_capture_on_commit_callbacks):
    setup = make_hub_setup()
    series = make_series(setup)
    meeting = meeting_plan_next(actor=setup.referent, series=series, now=NOW)
    invitations_send(actor=setup.referent, meeting=meeting)
    first = meeting.sequence
    with django_capture_on_commit_callbacks(execute=True):
        meeting_move(
            actor=setup.referent,
            meeting=meeting,
            starts_at=dt.datetime(2026, 2, 26, 10, tzinfo=PARIS),
        )
    _master, moved = _events(_calendar_of(mail.outbox[-1], "REQUEST"))
    assert moved["sequence"] == first + 1
    assert moved.decoded("recurrence-id") == dt.datetime(2026, 2, 24, 14, tzinfo=PARIS)
    assert moved.decoded("dtstart") == dt.datetime(2026, 2, 26, 10, tzinfo=PARIS)


def test_cancelling_one_meeting_cancels_that_recurrence_id_only(django_capture_on_commit_callbacks):
    setup = make_hub_setup()
    series = make_series(setup)
    meeting = meeting_plan_next(actor=setup.referent, series=series, now=NOW)
    invitations_send(actor=setup.referent, meeting=meeting)
    with django_capture_on_commit_callbacks(execute=True):
        meeting_cancel(actor=setup.referent, meeting=meeting)
    calendar = _calendar_of(mail.outbox[-1], "CANCEL")
    (event,) = _events(calendar)
    assert "RRULE" not in event
    assert event.decoded("recurrence-id") == meeting.recurrence_id
    assert event["status"] == "CANCELLED" and event["uid"] == series.uid
    assert event["sequence"] == 1
    # The series goes on: the feed skips this date only.
    feed = ical.feed(hub_calendar(hub=setup.hub), name="x").to_ical()
    starts = [o.start for o in ical.expand(feed, NOW, NOW + dt.timedelta(days=100))]
    assert meeting.recurrence_id not in starts
    assert dt.datetime(2026, 4, 7, 14, tzinfo=PARIS) in starts


def test_the_local_hour_holds_across_daylight_saving():
    class Series:
        rrule = "FREQ=WEEKLY;INTERVAL=6;BYDAY=TU"
        start_date = dt.date(2026, 1, 13)
        start_time = dt.time(14, 0)

    starts = ical.rule_starts(Series(), NOW, NOW + dt.timedelta(days=300))  # type: ignore[arg-type]
    assert {s.hour for s in starts} == {14}
    assert {s.utcoffset() for s in starts} == {dt.timedelta(hours=1), dt.timedelta(hours=2)}


def test_our_vtimezone_agrees_with_zoneinfo_every_day_from_1996_to_2060():
    calendar = Calendar.from_ical(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\n"
        + ical.PARIS_VTIMEZONE.replace("\n", "\r\n")
        + "END:VCALENDAR\r\n"
    )
    tz = calendar.walk("VTIMEZONE")[0].to_tz()
    zone = ZoneInfo("Europe/Paris")
    day = dt.datetime(1996, 1, 1, 12)
    while day.year < 2061:
        assert day.replace(tzinfo=tz).utcoffset() == day.replace(tzinfo=zone).utcoffset(), day
        day += dt.timedelta(days=1)


def test_an_invitee_answers_through_the_signed_link_without_logging_in(client):
    setup = make_hub_setup()
    meeting = meeting_plan_next(actor=setup.referent, series=make_series(setup), now=NOW)
    participant = meeting.participants.get(user=setup.partner)
    token = answer_token(participant)
    page = client.get(f"/reunions/reponse/{token}/")
    assert page.status_code == 200
    response = client.post(
        f"/reunions/reponse/{token}/", {"partstat": "TENTATIVE", "comment": "Sans doute en retard"}
    )
    assert response.status_code == 200
    participant.refresh_from_db()
    assert participant.partstat == PartStat.TENTATIVE
    assert participant.answer_comment == "Sans doute en retard"
    assert client.get(f"/reunions/reponse/{token[:-2]}xx/").status_code == 404


def test_a_token_signed_for_another_purpose_is_refused():
    setup = make_hub_setup()
    meeting = meeting_plan_next(actor=setup.referent, series=make_series(setup), now=NOW)
    participant = Participant.objects.get(meeting=meeting, user=setup.partner)
    forged = signing.dumps({"p": participant.pk, "m": meeting.pk}, salt="another.purpose")
    with pytest.raises(signing.BadSignature):
        answer_record(token=forged, partstat=PartStat.ACCEPTED)


def test_two_exports_give_the_same_uids_and_vobject_reads_them(tmp_path: Path):
    setup = make_hub_setup()
    series = make_series(setup)
    april = occurrence_plan(
        actor=setup.referent, series=series, recurrence_id=dt.datetime(2026, 4, 7, 14, tzinfo=PARIS)
    )
    meeting_move(
        actor=setup.referent, meeting=april, starts_at=dt.datetime(2026, 4, 8, 14, tzinfo=PARIS)
    )
    first, second = tmp_path / "a.ics", tmp_path / "b.ics"
    call_command("meetings", "ics", "--hub", setup.hub.slug, "--out", str(first))
    call_command("meetings", "ics", "--hub", setup.hub.slug, "--out", str(second))
    uids = [
        {str(e["uid"]) for e in Calendar.from_ical(f.read_bytes()).walk("VEVENT")}
        for f in (first, second)
    ]
    assert uids[0] == uids[1] == {series.uid}
    assert first.read_bytes() == second.read_bytes()

    parsed = vobject.readOne(first.read_text())
    events = parsed.vevent_list
    assert len(events) == 2 and {e.uid.value for e in events} == {series.uid}
    moved = next(e for e in events if hasattr(e, "recurrence_id"))
    assert moved.dtstart.value.astimezone(dt.UTC) == dt.datetime(2026, 4, 8, 12, tzinfo=dt.UTC)
    master = next(e for e in events if not hasattr(e, "recurrence_id"))
    summer = [d for d in master.getrruleset() if d.month == 6 and d.year == 2026]
    assert [d.astimezone(dt.UTC).hour for d in summer] == [12]  # 14:00 in Paris, in summer
    occurrences = recurring_ical_events.of(Calendar.from_ical(first.read_bytes())).between(
        dt.date(2026, 4, 1), dt.date(2026, 4, 30)
    )
    assert [o.decoded("dtstart").day for o in occurrences] == [8]
