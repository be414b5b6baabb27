from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from maillage.core.charts import LineChart, SeriesPoint, line_chart
from maillage.core.services import PermissionDenied
from maillage.core.types import AuthenticatedHttpRequest
from maillage.core.web import forbidden, page_of
from maillage.network.models import Territory
from maillage.surveillance import access, selectors, services
from maillage.surveillance.forms import (
    CommentForm,
    CsvUploadForm,
    ReportForm,
    RunForm,
    SignalForm,
    TransitionForm,
)
from maillage.surveillance.models import (
    OPEN_STATUSES,
    AlertStatus,
    SignalDefinition,
    SurveillanceAlert,
    WeeklyReport,
)
from maillage.surveillance.weeks import last_closed_week, parse_week, week_label

CHART_WEEKS = (26, 52, 104, 156)


def allowed(check: Callable[[Any], bool]) -> Callable:
    """login_required, then a role check from `access`."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        @login_required
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not check(request.user):
                return forbidden(request)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def _week_param(request: HttpRequest, default: dt.date) -> dt.date:
    try:
        return parse_week(request.GET.get("semaine", ""))
    except ValueError:
        return default


def _default_week() -> dt.date:
    return selectors.latest_judged_week() or last_closed_week()


@allowed(access.can_view_dashboard)
def dashboard(request: AuthenticatedHttpRequest) -> HttpResponse:
    week = _week_param(request, _default_week())
    context = {
        "overview": selectors.dashboard_overview(week=week),
        "can_manage": access.can_manage_alerts(request.user),
        "can_report": bool(access.reporting_organisations(request.user)),
        "unread": selectors.unread_count(actor=request.user),
        "previous_week": week - dt.timedelta(weeks=1),
        "next_week": week + dt.timedelta(weeks=1),
    }
    return render(request, "surveillance/dashboard.html", context)


def _place(request: HttpRequest) -> Territory | None:
    slug = request.GET.get("lieu")
    return selectors.territory_by_slug(slug=slug) if slug else None


def _weeks(request: HttpRequest) -> int:
    value = request.GET.get("semaines", "")
    return int(value) if value.isdigit() and int(value) in CHART_WEEKS else 52


def weekly_chart(points: Sequence[selectors.ChartPoint]) -> LineChart:
    """A signal's weeks as the shared series chart: observed, expected, threshold, alarms."""
    return line_chart(
        [
            SeriesPoint(week_label(p.week), p.observed, p.expected, p.upperbound, bool(p.alarm))
            for p in points
        ]
    )


