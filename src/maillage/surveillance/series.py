"""Weekly series per signal and scope (the whole network, or a territory and what it contains).

Counts are summed over the organisations of a scope; a week where none of them counted the
signal is missing (None), not zero.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Min, Q

from maillage.network.models import Organisation, Territory
from maillage.surveillance.models import SignalDefinition, WeeklyCount, WeeklyReport
from maillage.surveillance.weeks import weeks_between

NETWORK = "network"
MAX_HISTORY_WEEKS = 52 * 6  # Farrington with b=5 needs five years and a few weeks


def scope_key(territory: Territory | None) -> str:
    return NETWORK if territory is None else f"t{territory.pk}"


def territory_chain(territory: Territory | None) -> list[Territory]:
    """The territory and its parents, up to (not including) the metropole level."""
    chain = []
    while territory is not None and territory.kind != Territory.Kind.METROPOLE:
        chain.append(territory)
        territory = territory.parent
    return chain


def organisations_in_scope(territory: Territory | None) -> Q:
    """Organisations located in the territory or in a territory it contains."""
    if territory is None:
        return Q()
    return (
        Q(territory=territory)
        | Q(territory__parent=territory)
        | Q(territory__parent__parent=territory)
    )


@dataclass
class SeriesSet:
    weeks: list[dt.date]
    places: dict[str, Territory | None] = field(default_factory=dict)
    values: dict[int, dict[str, list[int | None]]] = field(default_factory=dict)

    @property
    def first_week(self) -> dt.date:
        return self.weeks[0]

    def position(self, week: dt.date) -> int:
        return (week - self.weeks[0]).days // 7

    def add(self, signal_id: int, scope: str, week: dt.date, count: int) -> None:
        series = self.values.setdefault(signal_id, {}).setdefault(scope, [None] * len(self.weeks))
        i = self.position(week)
        series[i] = (series[i] or 0) + count


def first_reported_week(last: dt.date) -> dt.date | None:
    first = WeeklyReport.objects.filter(week_start__lte=last).aggregate(first=Min("week_start"))
    if first["first"] is None:
        return None
    return max(first["first"], last - dt.timedelta(weeks=MAX_HISTORY_WEEKS - 1))


def _scopes_by_organisation(ids: Iterable[int]) -> dict[int, list[Territory]]:
    organisations = Organisation.objects.filter(id__in=set(ids)).select_related(
        "territory__parent__parent"
    )
    return {o.pk: territory_chain(o.territory) for o in organisations}


def build_series(
    signals: list[SignalDefinition],
    last: dt.date,
    *,
    first: dt.date | None = None,
    territory: Territory | None = None,
    every_territory: bool = True,
) -> SeriesSet | None:
    """Series of the signals for one scope, plus every territory with a reporter if asked.

    Three queries at most, whatever the number of signals, weeks and partners.
    """
    first = first or first_reported_week(last)
    if first is None or first > last:
        return None
    data = SeriesSet(weeks=weeks_between(first, last))
    rows = list(
        WeeklyCount.objects.filter(
            _report_scope(territory), report__week_start__range=(first, last), signal__in=signals
        ).values_list("signal_id", "report__organisation_id", "report__week_start", "count")
    )
    every = every_territory and territory is None
    scopes = _scopes_by_organisation(r[1] for r in rows) if every else {}
    key = scope_key(territory)
    data.places[key] = territory
    for signal in signals:
        data.values[signal.pk] = {key: [None] * len(data.weeks)}
    for signal_id, organisation_id, week, count in rows:
        data.add(signal_id, key, week, count)
        for place in scopes.get(organisation_id, []):
            data.places.setdefault(scope_key(place), place)
            data.add(signal_id, scope_key(place), week, count)
    return data


def _report_scope(territory: Territory | None) -> Q:
    if territory is None:
        return Q()
    return (
        Q(report__organisation__territory=territory)
        | Q(report__organisation__territory__parent=territory)
        | Q(report__organisation__territory__parent__parent=territory)
    )
