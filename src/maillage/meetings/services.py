"""Writes of the meetings app: each checks permission first, runs in one transaction, is audited.

Meetings never touch a person's file: no event here names a subject. Minutes, needs and
decisions are checked for a person's identifiers before they are saved (`identifiers.py`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone

from maillage.core.audit import AuditAction
from maillage.core.models import StaffMembership, User
from maillage.core.services import PermissionDenied, audit_record
from maillage.meetings import calendar as ical
from maillage.meetings.access import PARTNER_ROLES, can_create_series, can_manage_series
from maillage.meetings.identifiers import IdentifiersFound, find_identifiers
from maillage.meetings.mail import read_answer_token, send_after_commit
from maillage.meetings.models import (
    OPEN_NEED_STATUSES,
    AgendaItem,
    AgendaKind,
    Attachment,
    Attendance,
    CalendarFeed,
    Decision,
    DecisionStatus,
    Meeting,
    MeetingSeries,
    MeetingStatus,
    Minutes,
    MinutesStatus,
    Need,
    NeedDiscussion,
    NeedStatus,
    Participant,
    ParticipantKind,
    PartStat,
)

# Allowed transitions, checked by the services (a state stays where it is on a plain edit).
MEETING_TRANSITIONS: dict[str, set[str]] = {
    MeetingStatus.PLANNED: {MeetingStatus.HELD, MeetingStatus.CANCELLED},
    MeetingStatus.HELD: set(),
    MeetingStatus.CANCELLED: set(),
}
MINUTES_TRANSITIONS: dict[str, set[str]] = {
    MinutesStatus.DRAFT: {MinutesStatus.CIRCULATED},
    MinutesStatus.CIRCULATED: {MinutesStatus.DRAFT, MinutesStatus.APPROVED},
    MinutesStatus.APPROVED: set(),
}
NEED_TRANSITIONS: dict[str, set[str]] = {
    NeedStatus.RAISED: {
        NeedStatus.PRIORITISED,
        NeedStatus.BEING_ADDRESSED,
        NeedStatus.NOT_RETAINED,
        NeedStatus.MERGED,
    },
    NeedStatus.PRIORITISED: {
        NeedStatus.RAISED,
        NeedStatus.BEING_ADDRESSED,
        NeedStatus.NOT_RETAINED,
        NeedStatus.MERGED,
    },
    NeedStatus.BEING_ADDRESSED: {NeedStatus.ADDRESSED, NeedStatus.NOT_RETAINED, NeedStatus.MERGED},
    NeedStatus.ADDRESSED: set(),
    NeedStatus.NOT_RETAINED: {NeedStatus.RAISED},
    NeedStatus.MERGED: set(),
}
DECISION_TRANSITIONS: dict[str, set[str]] = {
    DecisionStatus.OPEN: {DecisionStatus.DONE, DecisionStatus.DROPPED},
    DecisionStatus.DONE: set(),
    DecisionStatus.DROPPED: set(),
}
PLANNING_HORIZON = dt.timedelta(days=400)
MAX_ATTACHMENT = 10 * 1024 * 1024
ATTACHMENT_TYPES = {
    "application/pdf": b"%PDF",
    "image/png": b"\x89PNG",
    "image/jpeg": b"\xff\xd8\xff",
    "application/vnd.oasis.opendocument.text": b"PK",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": b"PK",
    "text/plain": b"",
}


class TransitionRefused(ValueError):
    """The requested status cannot follow the current one."""


def _transition(table: Mapping[Any, set[Any]], current: str, target: str) -> None:
    if target != current and target not in table[current]:
        raise TransitionRefused(f"{current} → {target} is not allowed")


def _manage(actor: User, series: MeetingSeries) -> None:
    if not can_manage_series(actor, series):
        raise PermissionDenied("You may not manage this meeting series.")


def _check_text(actor: User, confirmed: bool, *texts: str) -> None:
    """Minutes and needs are about the neighbourhood: identifiers need the author's confirmation."""
    if confirmed:
        return
    findings = [f for text in texts for f in find_identifiers(text, actor)]
    if findings:
        raise IdentifiersFound(findings)


