"""Reads of the meetings app, each taking the acting user and running a bounded number of queries.

`funder_figures` is the aggregate the reports app reads: meetings held per hub and year, the
distinct partner organisations involved, and the residents present (counts, no names).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import ExtractYear
from django.shortcuts import get_object_or_404
from django.utils import timezone

from maillage.core.models import User
from maillage.core.permissions import is_coordinator
from maillage.directory.vocabulary import THEMES
from maillage.meetings import access
from maillage.meetings.calendar import SeriesWithMeetings
from maillage.meetings.models import (
    PARIS,
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
    SeriesKind,
)
from maillage.network.models import Hub


class NotFound(Exception):
    """The object does not exist or the actor may not see it (the two are not told apart)."""


def series_visible_to(*, actor: User) -> QuerySet[MeetingSeries]:
    series = MeetingSeries.objects.select_related("hub", "organiser_organisation")
    if is_coordinator(actor):
        return series.order_by("kind", "title")
    visible = Meeting.objects.filter(access.meetings_filter(actor)).values("series_id")
    managed = (
        Q(hub__referent=actor)
        | Q(hub__host__in=access.referent_organisation_ids(actor))
        | Q(hub__isnull=True, organiser=actor)
    )
    return series.filter(managed | Q(pk__in=visible)).order_by("kind", "title")


def series_open(*, actor: User, series_id: int) -> MeetingSeries:
    series = (
        MeetingSeries.objects.select_related("hub", "location", "organiser")
        .filter(pk=series_id)
        .first()
    )
    if series is None:
        raise NotFound
    if not access.can_manage_series(actor, series) and not (
        Meeting.objects.filter(access.meetings_filter(actor), series=series).exists()
    ):
        raise NotFound
    return series


def meetings_of(*, actor: User, series: MeetingSeries) -> QuerySet[Meeting]:
    meetings = series.meetings.select_related("minutes").annotate(
        present=Sum("participants__count", filter=Q(participants__attendance="present"))
    )
    if access.can_manage_series(actor, series):
        return meetings.order_by("-starts_at")
    return meetings.filter(
        pk__in=Meeting.objects.filter(access.meetings_filter(actor)).values("pk")
    ).order_by("-starts_at")


@dataclass
class MeetingPage:
    meeting: Meeting
    can_manage: bool
    agenda: list[Any]
    participants: list[Participant]
    residents: list[Participant]
    minutes: Minutes | None
    decisions: list[Decision]
    discussions: list[NeedDiscussion]
    attachments: list[Any]
    open_needs: list[Need]
    later_meetings: list[Meeting]
    answers: Counter[str] = field(default_factory=Counter)


def meeting_page(*, actor: User, meeting_id: int) -> MeetingPage:
    """Everything the meeting page shows, in a fixed number of queries."""
    meeting = (
        Meeting.objects.select_related(
            "series", "series__hub", "series__location", "series__organiser", "location"
        )
        .filter(pk=meeting_id)
        .first()
    )
    if meeting is None or not access.can_read_meeting(actor, meeting):
        raise NotFound
    can_manage = access.can_manage_series(actor, meeting.series)
    participants = list(meeting.participants.select_related("user", "organisation"))
    minutes = Minutes.objects.filter(meeting=meeting).first()
    if minutes is not None and not can_manage and minutes.status != MinutesStatus.APPROVED:
        minutes = None  # partners read approved minutes only
    staff = [p for p in participants if p.kind == ParticipantKind.STAFF]
    page = MeetingPage(
        meeting=meeting,
        can_manage=can_manage,
        agenda=list(meeting.agenda.select_related("need", "decision")),
        participants=staff,
        residents=[p for p in participants if p.kind != ParticipantKind.STAFF],
        minutes=minutes,
        decisions=list(
            meeting.decisions.select_related("owner_organisation", "owner_user").prefetch_related(
                "needs"
            )
        ),
        discussions=list(meeting.discussions.select_related("need")),
        attachments=list(meeting.attachments.all()),
        open_needs=[],
        later_meetings=[],
        answers=Counter(p.partstat for p in staff if p.invited),
    )
    if can_manage:
        page.open_needs = list(
            Need.objects.filter(hub=meeting.series.hub, status__in=_open()).order_by("title")
        )
        page.later_meetings = list(
            meeting.series.meetings.filter(starts_at__gt=meeting.starts_at).order_by("starts_at")[
                :3
            ]
        )
    return page


def _open() -> list[str]:
    from maillage.meetings.models import OPEN_NEED_STATUSES

    return list(OPEN_NEED_STATUSES)


def participant_answering(*, participant_id: int, meeting_id: int) -> Participant:
    """The invitee behind an answer link, with the meeting and its series, or Http404."""
    participants = Participant.objects.select_related("meeting__series", "user")
    return get_object_or_404(participants, pk=participant_id, meeting_id=meeting_id)


# --- calendars ------------------------------------------------------------------------------


def _with_meetings(series: QuerySet[MeetingSeries]) -> list[SeriesWithMeetings]:
    meetings = Meeting.objects.select_related("location").order_by("recurrence_id")
    rows = (
        series.select_related("organiser", "location")
        .prefetch_related(Prefetch("meetings", queryset=meetings))
        .order_by("pk")
    )
    return [SeriesWithMeetings(s, list(s.meetings.all())) for s in rows]


def hub_calendar(*, hub: Hub) -> list[SeriesWithMeetings]:
    """The hub's partner-meeting series with every meeting kept as a row (the command's read)."""
    return _with_meetings(MeetingSeries.objects.filter(hub=hub, kind=SeriesKind.HUB_PARTNERS))


def user_calendar(*, user: User) -> list[SeriesWithMeetings]:
    """Series the user is invited to (by name or through their organisation) or manages."""
    orgs = access.partner_organisation_ids(user)
    invited = Q(invited_users=user) | Q(invited_organisations__in=orgs)
    invited |= Q(meetings__participants__user=user)
    series = MeetingSeries.objects.filter(pk__in=MeetingSeries.objects.filter(invited).values("pk"))
    return _with_meetings(series)


def calendar_feed_of(*, user: User) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(user=user).first()


def calendar_feed_by_key(*, key: str) -> CalendarFeed | None:
    """The feed behind a secret address, with its user."""
    return CalendarFeed.objects.select_related("user").filter(key=key).first()


# --- the shared diagnosis -------------------------------------------------------------------


@dataclass(frozen=True)
class RankedNeed:
    need: Need
    times_discussed: int
    history: list[NeedDiscussion]


@dataclass
class Diagnosis:
    hub: Hub | None
    needs: list[RankedNeed]
    decisions: list[Decision]
    late: set[int]
    halves: list[str]
    themes_by_half: list[tuple[str, list[int]]]  # theme label, counts per half-year
    today: dt.date


def half_year(moment: dt.date) -> str:
    return f"{moment.year}-S{1 if moment.month <= 6 else 2}"


def hub_by_slug(*, slug: str) -> Hub:
    """The hub whose register is asked for, or Http404."""
    return get_object_or_404(Hub, slug=slug)


def hubs_by_name() -> QuerySet[Hub]:
    return Hub.objects.order_by("name")


def diagnosis(*, actor: User, hub: Hub | None, today: dt.date | None = None) -> Diagnosis:
    """A hub's register (or the network's, `hub=None`): ranked needs, history, decisions."""
    if not access.can_read_diagnosis(actor):
        raise NotFound
    today = today or timezone.localdate()
    discussions = NeedDiscussion.objects.select_related("meeting").order_by("meeting__starts_at")
    needs = (
        Need.objects.filter(hub=hub)
        .annotate(times=Count("discussions"))
        .prefetch_related(Prefetch("discussions", queryset=discussions))
        .order_by("-priority", "-times", "title")
    )
    ranked = [RankedNeed(n, n.times, list(n.discussions.all())) for n in needs]
    decisions = list(
        Decision.objects.filter(meeting__series__hub=hub)
        .select_related("owner_organisation", "owner_user", "meeting")
        .prefetch_related("needs")
        .order_by("status", "due_on", "id")
    )
    late = {d.pk for d in decisions if d.is_late(today)}
    halves, table = _themes_by_half(ranked)
    return Diagnosis(hub, ranked, decisions, late, halves, table, today)


def _themes_by_half(ranked: Sequence[RankedNeed]) -> tuple[list[str], list[tuple[str, list[int]]]]:
    """How many needs of each theme were raised or discussed in each half-year."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for item in ranked:
        for half in {half_year(d.meeting.starts_at.astimezone(PARIS).date()) for d in item.history}:
            counts[item.need.theme][half] += 1
    halves = sorted({h for c in counts.values() for h in c})
    rows = [
        (str(THEMES.get(theme, theme)), [counts[theme][h] for h in halves])
        for theme in sorted(counts, key=lambda t: str(THEMES.get(t, t)))
    ]
    return halves, rows