@allowed(access.can_view_dashboard)
def signal_detail(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    try:
        signal = selectors.signal_by_code(code=code)
    except SignalDefinition.DoesNotExist as error:
        raise Http404 from error
    territory, weeks = _place(request), _weeks(request)
    last = _week_param(request, _default_week())
    points = selectors.signal_series(signal=signal, territory=territory, last=last, weeks=weeks)
    context = {
        "signal": signal,
        "territory": territory,
        "weeks": weeks,
        "week_choices": CHART_WEEKS,
        "last": last,
        "points": points,
        "chart": weekly_chart(points) if points else None,
        "alarm_count": sum(1 for p in points if p.alarm),
        "places": selectors.signal_places(signal=signal),
        "alerts": selectors.alerts_list(signal=signal)[:20],
    }
    return render(request, "surveillance/signal_detail.html", context)


@allowed(access.can_view_dashboard)
def alert_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    status = request.GET.get("statut", "")
    statuses = (status,) if status in AlertStatus.values else None
    page = page_of(request, selectors.alerts_list(statuses=statuses))
    context = {"page": page, "status": status, "statuses": AlertStatus.choices}
    return render(request, "surveillance/alert_list.html", context)


@allowed(access.can_view_dashboard)
def alert_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    try:
        alert = selectors.alert_detail(alert_id=pk)
    except SurveillanceAlert.DoesNotExist as error:
        raise Http404 from error
    can_manage = access.can_manage_alerts(request.user)
    context = {
        "alert": alert,
        "can_manage": can_manage,
        "transition_form": TransitionForm(status=alert.status) if can_manage else None,
        "comment_form": CommentForm() if can_manage else None,
        "is_open": alert.status in OPEN_STATUSES,
    }
    return render(request, "surveillance/alert_detail.html", context)


@require_POST
@allowed(access.can_manage_alerts)
def alert_transition(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    alert = selectors.alert_by_id(alert_id=pk)
    form = TransitionForm(request.POST, status=alert.status)
    if not form.is_valid():
        messages.error(request, _("This change of status is not possible."))
        return redirect("surveillance:alert", pk=pk)
    try:
        services.alert_transition(
            actor=request.user,
            alert=alert,
            to_status=form.cleaned_data["to_status"],
            comment=form.cleaned_data["comment"],
            request=request,
        )
    except services.IllegalTransition:
        messages.error(request, _("This change of status is not possible."))
    else:
        messages.success(request, _("The alert status was changed."))
    return redirect("surveillance:alert", pk=pk)


@require_POST
@allowed(access.can_manage_alerts)
def alert_comment(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    alert = selectors.alert_by_id(alert_id=pk)
    form = CommentForm(request.POST)
    if form.is_valid():
        services.alert_comment(
            actor=request.user, alert=alert, comment=form.cleaned_data["comment"], request=request
        )
        messages.success(request, _("Your comment was added."))
    return redirect("surveillance:alert", pk=pk)


def _report_initial(request: HttpRequest, organisations: list) -> dict[str, Any]:
    week = _week_param(request, last_closed_week())
    chosen = request.GET.get("organisation", "")
    organisation = next((o for o in organisations if str(o.pk) == chosen), None)
    organisation = organisation or (organisations[0] if len(organisations) == 1 else None)
    initial: dict[str, Any] = {"week": week, "organisation": organisation}
    if organisation is not None:
        current = selectors.report_current_counts(organisation=organisation, week=week)
        initial.update({f"count_{code}": value for code, value in current.items()})
    return initial


@login_required
def report_entry(request: AuthenticatedHttpRequest) -> HttpResponse:
    organisations = access.reporting_organisations(request.user)
    if not organisations:
        return forbidden(request)
    signals = selectors.signals_active()
    form = ReportForm(
        request.POST or None,
        organisations=organisations,
        signals=signals,
        initial=_report_initial(request, organisations),
    )
    if request.method == "POST" and form.is_valid():
        try:
            report = services.report_submit(
                actor=request.user,
                organisation=form.cleaned_data["organisation"],
                week_start=form.cleaned_data["week"],
                counts=form.counts(),
                comment=form.cleaned_data["comment"],
                request=request,
            )
        except services.ReportError as error:
            form.add_error("week", str(error))
        except PermissionDenied:
            return forbidden(request)
        else:
            messages.success(request, _("The weekly report was saved."))
            return redirect("surveillance:report", pk=report.pk)
    return render(request, "surveillance/report_form.html", {"form": form})


@login_required
def report_import(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not access.reporting_organisations(request.user):
        return forbidden(request)
    form = CsvUploadForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = services.reports_import_csv(
            actor=request.user, text=form.cleaned_data["file"], request=request
        )
        if result.ok:
            messages.success(
                request, _("%(count)d weekly reports were imported.") % {"count": result.imported}
            )
            return redirect("surveillance:reports")
    context = {"form": form, "result": result, "signals": selectors.signals_active()}
    return render(request, "surveillance/report_import.html", context)


@login_required
def report_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    reports = selectors.reports_visible_to(actor=request.user)
    page = page_of(request, reports)
    can_report = bool(access.reporting_organisations(request.user))
    return render(
        request, "surveillance/report_list.html", {"page": page, "can_report": can_report}
    )


@login_required
def report_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    try:
        report = selectors.report_with_history(actor=request.user, report_id=pk)
    except WeeklyReport.DoesNotExist as error:
        raise Http404 from error
    signals = selectors.signals_by_code()
    return render(
        request, "surveillance/report_detail.html", {"report": report, "signals": signals}
    )


@allowed(access.can_see_completeness)
def completeness(request: AuthenticatedHttpRequest) -> HttpResponse:
    week = _week_param(request, last_closed_week())
    rows = selectors.completeness(week=week)
    context = {
        "week": week,
        "rows": rows,
        "missing": sum(1 for r in rows if r.report is None),
        "deadline": selectors.week_deadline(week),
        "previous_week": week - dt.timedelta(weeks=1),
        "next_week": week + dt.timedelta(weeks=1),
    }
    return render(request, "surveillance/completeness.html", context)


@allowed(access.can_run_detection)
def runs(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = RunForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            run = services.detection_run_request(
                actor=request.user, week_start=form.cleaned_data["week"], request=request
            )
        except ValueError as error:
            form.add_error("week", str(error))
        else:
            run = selectors.run_as_stored(run=run)
            messages.success(
                request,
                _("Detection run for week %(week)s: %(status)s.")
                % {
                    "week": run.week,
                    "status": run.get_status_display(),
                },
            )
            return redirect("surveillance:dashboard")
    return render(
        request, "surveillance/runs.html", {"form": form, "runs": selectors.runs_recent()}
    )


@login_required
def notifications(request: AuthenticatedHttpRequest) -> HttpResponse:
    page = page_of(request, selectors.notifications_for(actor=request.user))
    return render(request, "surveillance/notifications.html", {"page": page})


@require_POST
@login_required
def notification_read(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    notification = selectors.notification_of(actor=request.user, notification_id=pk)
    services.notification_mark_read(actor=request.user, notification=notification)
    return redirect("surveillance:alert", pk=notification.alert_id)


@allowed(access.can_view_dashboard)
def signal_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    signals = selectors.signals_ordered()
    context = {"signals": signals, "can_manage": access.can_manage_alerts(request.user)}
    return render(request, "surveillance/signal_list.html", context)


@allowed(access.can_manage_alerts)
def signal_edit(request: AuthenticatedHttpRequest, code: str | None = None) -> HttpResponse:
    signal = selectors.signal_to_edit(code=code)
    form = SignalForm(request.POST or None, instance=signal)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if signal is None:
            signal = services.signal_create(actor=request.user, data=data, request=request)
        else:
            signal = services.signal_update(
                actor=request.user, signal=signal, data=data, request=request
            )
        messages.success(request, _("The signal was saved."))
        return redirect("surveillance:signals")
    return render(request, "surveillance/signal_form.html", {"form": form, "signal": signal})