# --- series ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class SeriesData:
    kind: str
    title: str
    organiser_organisation: Any
    start_date: dt.date
    start_time: dt.time
    rrule: str
    hub: Any = None
    duration_minutes: int = 120
    location: Any = None
    address: str = ""
    video_url: str = ""
    agenda_template: Sequence[Mapping[str, Any]] = ()
    invited_organisations: Sequence[Any] = ()
    invited_users: Sequence[User] = ()


def _check_rule(rrule: str) -> None:
    from dateutil.rrule import rrulestr

    if not rrule.upper().startswith("FREQ="):
        raise ValueError("An RRULE starts with FREQ=")
    rrulestr(rrule, dtstart=dt.datetime(2000, 1, 1))  # raises ValueError when malformed


@transaction.atomic
def series_create(
    *, actor: User, data: SeriesData, request: HttpRequest | None = None
) -> MeetingSeries:
    if not can_create_series(actor, data.hub):
        raise PermissionDenied("You may not create a series here.")
    _check_rule(data.rrule)
    series = MeetingSeries.objects.create(
        kind=data.kind,
        title=data.title,
        hub=data.hub,
        organiser=actor,
        organiser_organisation=data.organiser_organisation,
        location=data.location,
        address=data.address,
        video_url=data.video_url,
        start_date=data.start_date,
        start_time=data.start_time,
        duration_minutes=data.duration_minutes,
        rrule=data.rrule,
        agenda_template=list(data.agenda_template),
    )
    series.invited_organisations.set(data.invited_organisations)
    series.invited_users.set(data.invited_users)
    audit_record(
        actor=actor,
        action=AuditAction.MEETING_SERIES_CREATE,
        obj=series,
        request=request,
        detail={"hub": series.hub_id, "rrule": series.rrule, "uid": series.uid},
    )
    return series


@transaction.atomic
def series_reschedule(
    *,
    actor: User,
    series: MeetingSeries,
    rrule: str | None = None,
    start_time: dt.time | None = None,
    location: Any = None,
    address: str | None = None,
    request: HttpRequest | None = None,
) -> MeetingSeries:
    """A change of recurrence, hour or place raises the series' SEQUENCE."""
    _manage(actor, series)
    if rrule is not None:
        _check_rule(rrule)
        series.rrule = rrule
    if start_time is not None:
        series.start_time = start_time
    if location is not None:
        series.location = location
    if address is not None:
        series.address = address
    series.sequence += 1
    series.save()
    audit_record(
        actor=actor,
        action=AuditAction.MEETING_SERIES_UPDATE,
        obj=series,
        request=request,
        detail={"rrule": series.rrule, "sequence": series.sequence},
    )
    return series


# --- planning -------------------------------------------------------------------------------


def next_start(series: MeetingSeries, now: dt.datetime) -> dt.datetime | None:
    """The first start of the rule after now that has no meeting row yet."""
    taken = set(series.meetings.values_list("recurrence_id", flat=True))
    for start in ical.rule_starts(series, now, now + PLANNING_HORIZON):
        if start not in taken:
            return start
    return None


def _default_invitees(series: MeetingSeries) -> list[Participant]:
    invitees: dict[int, Participant] = {}
    org_ids = set(series.invited_organisations.values_list("pk", flat=True))
    memberships = (
        StaffMembership.objects.active()
        .filter(Q(user__in=series.invited_users.all()) | Q(organisation__in=org_ids))
        .filter(role__in=PARTNER_ROLES, user__is_active=True)
        .order_by("user_id", "organisation_id")
    )
    invited_user_ids = set(series.invited_users.values_list("pk", flat=True))
    for membership in memberships:
        if membership.user_id in invitees:
            continue
        if membership.organisation_id not in org_ids and membership.user_id not in invited_user_ids:
            continue
        invitees[membership.user_id] = Participant(
            kind=ParticipantKind.STAFF,
            user_id=membership.user_id,
            organisation_id=membership.organisation_id,
            invited=True,
        )
    return list(invitees.values())


