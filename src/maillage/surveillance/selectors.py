"""Reads of the surveillance app, each with a bounded number of queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from maillage.core.permissions import is_coordinator, organisation_ids
from maillage.network.models import Organisation, Territory
from maillage.surveillance.models import (
    OPEN_STATUSES,
    AlertEvent,
    AlertStatus,
    DetectionResult,
    DetectionRun,
    Notification,
    ReportingPartner,
    SignalDefinition,
    SurveillanceAlert,
    WeeklyReport,
    WeeklyReportRevision,
)
from maillage.surveillance.series import NETWORK, build_series, scope_key
from maillage.surveillance.weeks import due_by


def signals_active() -> list[SignalDefinition]:
    return list(SignalDefinition.objects.filter(is_active=True))


def signals_ordered() -> QuerySet[SignalDefinition]:
    """Every signal, active or not, in the order the pages list them."""
    return SignalDefinition.objects.order_by("position", "name")


def signals_by_code() -> dict[str, SignalDefinition]:
    return {s.code: s for s in SignalDefinition.objects.all()}


def signal_to_edit(*, code: str | None) -> SignalDefinition | None:
    """The signal of that code, or Http404; None (a new signal) without a code."""
    return get_object_or_404(SignalDefinition, code=code) if code else None


# --- dashboard ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Place:
    scope: str
    name: str
    territory: Territory | None


@dataclass
class SignalRow:
    signal: SignalDefinition
    cells: list[DetectionResult | None]


@dataclass
class Overview:
    week: dt.date
    places: list[Place]
    rows: list[SignalRow]
    open_alerts: list[SurveillanceAlert]
    last_run: DetectionRun | None
    alarms_this_week: int = 0
    extra: dict[str, Any] = field(default_factory=dict)


def _places(results: list[DetectionResult]) -> list[Place]:
    territories = {r.scope: r.territory for r in results if r.territory is not None}
    ordered = sorted(territories.items(), key=lambda item: (item[1].kind, item[1].name))
    return [Place(NETWORK, "", None)] + [Place(s, t.name, t) for s, t in ordered]


def latest_judged_week() -> dt.date | None:
    """The week of the latest finished detection run, if any."""
    runs = DetectionRun.objects.filter(status=DetectionRun.Status.DONE).order_by("-week_start")
    return runs.values_list("week_start", flat=True).first()


def dashboard_overview(*, week: dt.date, alert_limit: int = 20) -> Overview:
    """Every signal across the network and its territories for one week (4 queries)."""
    signals = signals_active()
    results = list(
        DetectionResult.objects.filter(week_start=week, signal__in=signals).select_related(
            "territory"
        )
    )
    places = _places(results)
    by_key = {(r.signal_id, r.scope): r for r in results}
    rows = [SignalRow(s, [by_key.get((s.pk, p.scope)) for p in places]) for s in signals]
    return Overview(
        week=week,
        places=places,
        rows=rows,
        open_alerts=list(alerts_open()[:alert_limit]),
        last_run=DetectionRun.objects.select_related("requested_by").first(),
        alarms_this_week=sum(1 for r in results if r.alarm),
    )


# --- signal page -------------------------------------------------------------------------


@dataclass(frozen=True)
class ChartPoint:
    week: dt.date
    observed: int | None
    expected: float | None
    upperbound: float | None
    alarm: bool | None


def signal_by_code(*, code: str) -> SignalDefinition:
    return SignalDefinition.objects.get(code=code)


def territory_by_slug(*, slug: str) -> Territory:
    """The territory a signal page is narrowed to, or Http404."""
    return get_object_or_404(Territory, slug=slug)


def signal_places(*, signal: SignalDefinition) -> list[Territory]:
    """Territories the detection judged for this signal (for the place selector)."""
    ids = DetectionResult.objects.filter(signal=signal, territory__isnull=False).values(
        "territory_id"
    )
    return list(Territory.objects.filter(id__in=ids).order_by("kind", "name"))


def signal_series(
    *, signal: SignalDefinition, territory: Territory | None, last: dt.date, weeks: int
) -> list[ChartPoint]:
    """Observed counts and the engine's verdicts, oldest first (3 queries)."""
    first = last - dt.timedelta(weeks=weeks - 1)
    data = build_series([signal], last, first=first, territory=territory, every_territory=False)
    if data is None:
        return []
    observed = data.values[signal.pk][scope_key(territory)]
    verdicts = {
        r.week_start: r
        for r in DetectionResult.objects.filter(
            signal=signal, scope=scope_key(territory), week_start__range=(first, last)
        )
    }
    return [_point(week, observed[i], verdicts.get(week)) for i, week in enumerate(data.weeks)]


def _point(week: dt.date, observed: int | None, verdict: DetectionResult | None) -> ChartPoint:
    if verdict is None:
        return ChartPoint(week, observed, None, None, None)
    return ChartPoint(week, observed, verdict.expected, verdict.upperbound, verdict.alarm)


# --- alerts ------------------------------------------------------------------------------


def alerts_open() -> QuerySet[SurveillanceAlert]:
    """Open alerts, latest week first and, within a week, the latest raised first."""
    return alerts_list(statuses=OPEN_STATUSES).order_by(
        "-week_start", "-created_at", "signal__position", "scope"
    )