# --- the figures funders ask for ------------------------------------------------------------


@dataclass(frozen=True)
class HubYear:
    hub_id: int | None
    hub: str
    year: int
    meetings_held: int
    partner_organisations: int
    inhabitants: int
    habitants_relais: int
    conseillers: int


def funder_figures(*, actor: User | None = None, year: int | None = None) -> list[HubYear]:
    """Per hub and year, over hub partner meetings held. Read by the reports app.

    Aggregated figures only; `actor`, when given, must be a member of staff (funders included).
    """
    if actor is not None and not access.can_view_figures(actor):
        raise NotFound
    held = Meeting.objects.filter(
        status=MeetingStatus.HELD, series__kind=SeriesKind.HUB_PARTNERS
    ).annotate(year=ExtractYear("starts_at", tzinfo=PARIS))
    if year is not None:
        held = held.filter(year=year)
    meetings = held.values("series__hub_id", "series__hub__name", "year").annotate(
        n=Count("pk", distinct=True)
    )
    people = (
        Participant.objects.filter(meeting__in=held.values("pk"), attendance="present")
        .annotate(year=ExtractYear("meeting__starts_at", tzinfo=PARIS))
        .values("meeting__series__hub_id", "year")
        .annotate(
            orgs=Count("organisation", distinct=True, filter=Q(kind=ParticipantKind.STAFF)),
            inhabitants=Sum("count", filter=Q(kind=ParticipantKind.INHABITANT)),
            relais=Sum("count", filter=Q(kind=ParticipantKind.HABITANT_RELAIS)),
            conseillers=Sum("count", filter=Q(kind=ParticipantKind.CONSEILLER)),
        )
    )
    by_key: dict[tuple[Any, Any], dict[str, Any]] = {
        (p["meeting__series__hub_id"], p["year"]): dict(p) for p in people
    }
    rows = []
    for m in meetings:
        p = by_key.get((m["series__hub_id"], m["year"]), {})
        rows.append(
            HubYear(
                hub_id=m["series__hub_id"],
                hub=m["series__hub__name"] or "",
                year=m["year"],
                meetings_held=m["n"],
                partner_organisations=p.get("orgs") or 0,
                inhabitants=p.get("inhabitants") or 0,
                habitants_relais=p.get("relais") or 0,
                conseillers=p.get("conseillers") or 0,
            )
        )
    return sorted(rows, key=lambda r: (r.hub, r.year))