def _agenda(series: MeetingSeries, meeting: Meeting) -> list[AgendaItem]:
    items: list[AgendaItem] = []
    previous = (
        series.meetings.filter(status=MeetingStatus.HELD, starts_at__lt=meeting.starts_at)
        .order_by("-starts_at")
        .select_related("minutes")
        .first()
    )
    if previous is not None and hasattr(previous, "minutes"):
        if previous.minutes.status != MinutesStatus.APPROVED:
            items.append(
                AgendaItem(
                    kind=AgendaKind.MINUTES,
                    title="Approbation du compte rendu"
                    f" du {previous.starts_at.astimezone(ical.PARIS):%d/%m/%Y}",
                )
            )
    for entry in series.agenda_template:
        items.append(
            AgendaItem(
                kind=entry.get("kind", AgendaKind.INFORMATION),
                title=entry["title"],
                duration_minutes=entry.get("duration", 15),
                presenter=entry.get("presenter", ""),
            )
        )
    needs = Need.objects.filter(hub=series.hub, status__in=OPEN_NEED_STATUSES)
    for need in needs.order_by("-priority", "title")[:10]:
        items.append(AgendaItem(kind=AgendaKind.NEED, title=need.title, need=need))
    due = Decision.objects.filter(
        meeting__series__hub=series.hub, status=DecisionStatus.OPEN
    ).filter(Q(due_on__lte=meeting.starts_at.date()) | Q(review_on__lte=meeting.starts_at.date()))
    if series.hub_id is None:
        due = due.filter(meeting__series=series)
    for decision in due.order_by("due_on")[:10]:
        items.append(
            AgendaItem(
                kind=AgendaKind.DECISION,
                title=decision.statement[:250],
                decision=decision,
                duration_minutes=10,
            )
        )
    for position, item in enumerate(items):
        item.meeting, item.position = meeting, position
    return items


def _occurrence(series: MeetingSeries, start: dt.datetime) -> Meeting:
    meeting = Meeting.objects.create(
        series=series,
        recurrence_id=start,
        starts_at=start,
        ends_at=start + series.duration,
        sequence=series.sequence,
    )
    Participant.objects.bulk_create([_with_meeting(p, meeting) for p in _default_invitees(series)])
    return meeting


def _with_meeting(participant: Participant, meeting: Meeting) -> Participant:
    participant.meeting = meeting
    return participant


@transaction.atomic
def meeting_plan_next(
    *,
    actor: User,
    series: MeetingSeries,
    now: dt.datetime | None = None,
    request: HttpRequest | None = None,
) -> Meeting:
    """The next occurrence of the rule becomes a row, with its invitees and a prefilled agenda."""
    _manage(actor, series)
    start = next_start(series, now or timezone.now())
    if start is None:
        raise ValueError("The series has no further occurrence.")
    meeting = _occurrence(series, start)
    AgendaItem.objects.bulk_create(_agenda(series, meeting))
    audit_record(
        actor=actor,
        action=AuditAction.MEETING_PLAN,
        obj=meeting,
        request=request,
        detail={"series": series.pk, "recurrence_id": start.isoformat()},
    )
    return meeting


@transaction.atomic
def occurrence_plan(
    *,
    actor: User,
    series: MeetingSeries,
    recurrence_id: dt.datetime,
    request: HttpRequest | None = None,
) -> Meeting:
    """A given occurrence of the rule as a row (to move or cancel one further ahead)."""
    _manage(actor, series)
    window = ical.rule_starts(series, recurrence_id, recurrence_id)
    if not window:
        raise ValueError("The rule gives no meeting at this time.")
    existing = series.meetings.filter(recurrence_id=recurrence_id).first()
    if existing is not None:
        return existing
    meeting = _occurrence(series, recurrence_id)
    AgendaItem.objects.bulk_create(_agenda(series, meeting))
    audit_record(
        actor=actor,
        action=AuditAction.MEETING_PLAN,
        obj=meeting,
        request=request,
        detail={"series": series.pk, "recurrence_id": recurrence_id.isoformat()},
    )
    return meeting


def _invitees(meeting: Meeting) -> list[Participant]:
    return list(meeting.participants.filter(invited=True).select_related("user", "organisation"))


def _description(meeting: Meeting) -> str:
    return "\n".join(f"- {item.title}" for item in meeting.agenda.all())


