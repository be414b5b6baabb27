"""Meetings as iCalendar (RFC 5545) and iMIP (RFC 6047) objects.

Rules (docs/meetings.md): one UID per series for its whole life; the series is a master VEVENT
with its RRULE and DTSTART in Europe/Paris (VTIMEZONE included), so the local hour holds across
daylight-saving changes; a moved occurrence or one with its own place is its own VEVENT with the
same UID and RECURRENCE-ID = the start the rule gave it; a cancelled occurrence is an EXDATE in a
feed and a METHOD:CANCEL naming only its RECURRENCE-ID in an e-mail. SEQUENCE counts changes of
time, place or recurrence.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import recurring_ical_events
from dateutil.rrule import rrulestr
from django.utils import timezone
from icalendar import Calendar, Event, Timezone, vCalAddress, vRecur, vText

from maillage.meetings.models import PARIS, Meeting, MeetingSeries, MeetingStatus, Participant

PRODID = "-//Maillage//Meetings//FR"
# Europe/Paris as calendar software writes it (EU rule since 1996), with yearly RRULEs. The
# RDATE-list form generated from zoneinfo is misread by vobject-based servers (Radicale applies
# winter time all year); tests check this rule against zoneinfo from 1996 to 2060.
PARIS_VTIMEZONE = """BEGIN:VTIMEZONE
TZID:Europe/Paris
X-LIC-LOCATION:Europe/Paris
BEGIN:DAYLIGHT
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
TZNAME:CEST
DTSTART:19700329T020000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
END:DAYLIGHT
BEGIN:STANDARD
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
TZNAME:CET
DTSTART:19701025T030000
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
END:STANDARD
END:VTIMEZONE
"""


def paris_timezone() -> Timezone:
    component = Timezone.from_ical(PARIS_VTIMEZONE.replace("\n", "\r\n"))
    assert isinstance(component, Timezone)
    return component


def rule_starts(
    series: MeetingSeries, after: dt.datetime, before: dt.datetime
) -> list[dt.datetime]:
    """Starts the rule gives between two instants, as aware Paris times (hour kept local)."""
    rule = rrulestr(series.rrule, dtstart=dt.datetime.combine(series.start_date, series.start_time))
    local_after = after.astimezone(PARIS).replace(tzinfo=None)
    local_before = before.astimezone(PARIS).replace(tzinfo=None)
    return [
        start.replace(tzinfo=PARIS) for start in rule.between(local_after, local_before, inc=True)
    ]


def _new_calendar(method: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    calendar.add_component(paris_timezone())
    return calendar


def published_calendar(name: str) -> Calendar:
    """An empty subscribed calendar (METHOD:PUBLISH) named `name`, for other apps' feeds."""
    calendar = _new_calendar("PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Paris")
    return calendar


