"""Pages of the programmes app: parse input, call one service or selector, render.

No page here shows a person: computed indicators are counts, suppressed under five.
"""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from maillage.core.charts import StackedChart, stacked_chart
from maillage.core.services import PermissionDenied
from maillage.core.types import AuthenticatedHttpRequest
from maillage.core.web import forbidden
from maillage.programmes import access, campaign_calendar, forms, selectors, services
from maillage.programmes.models import ActionStatus

# AA contrast against white text and the white page
STATUS_COLOURS = {
    ActionStatus.PLANNED: "#595959",
    ActionStatus.IN_PROGRESS: "#0b5394",
    ActionStatus.DONE: "#1b6e2d",
    ActionStatus.PAUSED: "#8a4b00",
    ActionStatus.ABANDONED: "#9c2a2a",
}


def _status_chart(page: selectors.ContractPage) -> StackedChart:
    """Actions by status per axis, one segment per status in the order of ActionStatus."""
    rows = [(str(b.axis), [b.by_status.get(s, 0) for s in ActionStatus]) for b in page.axes]
    series = [str(s.label) for s in ActionStatus]
    return stacked_chart(rows, series, colours=[STATUS_COLOURS[s] for s in ActionStatus])


def _refused(request: HttpRequest, error: Exception) -> HttpResponse:
    return forbidden(request)


@login_required
def contract_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    contracts = selectors.contracts_visible_to(actor=request.user)
    return render(request, "programmes/contract_list.html", {"contracts": contracts})