@transaction.atomic
def invitations_send(
    *, actor: User, meeting: Meeting, base_url: str = "", request: HttpRequest | None = None
) -> int:
    """iMIP REQUEST to every invitee with an address, each with their own answer link."""
    _manage(actor, meeting.series)
    if meeting.status != MeetingStatus.PLANNED:
        raise TransitionRefused("Only a planned meeting is sent out.")
    participants = _invitees(meeting)
    calendar = ical.invitation(meeting, participants, _description(meeting))
    sent = send_after_commit(meeting, participants, calendar, "REQUEST", base_url)
    meeting.invitations_sent_at = timezone.now()
    meeting.save(update_fields=["invitations_sent_at"])
    audit_record(
        actor=actor,
        action=AuditAction.MEETING_INVITE,
        obj=meeting,
        request=request,
        detail={"sent": sent, "sequence": meeting.sequence},
    )
    return sent


@transaction.atomic
def meeting_move(
    *,
    actor: User,
    meeting: Meeting,
    starts_at: dt.datetime,
    ends_at: dt.datetime | None = None,
    location: Any = None,
    address: str = "",
    video_url: str = "",
    base_url: str = "",
    request: HttpRequest | None = None,
) -> Meeting:
    """Another time or place for one occurrence: its RECURRENCE-ID stays, its SEQUENCE rises."""
    _manage(actor, meeting.series)
    if meeting.status != MeetingStatus.PLANNED:
        raise TransitionRefused("Only a planned meeting can be moved.")
    length = meeting.ends_at - meeting.starts_at
    meeting.starts_at, meeting.ends_at = starts_at, ends_at or starts_at + length
    meeting.location, meeting.address, meeting.video_url = location, address, video_url
    meeting.sequence = max(meeting.sequence, meeting.series.sequence) + 1
    meeting.save()
    if meeting.invitations_sent_at:
        participants = _invitees(meeting)
        calendar = ical.invitation(meeting, participants, _description(meeting))
        send_after_commit(meeting, participants, calendar, "REQUEST", base_url)
    audit_record(
        actor=actor,
        action=AuditAction.MEETING_MOVE,
        obj=meeting,
        request=request,
        detail={"starts_at": starts_at.isoformat(), "sequence": meeting.sequence},
    )
    return meeting


@transaction.atomic
def meeting_cancel(*, actor: User, meeting: Meeting, request: HttpRequest | None = None) -> Meeting:
    """Cancels this occurrence only: the CANCEL names its RECURRENCE-ID, never the series."""
    _manage(actor, meeting.series)
    _transition(MEETING_TRANSITIONS, meeting.status, MeetingStatus.CANCELLED)
    meeting.status = MeetingStatus.CANCELLED
    meeting.sequence = max(meeting.sequence, meeting.series.sequence) + 1
    meeting.save(update_fields=["status", "sequence"])
    if meeting.invitations_sent_at:
        participants = _invitees(meeting)
        send_after_commit(meeting, participants, ical.cancellation(meeting, participants), "CANCEL")
    audit_record(
        actor=actor,
        action=AuditAction.MEETING_CANCEL,
        obj=meeting,
        request=request,
        detail={"recurrence_id": meeting.recurrence_id.isoformat(), "sequence": meeting.sequence},
    )
    return meeting


# --- answers and attendance -----------------------------------------------------------------


@transaction.atomic
def answer_record(
    *, token: str, partstat: str, comment: str = "", request: HttpRequest | None = None
) -> Participant:
    """An invitee answers through their signed link, without logging in."""
    participant_id, meeting_id = read_answer_token(token)
    if partstat not in {PartStat.ACCEPTED, PartStat.DECLINED, PartStat.TENTATIVE}:
        raise ValueError("Unknown answer")
    participant = Participant.objects.select_for_update().get(
        pk=participant_id, meeting_id=meeting_id
    )
    if participant.meeting.status != MeetingStatus.PLANNED:
        raise TransitionRefused("This meeting is no longer planned.")
    participant.partstat, participant.answer_comment = partstat, comment[:500]
    participant.answered_at = timezone.now()
    participant.save(update_fields=["partstat", "answer_comment", "answered_at"])
    audit_record(
        actor=None,
        action=AuditAction.MEETING_ANSWER,
        obj=participant,
        request=request,
        detail={"meeting": meeting_id, "partstat": partstat},
    )
    return participant


