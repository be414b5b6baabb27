from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from maillage.core.permissions import can_manage_organisation, is_coordinator
from maillage.core.services import PermissionDenied
from maillage.core.types import AuthenticatedHttpRequest
from maillage.network import selectors, services
from maillage.network.forms import MembershipForm, OrganisationForm
from maillage.network.models import Organisation


def network_index(request: HttpRequest) -> HttpResponse:
    network = selectors.primary_network()
    if network is None:
        raise Http404(_("No network has been set up yet."))
    return network_detail(request, network.slug)


def network_detail(request: HttpRequest, slug: str) -> HttpResponse:
    network = selectors.network_by_slug(slug=slug)
    return render(
        request,
        "network/network_detail.html",
        {
            "network": network,
            "groups": selectors.network_members_by_role(network=network),
            "history": selectors.network_history(network=network),
            "hubs": selectors.hubs_list(network=network),
            "networks": selectors.networks_list(),
            "can_edit": is_coordinator(request.user),
        },
    )


def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        organisation = selectors.organisation_detail(slug=slug)
    except Organisation.DoesNotExist as error:
        raise Http404 from error
    return render(
        request,
        "network/organisation_detail.html",
        {
            "organisation": organisation,
            "memberships": selectors.organisation_memberships(organisation=organisation),
            "can_edit": can_manage_organisation(request.user, organisation),
        },
    )


def territory_detail(request: HttpRequest, slug: str) -> HttpResponse:
    territory = selectors.territory_by_slug(slug=slug)
    context = {"territory": territory, **selectors.territory_contents(territory=territory)}
    return render(request, "network/territory_detail.html", context)


@login_required
def organisation_edit(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    organisation = selectors.organisation_by_slug(slug=slug)
    if not can_manage_organisation(request.user, organisation):
        return render(request, "core/forbidden.html", status=403)
    form = OrganisationForm(
        request.POST or None, instance=selectors.organisation_to_edit(organisation=organisation)
    )
    if request.method == "POST" and form.is_valid():
        services.organisation_update(
            actor=request.user, organisation=organisation, data=form.cleaned_data
        )
        messages.success(request, _("The organisation was updated."))
        return redirect("network:organisation", slug=organisation.slug)
    return render(
        request, "network/organisation_form.html", {"form": form, "organisation": organisation}
    )


@login_required
def organisation_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not is_coordinator(request.user):
        return render(request, "core/forbidden.html", status=403)
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        organisation = services.organisation_create(actor=request.user, data=form.cleaned_data)
        messages.success(request, _("The organisation was added."))
        return redirect("network:organisation", slug=organisation.slug)
    return render(request, "network/organisation_form.html", {"form": form})


@login_required
def membership_create(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    network = selectors.network_by_slug(slug=slug)
    form = MembershipForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_create(actor=request.user, network=network, **form.cleaned_data)
        except PermissionDenied:
            return render(request, "core/forbidden.html", status=403)
        messages.success(request, _("The member was added."))
        return redirect("network:network", slug=network.slug)
    if not is_coordinator(request.user):
        return render(request, "core/forbidden.html", status=403)
    return render(request, "network/membership_form.html", {"form": form, "network": network})
