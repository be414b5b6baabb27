"""Factories of the surveillance tests: plain functions on the real database."""

from __future__ import annotations

import datetime as dt
import itertools

from maillage.network.models import Organisation, Territory
from maillage.surveillance.models import (
    Method,
    ReportingPartner,
    SignalDefinition,
    WeeklyReport,
    WeeklyReportRevision,
)
from maillage.surveillance.services import report_submit
from maillage.surveillance.weeks import last_closed_week
from tests.factories import make_organisation, make_territory

_sequence = itertools.count(1)


def make_signal(
    code: str = "",
    *,
    method: str = Method.EARS_C1,
    params: dict | None = None,
    notify: str = SignalDefinition.Notify.COORDINATORS_AND_PARTNERS,
    **fields: object,
) -> SignalDefinition:
    n = next(_sequence)
    return SignalDefinition.objects.create(
        code=code or f"signal-{n}",
        name=fields.pop("name", f"Signal {n}"),
        method=method,
        params={"minSigma": 1} if params is None else params,
        notify=notify,
        position=n,
        **fields,
    )


def make_quartier() -> Territory:
    commune = make_territory(kind="commune")
    return make_territory(kind="quartier", parent=commune)


def make_partner(
    organisation: Organisation | None = None, *, territory: Territory | None = None
) -> Organisation:
    organisation = organisation or make_organisation(territory=territory or make_quartier())
    ReportingPartner.objects.create(organisation=organisation, started_on=dt.date(2020, 1, 6))
    return organisation


def weeks_back(count: int, last: dt.date | None = None) -> list[dt.date]:
    last = last or last_closed_week()
    return [last - dt.timedelta(weeks=count - i) for i in range(count)]


def seed_history(
    organisation: Organisation,
    counts: dict[str, list[int]],
    *,
    last: dt.date | None = None,
) -> list[WeeklyReport]:
    """Reports for the weeks before `last` (default: the last closed week), oldest first."""
    length = len(next(iter(counts.values())))
    reports = []
    for i, week in enumerate(weeks_back(length, last)):
        reports.append(
            report_submit(
                actor=None,
                organisation=organisation,
                week_start=week,
                counts={code: values[i] for code, values in counts.items()},
                source=WeeklyReportRevision.Source.DEMO,
            )
        )
    return reports