@dataclass(frozen=True)
class ResidentEntry:
    """Residents present: counted, a first name at most."""

    kind: str
    count: int = 1
    first_name: str = ""


@dataclass(frozen=True)
class AttendanceData:
    staff: Mapping[int, str] = field(default_factory=dict)  # participant id → attendance
    residents: Sequence[ResidentEntry] = ()
    extra_staff: Sequence[tuple[User, Any]] = ()  # came without an invitation: (user, org)


@transaction.atomic
def attendance_record(
    *, actor: User, meeting: Meeting, data: AttendanceData, request: HttpRequest | None = None
) -> Meeting:
    """Everything recorded after the meeting in one screen; the meeting is then held.

    Recording a held meeting again corrects it; a cancelled meeting has no attendance.
    """
    _manage(actor, meeting.series)
    _transition(MEETING_TRANSITIONS, meeting.status, MeetingStatus.HELD)
    participants = {p.pk: p for p in meeting.participants.filter(kind=ParticipantKind.STAFF)}
    for participant_id, attendance in data.staff.items():
        if participant_id not in participants or attendance not in Attendance.values:
            raise ValueError("Unknown participant or attendance")
        participants[participant_id].attendance = attendance
    Participant.objects.bulk_update(list(participants.values()), ["attendance"])
    residents = [_resident(meeting, entry) for entry in data.residents if entry.count > 0]
    extra = [
        Participant(
            meeting=meeting,
            kind=ParticipantKind.STAFF,
            user=user,
            organisation=org,
            attendance=Attendance.PRESENT,
        )
        for user, org in data.extra_staff
    ]
    # Recording again corrects the first record: residents and walk-ins are replaced.
    meeting.participants.filter(invited=False).delete()
    Participant.objects.bulk_create(residents + extra)
    meeting.status = MeetingStatus.HELD
    meeting.save(update_fields=["status"])
    audit_record(
        actor=actor,
        action=AuditAction.MEETING_ATTENDANCE,
        obj=meeting,
        request=request,
        detail={
            "staff_present": sum(a == Attendance.PRESENT for a in data.staff.values()) + len(extra),
            "residents": {e.kind: e.count for e in data.residents},
        },
    )
    return meeting


def _resident(meeting: Meeting, entry: ResidentEntry) -> Participant:
    if entry.kind == ParticipantKind.STAFF or entry.kind not in ParticipantKind.values:
        raise ValueError("Residents are inhabitants, habitants relais, conseillers or elected")
    first_name = entry.first_name.strip().split(" ")[0][:60] if entry.first_name else ""
    return Participant(
        meeting=meeting,
        kind=entry.kind,
        count=1 if first_name else entry.count,
        first_name=first_name,
        attendance=Attendance.PRESENT,
    )


# --- needs and decisions --------------------------------------------------------------------


@dataclass(frozen=True)
class NeedData:
    title: str
    theme: str
    description: str = ""
    publics: Sequence[str] = ()
    quartier: Any = None
    raised_by_organisations: Sequence[Any] = ()
    raised_by_inhabitants: bool = False
    votes: int = 0


@transaction.atomic
def need_raise(
    *,
    actor: User,
    meeting: Meeting,
    data: NeedData,
    confirmed: bool = False,
    request: HttpRequest | None = None,
) -> Need:
    """A need enters the register of the meeting's hub (or the network's)."""
    from maillage.directory.vocabulary import THEMES

    _manage(actor, meeting.series)
    if data.theme not in THEMES:
        raise ValueError("Unknown theme")
    _check_text(actor, confirmed, data.title, data.description)
    hub = meeting.series.hub
    need = Need.objects.create(
        hub=hub,
        title=data.title,
        theme=data.theme,
        description=data.description,
        publics=list(data.publics),
        quartier=data.quartier or (hub.quartier if hub else None),
        raised_by_inhabitants=data.raised_by_inhabitants,
        first_meeting=meeting,
        priority=data.votes,
        created_by=actor,
    )
    need.raised_by_organisations.set(data.raised_by_organisations)
    NeedDiscussion.objects.create(need=need, meeting=meeting, votes=data.votes, status=need.status)
    audit_record(
        actor=actor,
        action=AuditAction.MEETING_NEED_RAISE,
        obj=need,
        request=request,
        detail={"meeting": meeting.pk, "theme": need.theme, "confirmed": confirmed},
    )
    return need


