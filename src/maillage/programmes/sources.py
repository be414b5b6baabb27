"""The fixed catalogue of computed indicator sources: counts of what the network records.

Each source takes the indicator (its filters: hub, themes, linked events only) and a year and
returns a count, or None when the source has nothing for that year. Every value is a count of
records or of people, never a person: what reaches a page is suppressed under five.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from django.db.models import Q, QuerySet, Sum

from maillage.activity.models import AudienceCount, Contact, PreventionEvent
from maillage.activity.selectors import latest_run
from maillage.meetings.models import Meeting as PartnerMeeting
from maillage.meetings.models import MeetingStatus, Participant, ParticipantKind, SeriesKind
from maillage.pathways.models import HospitalStay, Referral
from maillage.programmes.models import Indicator, IndicatorSource

Source = Callable[[Indicator, int], int | None]
CLOSED_LOOP = (Referral.Status.DONE, Referral.Status.DECLINED, Referral.Status.NO_SHOW)


def unique_people(indicator: Indicator, year: int) -> int | None:
    """The activity app's unique people (linkage counts, never a sum of contacts), for one hub
    or the whole network, from its last count run."""
    run = latest_run()
    if run is None:
        return None
    if indicator.hub_id is not None:
        figures = run.figures.filter(year=year, scope="hub", key=str(indicator.hub_id))
    else:
        figures = run.figures.filter(year=year, scope="network")
    figure = figures.first()
    return figure.people if figure is not None else None


def _in_themes(themes: list[str]) -> Q:
    """Rows whose JSON `themes` holds one of the indicator's themes (any row when none)."""
    query = Q()
    for theme in themes:
        query |= Q(themes__icontains=f'"{theme}"')
    return query


def contacts(indicator: Indicator, year: int) -> int | None:
    rows = Contact.objects.filter(date__year=year)
    if indicator.hub_id is not None:
        rows = rows.filter(hub_id=indicator.hub_id)
    return rows.filter(_in_themes(indicator.themes)).count()


def indicator_events(indicator: Indicator, year: int) -> QuerySet[PreventionEvent]:
    """The prevention events an event source counts: the action's linked events, or every
    event of the year matching the hub and themes."""
    if indicator.linked_events_only:
        events = indicator.action.events.all()
    else:
        events = PreventionEvent.objects.all()
        if indicator.hub_id is not None:
            events = events.filter(hub_id=indicator.hub_id)
        events = events.filter(_in_themes(indicator.themes))
    return events.filter(date__gte=date(year, 1, 1), date__lte=date(year, 12, 31))


def events(indicator: Indicator, year: int) -> int | None:
    return indicator_events(indicator, year).count()


def audience(indicator: Indicator, year: int) -> int | None:
    counted = AudienceCount.objects.filter(event__in=indicator_events(indicator, year))
    return counted.aggregate(total=Sum("count"))["total"] or 0


def referrals_sent(indicator: Indicator, year: int) -> int | None:
    return Referral.objects.filter(sent_at__year=year).count()


def referrals_closed(indicator: Indicator, year: int) -> int | None:
    """Referrals sent in the year whose loop is closed (done, declined or no-show)."""
    return Referral.objects.filter(sent_at__year=year, status__in=CLOSED_LOOP).count()


def discharges_followed(indicator: Indicator, year: int) -> int | None:
    return HospitalStay.objects.filter(discharged_at__year=year, follow_up_booked=True).count()


def _held_meetings(indicator: Indicator, year: int) -> QuerySet[PartnerMeeting]:
    held = PartnerMeeting.objects.filter(
        status=MeetingStatus.HELD, series__kind=SeriesKind.HUB_PARTNERS, starts_at__year=year
    )
    if indicator.hub_id is not None:
        held = held.filter(series__hub_id=indicator.hub_id)
    return held


def meetings_held(indicator: Indicator, year: int) -> int | None:
    return _held_meetings(indicator, year).count()


def inhabitants_present(indicator: Indicator, year: int) -> int | None:
    present = Participant.objects.filter(
        meeting__in=_held_meetings(indicator, year),
        attendance="present",
        kind__in=(ParticipantKind.INHABITANT, ParticipantKind.HABITANT_RELAIS),
    )
    return present.aggregate(n=Sum("count"))["n"] or 0


CATALOGUE: dict[str, Source] = {
    IndicatorSource.UNIQUE_PEOPLE: unique_people,
    IndicatorSource.CONTACTS: contacts,
    IndicatorSource.EVENTS: events,
    IndicatorSource.AUDIENCE: audience,
    IndicatorSource.REFERRALS_SENT: referrals_sent,
    IndicatorSource.REFERRALS_CLOSED: referrals_closed,
    IndicatorSource.DISCHARGES_FOLLOWED: discharges_followed,
    IndicatorSource.MEETINGS_HELD: meetings_held,
    IndicatorSource.INHABITANTS_PRESENT: inhabitants_present,
}
