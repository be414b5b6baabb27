"""Reads of the programmes app, and of the network's own data for computed indicators."""

from __future__ import annotations

from maillage.activity.selectors import latest_run
from maillage.activity.suppression import suppress
from maillage.programmes.models import Indicator, Measurement


def unique_people(*, year: int, hub_id: int | None = None) -> int | None:
    """The activity app's unique people (linkage counts, never a sum of contacts) for one year,
    for one hub or the whole network, from its last count run; None when nothing was counted."""
    run = latest_run()
    if run is None:
        return None
    scope, key = ("hub", str(hub_id)) if hub_id is not None else ("network", "")
    figures = run.figures.filter(year=year, scope=scope)
    if hub_id is not None:
        figures = figures.filter(key=key)
    figure = figures.first()
    return figure.people if figure is not None else None


def computed_value(*, indicator: Indicator, year: int) -> int | None:
    if indicator.source == "unique_people":
        return unique_people(year=year, hub_id=indicator.hub_id)
    return None


def shown_value(*, measurement: Measurement) -> str:
    """A measurement as pages and exports show it: a computed count of one to four people is
    suppressed as the activity figures are; an entered value is shown as entered."""
    if measurement.computed_from:
        return suppress(measurement.value)
    return suppress(None) if measurement.value is None else str(measurement.value)