def partner_organisations_involved(*, year: int | None = None) -> int:
    """Distinct organisations present at any hub partner meeting (the seeds' 150 partners)."""
    present = Participant.objects.filter(
        attendance="present",
        kind=ParticipantKind.STAFF,
        organisation__isnull=False,
        meeting__status=MeetingStatus.HELD,
        meeting__series__kind=SeriesKind.HUB_PARTNERS,
    )
    if year is not None:
        present = present.filter(meeting__starts_at__year=year)
    return present.values("organisation").distinct().count()


def open_decisions_late(*, hub: Hub | None, today: dt.date) -> int:
    return Decision.objects.filter(
        meeting__series__hub=hub, status=DecisionStatus.OPEN, due_on__lt=today
    ).count()


def needs_all() -> QuerySet[Need]:
    """The register as a form's choices start from it (narrowed by the form)."""
    return Need.objects.all()


def meetings_all() -> QuerySet[Meeting]:
    return Meeting.objects.all()


def report_needs(*, year: int) -> list[Any]:
    """Needs first raised at a meeting of the year, per hub: raised, and addressed since."""
    needs = Need.objects.filter(first_meeting__starts_at__year=year, merged_into__isnull=True)
    return list(
        needs.values("hub_id")
        .annotate(
            raised=Count("pk"),
            addressed=Count("pk", filter=Q(status=NeedStatus.ADDRESSED)),
        )
        .order_by("hub_id")
    )
