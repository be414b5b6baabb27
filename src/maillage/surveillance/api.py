"""Weekly reports and aggregated alerts over HTTP (session authentication)."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.security import django_auth

from maillage.core.services import PermissionDenied
from maillage.network import selectors as network_selectors
from maillage.surveillance import access, selectors, services
from maillage.surveillance.models import AlertStatus, WeeklyReportRevision
from maillage.surveillance.weeks import parse_week, week_label

PREFIX = "surveillance"
router = Router(tags=["surveillance"], auth=django_auth)
MAX_ALERTS = 200


class SignalOut(Schema):
    code: str
    name: str
    kind: str
    unit: str
    method: str


class ReportIn(Schema):
    organisation: str  # the organisation's slug
    week: str  # ISO week, e.g. 2026-W07
    counts: dict[str, int | None]
    comment: str = ""


class ReportOut(Schema):
    organisation: str
    week: str
    revision: int
    counts: dict[str, int]


class AlertOut(Schema):
    id: int
    signal: str
    place: str
    week: str
    observed: int
    expected: float | None
    upperbound: float | None
    status: str


@router.get("/signals", response=list[SignalOut])
def list_signals(request: HttpRequest) -> list:
    return selectors.signals_active()


def _week(text: str) -> dt.date:
    try:
        return parse_week(text)
    except ValueError:
        raise HttpError(422, "week must be an ISO week such as 2026-W07") from None


@router.post("/reports", response={200: ReportOut})
def submit_report(request: HttpRequest, payload: ReportIn) -> ReportOut:
    organisation = network_selectors.organisation_by_slug_or_none(slug=payload.organisation)
    if organisation is None:
        raise HttpError(404, "unknown organisation")
    week = _week(payload.week)
    try:
        report = services.report_submit(
            actor=request.user,  # type: ignore[arg-type]
            organisation=organisation,
            week_start=week,
            counts=payload.counts,
            source=WeeklyReportRevision.Source.API,
            comment=payload.comment,
            request=request,
        )
    except PermissionDenied:
        raise HttpError(403, "you may not report for this organisation") from None
    except services.ReportError as error:
        raise HttpError(422, str(error)) from None
    counts = selectors.report_current_counts(organisation=organisation, week=week)
    return ReportOut(
        organisation=organisation.slug,
        week=week_label(week),
        revision=report.revision_count,
        counts=counts,
    )


@router.get("/alerts", response=list[AlertOut])
def list_alerts(request: HttpRequest, status: str | None = None) -> list[AlertOut]:
    if not access.can_view_dashboard(request.user):
        raise HttpError(403, "no role in the network")
    statuses = (status,) if status in AlertStatus.values else None
    return [
        AlertOut(
            id=a.pk,
            signal=a.signal.code,
            place=a.place,
            week=a.week,
            observed=a.observed,
            expected=a.expected,
            upperbound=a.upperbound,
            status=a.status,
        )
        for a in selectors.alerts_list(statuses=statuses)[:MAX_ALERTS]
    ]