@login_required
def contract_detail(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    filters = forms.ActionFiltersForm(request.GET).filters()
    try:
        page = selectors.contract_page(actor=request.user, slug=slug, filters=filters)
    except PermissionDenied as error:
        return _refused(request, error)
    context = {
        "page": page,
        "chart": _status_chart(page),
        "filters": filters,
        "statuses": ActionStatus.choices,
        "publics": sorted(forms.PUBLICS.items()),
    }
    return render(request, "programmes/contract_detail.html", context)


@login_required
def contract_export(request: AuthenticatedHttpRequest, slug: str, fmt: str) -> HttpResponse:
    from maillage.programmes import plan_io

    contract, rights = selectors.contract_open(actor=request.user, slug=slug)
    if not rights.read:
        return forbidden(request)
    if fmt == "xlsx":
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        response = HttpResponse(plan_io.plan_xlsx(contract), content_type=content_type)
    else:
        response = HttpResponse(plan_io.plan_pdf(contract), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="plan-{contract.slug}.{fmt}"'
    return response


@login_required
def action_new(request: AuthenticatedHttpRequest, slug: str, axis_number: int) -> HttpResponse:
    contract, rights = selectors.contract_open(actor=request.user, slug=slug)
    if not rights.edit:
        return forbidden(request)
    axis = selectors.axis_of(contract=contract, number=axis_number)
    form = forms.ActionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            action = services.action_create(
                actor=request.user, axis=axis, data=form.payload(), request=request
            )
        except services.InvalidChange as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The action has been created."))
            return redirect("programmes:action", action.pk)
    context = {"form": form, "contract": contract, "axis": axis}
    return render(request, "programmes/action_form.html", context)


def _action_forms(page: selectors.ActionPage) -> dict[str, Any]:
    return {
        "note_form": forms.NoteForm(),
        "milestone_form": forms.MilestoneForm(),
        "budget_form": forms.BudgetLineForm(initial={"year": timezone.localdate().year}),
        "measurement_form": forms.MeasurementForm(initial={"year": timezone.localdate().year - 1}),
    }


@login_required
def action_detail(request: AuthenticatedHttpRequest, action_id: int) -> HttpResponse:
    try:
        page = selectors.action_page(actor=request.user, action_id=action_id)
    except PermissionDenied as error:
        return _refused(request, error)
    context = {"page": page, **(_action_forms(page) if page.access.edit else {})}
    return render(request, "programmes/action_detail.html", context)


def _editable(request: AuthenticatedHttpRequest, action_id: int) -> Any:
    action, rights = selectors.action_open(actor=request.user, action_id=action_id)
    if not rights.edit:
        raise PermissionDenied
    return action


@login_required
def action_edit(request: AuthenticatedHttpRequest, action_id: int) -> HttpResponse:
    try:
        action = _editable(request, action_id)
    except PermissionDenied:
        return forbidden(request)
    initial = forms.ActionForm.initial_from(action)
    form = forms.ActionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.action_update(
                actor=request.user, action=action, data=form.payload(), request=request
            )
        except services.InvalidChange as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The action has been saved."))
            return redirect("programmes:action", action.pk)
    context = {"form": form, "contract": action.axis.contract, "axis": action.axis}
    context["action"] = action
    return render(request, "programmes/action_form.html", context)


@login_required
def action_events(request: AuthenticatedHttpRequest, action_id: int) -> HttpResponse:
    try:
        action = _editable(request, action_id)
    except PermissionDenied:
        return forbidden(request)
    campaign = request.GET.get("campagne", "")
    form = forms.LinkEventsForm(request.POST or None, action=action, campaign=campaign)
    if request.method == "POST" and form.is_valid():
        events = list(form.cleaned_data["events"])
        services.action_link_events(
            actor=request.user, action=action, events=events, request=request
        )
        messages.success(request, _("The events have been linked to the action."))
        return redirect("programmes:action", action.pk)
    context = {
        "form": form,
        "action": action,
        "campaigns": selectors.campaigns_all(),
        "campaign": campaign,
    }
    return render(request, "programmes/action_events.html", context)


def _post_on_action(
    request: AuthenticatedHttpRequest, action_id: int, form_class: Any, write: Any, done: str
) -> HttpResponse:
    """The small forms of the action page: one service call each, back to the page."""
    try:
        action = _editable(request, action_id)
    except PermissionDenied:
        return forbidden(request)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            write(action, form.cleaned_data)
        except services.InvalidChange as error:
            messages.error(request, str(error))
        else:
            messages.success(request, done)
    else:
        for name, errors in form.errors.items():
            label = form.fields[name].label if name in form.fields else ""
            messages.error(request, f"{label} : {' '.join(errors)}")
    return redirect("programmes:action", action.pk)


@require_POST
@login_required
def action_note(request: AuthenticatedHttpRequest, action_id: int) -> HttpResponse:
    def write(action: Any, data: dict[str, Any]) -> None:
        services.note_add(actor=request.user, action=action, text=data["text"], request=request)

    return _post_on_action(request, action_id, forms.NoteForm, write, _("The note is recorded."))


@require_POST
@login_required
def action_milestone(request: AuthenticatedHttpRequest, action_id: int) -> HttpResponse:
    def write(action: Any, data: dict[str, Any]) -> None:
        services.milestone_add(actor=request.user, action=action, request=request, **data)

    done = _("The milestone is recorded.")
    return _post_on_action(request, action_id, forms.MilestoneForm, write, done)


@require_POST
@login_required
def action_budget(request: AuthenticatedHttpRequest, action_id: int) -> HttpResponse:
    def write(action: Any, data: dict[str, Any]) -> None:
        services.budget_line_set(actor=request.user, action=action, request=request, **data)

    done = _("The budget line is recorded.")
    return _post_on_action(request, action_id, forms.BudgetLineForm, write, done)


@login_required
def indicator_new(request: AuthenticatedHttpRequest, action_id: int) -> HttpResponse:
    try:
        action = _editable(request, action_id)
    except PermissionDenied:
        return forbidden(request)
    form = forms.IndicatorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.indicator_create(
                actor=request.user, action=action, data=form.payload(), request=request
            )
        except services.InvalidChange as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The indicator has been added."))
            return redirect("programmes:action", action.pk)
    return render(request, "programmes/indicator_form.html", {"form": form, "action": action})


@require_POST
@login_required
def measurement_enter(request: AuthenticatedHttpRequest, indicator_id: int) -> HttpResponse:
    indicator, rights = selectors.indicator_open(actor=request.user, indicator_id=indicator_id)
    if not rights.edit:
        return forbidden(request)
    form = forms.MeasurementForm(request.POST)
    if form.is_valid():
        try:
            services.enter_measurement(
                actor=request.user, indicator=indicator, request=request, **form.cleaned_data
            )
        except services.InvalidChange as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The measurement is recorded."))
    else:
        messages.error(request, _("The measurement needs a year and a whole number."))
    return redirect("programmes:action", indicator.action_id)


# --- campaigns --------------------------------------------------------------------------------


def _month(value: str) -> dt.date:
    try:
        return dt.datetime.strptime(value, "%Y-%m").date()
    except ValueError:
        return timezone.localdate().replace(day=1)


@login_required
def campaign_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    month = _month(request.GET.get("mois", ""))
    view = "list" if request.GET.get("vue") == "liste" else "month"
    last_day = month.replace(day=calendar.monthrange(month.year, month.month)[1])
    context = {
        "view": view,
        "month": month,
        "previous": (month - dt.timedelta(days=1)).replace(day=1),
        "next": last_day + dt.timedelta(days=1),
        "weeks": campaign_calendar.month_grid(
            month, selectors.campaigns_between(start=month, end=last_day)
        ),
        "campaigns": selectors.campaigns_all(),
        "can_create": access.can_edit_contract(request.user),
    }
    return render(request, "programmes/campaign_list.html", context)


@login_required
def campaign_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not access.can_edit_contract(request.user):
        return forbidden(request)
    form = forms.CampaignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if selectors.campaign_by_slug(slug=form.cleaned_data["slug"]) is not None:
            form.add_error("slug", _("A campaign already has this short name."))
        else:
            try:
                campaign = services.campaign_create(
                    actor=request.user, data=form.payload(), request=request
                )
            except services.InvalidChange as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("The campaign has been created."))
                return redirect("programmes:campaign", campaign.slug)
    return render(request, "programmes/campaign_form.html", {"form": form})


@login_required
def campaign_detail(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    page = selectors.campaign_page(slug=slug)
    return render(request, "programmes/campaign_detail.html", {"page": page})


def campaign_feed(request: HttpRequest) -> HttpResponse:
    """The campaigns as an iCalendar feed (public: campaigns are public information)."""
    body = campaign_calendar.feed(selectors.campaigns_all())
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")