@transaction.atomic
def need_discuss(
    *,
    actor: User,
    meeting: Meeting,
    need: Need,
    votes: int,
    note: str = "",
    status: str | None = None,
    merged_into: Need | None = None,
    confirmed: bool = False,
    request: HttpRequest | None = None,
) -> NeedDiscussion:
    """A later meeting discussed the need: its new priority, what was said, its status."""
    _manage(actor, meeting.series)
    if need.hub_id != meeting.series.hub_id:
        raise PermissionDenied("This need belongs to another register.")
    _check_text(actor, confirmed, note)
    target = status or need.status
    _transition(NEED_TRANSITIONS, need.status, target)
    if target == NeedStatus.MERGED:
        if merged_into is None or merged_into.pk == need.pk:
            raise ValueError("A merged need names the need it joins.")
        need.merged_into = merged_into
    need.status, need.priority = target, votes
    need.save(update_fields=["status", "priority", "merged_into"])
    discussion, _ = NeedDiscussion.objects.update_or_create(
        need=need, meeting=meeting, defaults={"votes": votes, "note": note, "status": target}
    )
    audit_record(
        actor=actor,
        action=AuditAction.MEETING_NEED_DISCUSS,
        obj=need,
        request=request,
        detail={"meeting": meeting.pk, "votes": votes, "status": target},
    )
    return discussion


@dataclass(frozen=True)
class DecisionData:
    statement: str
    owner_organisation: Any = None
    owner_user: User | None = None
    due_on: dt.date | None = None
    review_on: dt.date | None = None
    needs: Sequence[Need] = ()
    programme_link: str = ""


@transaction.atomic
def decision_take(
    *,
    actor: User,
    meeting: Meeting,
    data: DecisionData,
    confirmed: bool = False,
    request: HttpRequest | None = None,
) -> Decision:
    _manage(actor, meeting.series)
    if data.owner_organisation is None and data.owner_user is None:
        raise ValueError("A decision has an owner.")
    if any(n.hub_id != meeting.series.hub_id for n in data.needs):
        raise PermissionDenied("A decision answers needs of its own register.")
    _check_text(actor, confirmed, data.statement)
    decision = Decision.objects.create(
        meeting=meeting,
        statement=data.statement,
        owner_organisation=data.owner_organisation,
        owner_user=data.owner_user,
        due_on=data.due_on,
        review_on=data.review_on,
        programme_link=data.programme_link,
    )
    decision.needs.set(data.needs)
    for need in data.needs:
        if NeedStatus.BEING_ADDRESSED in NEED_TRANSITIONS[need.status]:
            Need.objects.filter(pk=need.pk).update(status=NeedStatus.BEING_ADDRESSED)
    audit_record(
        actor=actor,
        action=AuditAction.MEETING_DECISION_TAKE,
        obj=decision,
        request=request,
        detail={"meeting": meeting.pk, "needs": [n.pk for n in data.needs]},
    )
    return decision


@transaction.atomic
def decision_close(
    *,
    actor: User,
    decision: Decision,
    status: str,
    programme_link: str = "",
    request: HttpRequest | None = None,
) -> Decision:
    _manage(actor, decision.meeting.series)
    _transition(DECISION_TRANSITIONS, decision.status, status)
    decision.status = status
    decision.closed_at = timezone.now()
    decision.programme_link = programme_link or decision.programme_link
    decision.save(update_fields=["status", "closed_at", "programme_link"])
    audit_record(
        actor=actor,
        action=AuditAction.MEETING_DECISION_STATUS,
        obj=decision,
        request=request,
        detail={"status": status},
    )
    return decision


# --- minutes --------------------------------------------------------------------------------