def _paris(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(PARIS)


def _organizer(series: MeetingSeries) -> vCalAddress | None:
    if series.organiser is None or not series.organiser.email:
        return None
    organizer = vCalAddress(f"mailto:{series.organiser.email}")
    organizer.params["CN"] = vText(series.organiser.get_full_name() or series.organiser.email)
    return organizer


def _attendee(participant: Participant, rsvp: bool) -> vCalAddress | None:
    email = participant.user.email if participant.user is not None else participant.email
    if not email:
        return None
    attendee = vCalAddress(f"mailto:{email}")
    attendee.params["CN"] = vText(participant.label())
    attendee.params["ROLE"] = vText("REQ-PARTICIPANT")
    attendee.params["PARTSTAT"] = vText(participant.partstat)
    if rsvp:
        attendee.params["RSVP"] = vText("TRUE")
    return attendee


def _place(event: Event, source: MeetingSeries | Meeting) -> None:
    label = source.place_label() if isinstance(source, Meeting) else _series_place(source)
    if label:
        event.add("location", label)
    if source.video_url:
        event.add("url", source.video_url)


def _series_place(series: MeetingSeries) -> str:
    parts = []
    if series.location is not None:
        location = series.location
        parts.append(", ".join(p for p in (location.name, location.address, location.city) if p))
    if series.address:
        parts.append(series.address)
    if series.video_url:
        parts.append(series.video_url)
    return " — ".join(parts)


def _stamp(event: Event, uid: str, sequence: int, stamp: dt.datetime) -> None:
    event.add("uid", uid)
    event.add("dtstamp", stamp.astimezone(dt.UTC))
    event.add("sequence", sequence)


def master_event(series: MeetingSeries, cancelled: Sequence[Meeting], stamp: dt.datetime) -> Event:
    event = Event()
    _stamp(event, series.uid, series.sequence, stamp)
    event.add("summary", series.title)
    event.add("dtstart", series.dtstart)
    event.add("dtend", series.dtstart + series.duration)
    event.add("rrule", vRecur.from_ical(series.rrule))
    for meeting in cancelled:
        event.add("exdate", _paris(meeting.recurrence_id))
    _place(event, series)
    organizer = _organizer(series)
    if organizer is not None:
        event.add("organizer", organizer)
    return event


def occurrence_event(
    meeting: Meeting,
    stamp: dt.datetime,
    attendees: Iterable[Participant] = (),
    rsvp: bool = False,
    description: str = "",
) -> Event:
    """The VEVENT of one occurrence: same UID as its series, RECURRENCE-ID its original start."""
    series = meeting.series
    event = Event()
    _stamp(event, series.uid, max(meeting.sequence, series.sequence), stamp)
    event.add("recurrence-id", _paris(meeting.recurrence_id))
    event.add("summary", series.title)
    event.add("dtstart", _paris(meeting.starts_at))
    event.add("dtend", _paris(meeting.ends_at))
    _place(event, meeting if meeting.has_own_place else series)
    if meeting.status == MeetingStatus.CANCELLED:
        event.add("status", "CANCELLED")
    else:
        event.add("status", "CONFIRMED")
    if description:
        event.add("description", description)
    organizer = _organizer(series)
    if organizer is not None:
        event.add("organizer", organizer)
    for participant in attendees:
        attendee = _attendee(participant, rsvp)
        if attendee is not None:
            event.add("attendee", attendee, encode=False)
    return event


def needs_own_event(meeting: Meeting) -> bool:
    """Only occurrences that differ from the rule are written as their own VEVENT in a feed."""
    return meeting.status != MeetingStatus.CANCELLED and (
        meeting.is_moved or meeting.has_own_place or meeting.sequence > meeting.series.sequence
    )


def series_components(
    series: MeetingSeries, meetings: Sequence[Meeting], stamp: dt.datetime
) -> list[Event]:
    cancelled = [m for m in meetings if m.status == MeetingStatus.CANCELLED]
    events = [master_event(series, cancelled, stamp)]
    events += [occurrence_event(m, stamp) for m in meetings if needs_own_event(m)]
    return events


@dataclass(frozen=True)
class SeriesWithMeetings:
    series: MeetingSeries
    meetings: Sequence[Meeting]


def feed(
    items: Iterable[SeriesWithMeetings], name: str, stamp: dt.datetime | None = None
) -> Calendar:
    """A subscribed calendar (METHOD:PUBLISH): every meeting of the series, past and future.

    DTSTAMP is the time of the series' last change, not of the export, so two exports of the
    same data are byte-identical apart from nothing.
    """
    calendar = _new_calendar("PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Paris")
    for item in items:
        when = stamp or _last_change(item)
        for event in series_components(item.series, item.meetings, when):
            calendar.add_component(event)
    return calendar


def _last_change(item: SeriesWithMeetings) -> dt.datetime:
    return max([item.series.created_at, *(m.created_at for m in item.meetings)])


def invitation(
    meeting: Meeting, participants: Sequence[Participant], description: str = ""
) -> Calendar:
    """iMIP REQUEST: the series (so clients keep one UID) and this occurrence with its invitees."""
    stamp = timezone.now()
    calendar = _new_calendar("REQUEST")
    siblings = [m for m in meeting.series.meetings.all() if m.status == MeetingStatus.CANCELLED]
    master = master_event(meeting.series, siblings, stamp)
    for participant in participants:
        attendee = _attendee(participant, rsvp=True)
        if attendee is not None:
            master.add("attendee", attendee, encode=False)
    calendar.add_component(master)
    calendar.add_component(
        occurrence_event(meeting, stamp, participants, rsvp=True, description=description)
    )
    return calendar


def cancellation(meeting: Meeting, participants: Sequence[Participant]) -> Calendar:
    """iMIP CANCEL of this one occurrence: its RECURRENCE-ID only, never the whole series."""
    calendar = _new_calendar("CANCEL")
    calendar.add_component(occurrence_event(meeting, timezone.now(), participants))
    return calendar


@dataclass(frozen=True)
class Occurrence:
    uid: str
    recurrence_id: dt.datetime
    start: dt.datetime


def expand(calendar: Calendar | bytes, after: dt.datetime, before: dt.datetime) -> list[Occurrence]:
    """Occurrences between two instants, as a calendar client would show them."""
    if isinstance(calendar, bytes):
        calendar = Calendar.from_ical(calendar)
    found = []
    for event in recurring_ical_events.of(calendar).between(after, before):
        start = event.decoded("dtstart")
        original = event.get("recurrence-id")
        found.append(
            Occurrence(
                uid=str(event["uid"]),
                recurrence_id=original.dt if original is not None else start,
                start=start,
            )
        )
    return sorted(found, key=lambda o: o.start)
