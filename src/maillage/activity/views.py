"""Pages of the activity app: parse input, call one service or selector, render.

The quick entry collects an identity but never shows one back: names are encoded on
submission and no page of this app lists a person, so no view here needs
`personal_data_required` (see docs/activity.md).
"""

from __future__ import annotations

import csv
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from maillage.activity import access, selectors, services
from maillage.activity.counting import pair_key
from maillage.activity.forms import ContactForm, EventForm, FileContactForm, ImportForm
from maillage.activity.imports import COLUMNS, ImportRejected, parse
from maillage.activity.models import PreventionEvent, Scope, Sex
from maillage.activity.services import ContactData, EventData
from maillage.activity.suppression import chart_text, hidden, suppress
from maillage.core.charts import BarChart, bar_chart
from maillage.core.mfa import personal_data_required
from maillage.core.permissions import is_coordinator
from maillage.core.types import AuthenticatedHttpRequest
from maillage.core.web import forbidden, page_of
from maillage.pathways.selectors import FileNotFound, file_open


def _allowed_organisations(user: Any) -> set[int] | None:
    return None if is_coordinator(user) else access.recording_organisation_ids(user)


@login_required
def quick_entry(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not access.can_record(request.user):
        return forbidden(request)
    places = selectors.recording_places(actor=request.user)
    default = selectors.default_place(actor=request.user, places=places)
    form = ContactForm(request.POST or None, places=places, default_place=default)
    if request.method == "POST" and form.is_valid():
        services.contact_record(actor=request.user, data=_contact_data(form), request=request)
        messages.success(request, _("Contact recorded."))
        return redirect("activity:quick_entry")
    today = page_of(request, selectors.contacts_today(actor=request.user))
    status = 400 if form.is_bound else 200
    return render(
        request, "activity/quick_entry.html", {"form": form, "today": today}, status=status
    )


@personal_data_required
def file_contact(request: AuthenticatedHttpRequest, beneficiary_id: Any) -> HttpResponse:
    """Record a contact on a pathway file: this page names the person, hence 2FA."""
    try:
        beneficiary, file = file_open(
            actor=request.user, beneficiary_id=beneficiary_id, request=request
        )
    except FileNotFound as error:
        raise Http404 from error
    if not (file.writes and access.can_record(request.user)):
        return forbidden(request)
    places = selectors.recording_places(actor=request.user)
    default = selectors.default_place(actor=request.user, places=places)
    form = FileContactForm(
        request.POST or None, places=places, default_place=default, beneficiary=beneficiary
    )
    if request.method == "POST" and form.is_valid():
        data = _contact_data(form, beneficiary=beneficiary)
        services.contact_record(actor=request.user, data=data, request=request)
        messages.success(request, _("Contact recorded."))
        return redirect("pathways:file", beneficiary_id=beneficiary.pk)
    context = {"form": form, "beneficiary": beneficiary}
    status = 400 if form.is_bound else 200
    return render(request, "activity/file_contact.html", context, status=status)


def _contact_data(form: ContactForm, beneficiary: Any = None) -> ContactData:
    data = form.cleaned_data
    organisation, hub = selectors.place_organisation_and_hub(place=data["place"])
    return ContactData(
        beneficiary=beneficiary,
        organisation=organisation,
        hub=hub,
        kind=data["kind"],
        date=data["date"],
        themes=data["themes"],
        identity=form.identity(),
        quartier=data["quartier"],
        age_band=form.resolved_age_band(),
        sex=data.get("sex", Sex.UNKNOWN),
        is_new=data["new_or_known"] == "new",
    )


@login_required
def contact_import(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not access.can_record(request.user):
        return forbidden(request)
    form = ImportForm(
        request.POST or None,
        request.FILES or None,
        organisation_ids=_allowed_organisations(request.user),
    )
    errors: list[Any] = []
    if request.method == "POST" and form.is_valid():
        organisation = form.cleaned_data["organisation"]
        try:
            rows = parse(form.cleaned_data["file"].read(), organisation=organisation)
        except ImportRejected as rejected:
            errors = rejected.errors
        else:
            contacts = services.contacts_record_many(
                actor=request.user, rows=rows, request=request, note=organisation.name
            )
            messages.success(request, _("%(n)s contacts imported.") % {"n": len(contacts)})
            return redirect("activity:figures")
    context = {"form": form, "errors": errors[:500], "error_count": len(errors), "columns": COLUMNS}
    status = 400 if request.method == "POST" else 200
    return render(request, "activity/import.html", context, status=status)


def _year(request: HttpRequest) -> int | None:
    try:
        return int(request.GET.get("annee", ""))
    except ValueError:
        return None


@login_required
def figures(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not access.can_view_figures(request.user):
        return forbidden(request)
    page = selectors.figures_for(year=_year(request))
    context = {
        "page": page,
        "chart": _hub_chart(page),
        "sections": _sections(page),
        "overlap": _overlap_matrix(page),
        "events": selectors.events_totals(year=page.year) if page.year else [],
        "event_kinds": dict(PreventionEvent.Kind.choices),
        "can_recompute": access.can_recompute(request.user),
    }
    return render(request, "activity/figures.html", context)


def _hub_chart(page: selectors.FiguresPage) -> BarChart:
    """Contacts, people and multi-hub people per hub; 1 to 4 get no bar, only "< 5"."""
    rows = [
        (f.label, [hidden(f.contacts), hidden(f.people), hidden(f.multi_hub_people)])
        for f in page.by_scope.get("hub", [])
    ]
    series = [_("Contacts"), _("Unique people"), _("Also seen at another hub")]
    return bar_chart(rows, series, text=chart_text)


def _overlap_matrix(page: selectors.FiguresPage) -> list[tuple[Any, list[int | None]]]:
    """Hub × hub: people seen at both (None on the diagonal)."""
    hubs = sorted(page.by_scope.get("hub", []), key=lambda figure: figure.label)
    pairs = {figure.key: figure.people for figure in page.by_scope.get("hub_pair", [])}
    return [
        (
            row,
            [
                None if row.key == col.key else pairs.get(pair_key(int(row.key), int(col.key)), 0)
                for col in hubs
            ],
        )
        for row in hubs
    ]


def _sections(page: selectors.FiguresPage) -> list[tuple[str, Any, list[Any]]]:
    labels = dict(Scope.choices)
    order = ["organisation", "quartier", "theme"]
    return [
        (scope, labels[scope], page.by_scope[scope]) for scope in order if scope in page.by_scope
    ]


@login_required
def figures_csv(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not access.can_view_figures(request.user):
        return forbidden(request)
    page = selectors.figures_for(year=_year(request))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="activite-{page.year or ""}.csv"'
    writer = csv.writer(response, delimiter=";")
    writer.writerow(["year", "scope", "label", "contacts", "people", "new_people", "multi_hub"])
    rows = [page.network] if page.network else []
    rows += [f for figures in page.by_scope.values() for f in figures]
    for f in rows:
        counts = [f.contacts, f.people, f.new_people, f.multi_hub_people]
        writer.writerow([f.year, f.scope, f.label, *(suppress(n) for n in counts)])
    return response


@login_required
@require_POST
def recompute(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not access.can_recompute(request.user):
        return forbidden(request)
    services.count_request(actor=request.user, request=request)
    messages.success(request, _("The count was requested; the figures below show its last run."))
    return redirect("activity:figures")


@login_required
def events(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not access.can_view_figures(request.user):
        return forbidden(request)
    year = _year(request)
    page = page_of(request, selectors.events_list(year=year))
    context = {
        "events": page,
        "audience": selectors.event_audience(events=list(page.object_list)),
        "years": selectors.event_years(),
        "year": year,
        "can_record": access.can_record(request.user),
    }
    return render(request, "activity/events.html", context)


@login_required
def event_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not access.can_record(request.user):
        return forbidden(request)
    form = EventForm(request.POST or None, organisation_ids=_allowed_organisations(request.user))
    if request.method == "POST" and form.is_valid():
        services.prevention_event_create(
            actor=request.user, data=_event_data(form), request=request
        )
        messages.success(request, _("The event was recorded."))
        return redirect("activity:events")
    status = 400 if form.is_bound else 200
    context = {"form": form, "sexes": Sex.choices}
    return render(request, "activity/event_form.html", context, status=status)


def _event_data(form: EventForm) -> EventData:
    data = form.cleaned_data
    return EventData(
        title=data["title"],
        kind=data["kind"],
        date=data["date"],
        ended_on=data["ended_on"],
        organiser=data["organiser"],
        hub=data["hub"],
        quartier=data["quartier"],
        partners=list(data["partners"]),
        themes=data["themes"],
        description=data["description"],
        audience=form.audience(),
    )