@transaction.atomic
def minutes_write(
    *,
    actor: User,
    meeting: Meeting,
    text: str,
    item_notes: Mapping[int, str] | None = None,
    confirmed: bool = False,
    request: HttpRequest | None = None,
) -> Minutes:
    """Minutes written from the agenda; approved minutes are locked."""
    _manage(actor, meeting.series)
    notes = dict(item_notes or {})
    _check_text(actor, confirmed, text, *notes.values())
    minutes, _ = Minutes.objects.select_for_update().get_or_create(meeting=meeting)
    if minutes.status == MinutesStatus.APPROVED:
        raise TransitionRefused("Approved minutes are locked.")
    minutes.text, minutes.written_by = text, actor
    minutes.save()
    items = list(meeting.agenda.filter(pk__in=notes))
    for item in items:
        item.notes = notes[item.pk]
    AgendaItem.objects.bulk_update(items, ["notes"])
    audit_record(
        actor=actor,
        action=AuditAction.MEETING_MINUTES_WRITE,
        obj=minutes,
        request=request,
        detail={"meeting": meeting.pk, "confirmed": confirmed, "length": len(text)},
    )
    return minutes


@transaction.atomic
def minutes_circulate(
    *, actor: User, minutes: Minutes, request: HttpRequest | None = None
) -> Minutes:
    _manage(actor, minutes.meeting.series)
    _transition(MINUTES_TRANSITIONS, minutes.status, MinutesStatus.CIRCULATED)
    minutes.status, minutes.circulated_at = MinutesStatus.CIRCULATED, timezone.now()
    minutes.save(update_fields=["status", "circulated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.MEETING_MINUTES_CIRCULATE,
        obj=minutes,
        request=request,
    )
    return minutes


@transaction.atomic
def minutes_approve(
    *, actor: User, minutes: Minutes, at_meeting: Meeting, request: HttpRequest | None = None
) -> Minutes:
    """Approved at a later meeting of the same series; locked from then on."""
    _manage(actor, minutes.meeting.series)
    if at_meeting.series_id != minutes.meeting.series_id or (
        at_meeting.starts_at <= minutes.meeting.starts_at
    ):
        raise TransitionRefused("Minutes are approved at a later meeting of the same series.")
    _transition(MINUTES_TRANSITIONS, minutes.status, MinutesStatus.APPROVED)
    minutes.status, minutes.approved_at = MinutesStatus.APPROVED, timezone.now()
    minutes.approved_at_meeting = at_meeting
    minutes.save(update_fields=["status", "approved_at", "approved_at_meeting"])
    audit_record(
        actor=actor,
        action=AuditAction.MEETING_MINUTES_APPROVE,
        obj=minutes,
        request=request,
        detail={"at_meeting": at_meeting.pk},
    )
    return minutes


# --- attachments and feeds ------------------------------------------------------------------


@transaction.atomic
def attachment_add(
    *, actor: User, meeting: Meeting, title: str, upload: Any, request: HttpRequest | None = None
) -> Attachment:
    """Type (declared and by its first bytes) and size are checked before the file is kept."""
    _manage(actor, meeting.series)
    content_type = getattr(upload, "content_type", "") or ""
    if content_type not in ATTACHMENT_TYPES:
        raise ValueError("This type of file is not accepted.")
    if upload.size > MAX_ATTACHMENT:
        raise ValueError("The file is larger than 10 MB.")
    head = upload.read(8)
    upload.seek(0)
    if not head.startswith(ATTACHMENT_TYPES[content_type]):
        raise ValueError("The file's content does not match its type.")
    attachment = Attachment.objects.create(
        meeting=meeting,
        title=title,
        file=upload,
        content_type=content_type,
        size=upload.size,
        uploaded_by=actor,
    )
    audit_record(
        actor=actor,
        action=AuditAction.MEETING_ATTACH,
        obj=attachment,
        request=request,
        detail={"meeting": meeting.pk, "type": content_type, "size": upload.size},
    )
    return attachment


@transaction.atomic
def feed_rotate(*, actor: User, request: HttpRequest | None = None) -> CalendarFeed:
    """Draws a new secret key: the old feed URL stops working at once."""
    from maillage.meetings.models import new_feed_key

    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied("Log in to have a calendar feed.")
    feed, created = CalendarFeed.objects.get_or_create(user=actor)
    if not created:
        feed.key = new_feed_key()
        feed.save(update_fields=["key", "created_at"])
    audit_record(actor=actor, action=AuditAction.MEETING_FEED_ROTATE, obj=feed, request=request)
    return feed