def alerts_list(
    *, statuses: tuple[str, ...] | None = None, signal: SignalDefinition | None = None
) -> QuerySet[SurveillanceAlert]:
    alerts = SurveillanceAlert.objects.select_related("signal", "territory")
    if statuses:
        alerts = alerts.filter(status__in=statuses)
    if signal is not None:
        alerts = alerts.filter(signal=signal)
    return alerts.order_by("-week_start", "signal__position", "scope")


def alert_detail(*, alert_id: int) -> SurveillanceAlert:
    events = AlertEvent.objects.select_related("actor").order_by("at", "id")
    return (
        SurveillanceAlert.objects.select_related("signal", "territory", "raised_by")
        .prefetch_related(Prefetch("events", queryset=events))
        .get(pk=alert_id)
    )


def alert_by_id(*, alert_id: int) -> SurveillanceAlert:
    """The alert to change, or Http404."""
    return get_object_or_404(SurveillanceAlert, pk=alert_id)


# --- reports -----------------------------------------------------------------------------


def reports_visible_to(*, actor: Any) -> QuerySet[WeeklyReport]:
    """Coordinators see every report; partners' staff see their organisations' reports."""
    reports = WeeklyReport.objects.select_related("organisation").order_by(
        "-week_start", "organisation__name"
    )
    if is_coordinator(actor):
        return reports
    return reports.filter(organisation_id__in=organisation_ids(actor))


def report_with_history(*, actor: Any, report_id: int) -> WeeklyReport:
    revisions = WeeklyReportRevision.objects.select_related("submitted_by").order_by("-number")
    return (
        reports_visible_to(actor=actor)
        .prefetch_related(Prefetch("revisions", queryset=revisions))
        .get(pk=report_id)
    )


def report_current_counts(*, organisation: Organisation, week: dt.date) -> dict[str, int]:
    report = WeeklyReport.objects.filter(organisation=organisation, week_start=week).first()
    if report is None:
        return {}
    return dict(report.counts.values_list("signal__code", "count"))


# --- completeness ------------------------------------------------------------------------


@dataclass(frozen=True)
class CompletenessRow:
    organisation: Organisation
    report: WeeklyReport | None
    late: bool


def completeness(*, week: dt.date) -> list[CompletenessRow]:
    """Every partner expected to report that week, missing ones first (3 queries)."""
    partners = ReportingPartner.objects.expected_on(week).select_related("organisation")
    organisations = [p.organisation for p in partners]
    reports = {
        r.organisation_id: r
        for r in WeeklyReport.objects.filter(
            week_start=week, organisation__in=organisations
        ).prefetch_related(Prefetch("revisions", queryset=_first_revisions()))
    }
    rows = [_completeness_row(o, reports.get(o.pk)) for o in organisations]
    return sorted(rows, key=lambda r: (r.report is not None, r.organisation.name))


def _first_revisions() -> QuerySet[WeeklyReportRevision]:
    return WeeklyReportRevision.objects.filter(number=1)


def _completeness_row(organisation: Organisation, report: WeeklyReport | None) -> CompletenessRow:
    if report is None:
        return CompletenessRow(organisation, None, False)
    first = next(iter(report.revisions.all()), None)
    return CompletenessRow(organisation, report, bool(first and first.is_late))


def week_deadline(week: dt.date) -> dt.date:
    return due_by(week)


# --- runs and notifications --------------------------------------------------------------


def runs_recent(*, limit: int = 20) -> list[DetectionRun]:
    return list(DetectionRun.objects.select_related("requested_by")[:limit])


def run_as_stored(*, run: DetectionRun) -> DetectionRun:
    """`run` reloaded: the background task may already have finished it."""
    run.refresh_from_db()
    return run


def notifications_for(*, actor: Any) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=actor).select_related(
        "alert__signal", "alert__territory"
    )


def unread_count(*, actor: Any) -> int:
    return Notification.objects.filter(recipient=actor, read_at__isnull=True).count()


def notification_of(*, actor: Any, notification_id: int) -> Notification:
    """One of the actor's notifications, or Http404 (also for another user's)."""
    return get_object_or_404(Notification, pk=notification_id, recipient=actor)


# --- the annual reports' reads ---------------------------------------------------------------


def report_weeks(*, year: int) -> dict[str, int]:
    """Weekly declarations of a year: how many, by how many organisations, over how many weeks."""
    reports = WeeklyReport.objects.filter(week_start__year=year)
    return reports.aggregate(
        declarations=Count("pk"),
        organisations=Count("organisation", distinct=True),
        weeks=Count("week_start", distinct=True),
    )


def report_alerts(*, year: int) -> list[Any]:
    """Alerts of a year's weeks, by signal: raised, confirmed, dismissed."""
    alerts = SurveillanceAlert.objects.filter(week_start__year=year)
    return list(
        alerts.values("signal__code", "signal__name", "signal__position")
        .annotate(
            raised=Count("pk"),
            confirmed=Count("pk", filter=Q(status=AlertStatus.CONFIRMED)),
            dismissed=Count("pk", filter=Q(status=AlertStatus.DISMISSED)),
        )
        .order_by("signal__position", "signal__code")
    )
