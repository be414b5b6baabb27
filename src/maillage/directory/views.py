from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from maillage.core.permissions import can_manage_organisation
from maillage.core.services import PermissionDenied
from maillage.core.types import AuthenticatedHttpRequest
from maillage.core.web import forbidden
from maillage.directory import hours, pdf, selectors, services
from maillage.directory.forms import LocationForm, SearchForm, ServiceForm
from maillage.directory.models import Service
from maillage.directory.weekview import week_table
from maillage.network import selectors as network_selectors
from maillage.network.models import Organisation


def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    page = None
    if form.is_bound and form.is_valid():
        page = selectors.services_search(actor=request.user, params=form.params())
    template = "directory/search.html"
    if getattr(request, "htmx", False):
        template += "#results"
    return render(
        request,
        template,
        {"form": form, "page": page, "querystring": _querystring(request, drop="page")},
    )


def _querystring(request: HttpRequest, drop: str) -> str:
    pairs = [(key, value) for key, value in request.GET.lists() if key != drop]
    return urlencode([(key, v) for key, values in pairs for v in values])


def service_detail(request: HttpRequest, pk: int) -> HttpResponse:
    service = selectors.service_get(actor=request.user, service_id=pk)
    if service is None:
        raise Http404(_("No such service."))
    return render(
        request,
        "directory/service_detail.html",
        {
            "service": service,
            "locations": list(service.locations.all()),
            "week": week_table(service.opening_hours),
            "is_open": _open_now(service),
            "is_stale": service.is_stale(),
            "can_edit": can_manage_organisation(request.user, service.organisation),
        },
    )


def _open_now(service: Service) -> bool | None:
    return hours.is_open(service.opening_hours, timezone.localtime().replace(tzinfo=None))


def _sheet_ids(request: HttpRequest) -> list[int]:
    values = request.GET.getlist("s") or request.POST.getlist("s")
    return [int(value) for value in values if value.isdigit()]


def sheet(request: HttpRequest) -> HttpResponse:
    """The orientation sheet: the services picked for a person, printable or as a PDF."""
    services_picked = selectors.services_for_sheet(actor=request.user, ids=_sheet_ids(request))
    context = {
        "services": [
            {
                "service": s,
                "locations": list(s.locations.all()),
                "week": week_table(s.opening_hours),
            }
            for s in services_picked
        ],
        "printed_on": timezone.localdate(),
        "ids_query": urlencode([("s", s.pk) for s in services_picked]),
    }
    if request.GET.get("format") == "pdf":
        html = render_to_string("directory/sheet_document.html", context, request=request)
        response = HttpResponse(pdf.render(html), content_type="application/pdf")
        response["Content-Disposition"] = 'attachment; filename="fiche-orientation.pdf"'
        return response
    return render(request, "directory/sheet.html", context)


# --- staff side ---------------------------------------------------------------------------


def _managed(request: HttpRequest, slug: str) -> Organisation:
    organisation = network_selectors.organisation_by_slug(slug=slug)
    if not can_manage_organisation(request.user, organisation):
        raise PermissionDenied
    return organisation


@login_required
def organisation_services(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    try:
        organisation = _managed(request, slug)
    except PermissionDenied:
        return forbidden(request)
    listed = list(selectors.organisation_services(actor=request.user, organisation=organisation))
    today = timezone.localdate()
    return render(
        request,
        "directory/organisation_services.html",
        {
            "organisation": organisation,
            "rows": [(service, service.is_stale(today)) for service in listed],
            "stale_count": sum(service.is_stale(today) for service in listed),
            "locations": selectors.organisation_locations(
                actor=request.user, organisation=organisation
            ),
        },
    )


@login_required
def service_create(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    try:
        organisation = _managed(request, slug)
    except PermissionDenied:
        return forbidden(request)
    form = ServiceForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        locations = data.pop("locations")
        try:
            service = services.service_create(
                actor=request.user, organisation=organisation, data=data, locations=locations
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The service was added."))
            return redirect("directory:service", pk=service.pk)
    return render(
        request, "directory/service_form.html", {"form": form, "organisation": organisation}
    )


@login_required
def service_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    service = selectors.service_to_manage(service_id=pk)
    if not can_manage_organisation(request.user, service.organisation):
        return forbidden(request)
    form = ServiceForm(
        request.POST or None,
        instance=selectors.service_to_edit(service=service),
        organisation=service.organisation,
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        locations = data.pop("locations")
        try:
            services.service_update(
                actor=request.user, service=service, data=data, locations=locations
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The service was updated."))
            return redirect("directory:service", pk=service.pk)
    return render(
        request,
        "directory/service_form.html",
        {"form": form, "organisation": service.organisation, "service": service},
    )


@login_required
@require_POST
def service_verify(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    service = selectors.service_to_manage(service_id=pk)
    try:
        services.service_verify(actor=request.user, service=service)
    except PermissionDenied:
        return forbidden(request)
    messages.success(request, _("Thank you: the service is marked as verified today."))
    return redirect("directory:organisation", slug=service.organisation.slug)


@login_required
def location_create(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    try:
        organisation = _managed(request, slug)
    except PermissionDenied:
        return forbidden(request)
    form = LocationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.location_save(
            actor=request.user, organisation=organisation, data=form.cleaned_data
        )
        messages.success(request, _("The place was added."))
        return redirect("directory:organisation", slug=organisation.slug)
    return render(
        request, "directory/location_form.html", {"form": form, "organisation": organisation}
    )
