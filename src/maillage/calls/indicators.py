"""The grants and what grantees report, as computed sources of the CLS indicators.

Programmes sits below this app and cannot read it; this app adds its sources to programmes'
catalogue at start-up (`CallsConfig.ready`). Each counts over the grants of the calls that
serve the indicator's action, decided in the year."""

from __future__ import annotations

from django.db.models import QuerySet, Sum

from maillage.calls.models import Grant
from maillage.programmes.models import Indicator, IndicatorSource
from maillage.programmes.sources import CATALOGUE


def _grants(indicator: Indicator, year: int) -> QuerySet[Grant]:
    return Grant.objects.filter(
        application__call__actions=indicator.action_id, decided_on__year=year
    )


def grants_awarded(indicator: Indicator, year: int) -> int | None:
    total = _grants(indicator, year).aggregate(total=Sum("amount"))["total"]
    return int(total) if total is not None else 0


def grantee_people_reached(indicator: Indicator, year: int) -> int | None:
    reported = _grants(indicator, year).filter(report_submitted_at__isnull=False)
    return reported.aggregate(n=Sum("report_people_reached"))["n"] or 0


def grantee_actions_held(indicator: Indicator, year: int) -> int | None:
    reported = _grants(indicator, year).filter(report_submitted_at__isnull=False)
    return reported.aggregate(n=Sum("report_actions_held"))["n"] or 0


def register_sources() -> None:
    CATALOGUE[IndicatorSource.GRANTS_AWARDED] = grants_awarded
    CATALOGUE[IndicatorSource.GRANTEE_PEOPLE_REACHED] = grantee_people_reached
    CATALOGUE[IndicatorSource.GRANTEE_ACTIONS_HELD] = grantee_actions_held
