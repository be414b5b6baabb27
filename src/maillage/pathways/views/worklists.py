"""Worklists: my alerts, referrals to answer, discharges this week; sortable and paginated."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from maillage.core import web
from maillage.core.mfa import personal_data_required
from maillage.core.types import AuthenticatedHttpRequest
from maillage.pathways import selectors, services, worklists

LISTS = {
    "alerts": (_("My alerts"), worklists.alerts_page, selectors.ALERT_SORTS),
    "referrals": (_("Referrals to answer"), worklists.referrals_page, selectors.REFERRAL_SORTS),
    "discharges": (
        _("Discharges this week"),
        worklists.discharges_page,
        selectors.DISCHARGE_SORTS,
    ),
}


@personal_data_required
def worklist(request: AuthenticatedHttpRequest) -> HttpResponse:
    name = request.GET.get("list", "alerts")
    if name not in LISTS:
        name = "alerts"
    title, read_page, sorts = LISTS[name]
    sort, page = read_page(
        actor=request.user, sort=request.GET.get("sort", ""), page=request.GET.get("page")
    )
    context = {
        "name": name,
        "title": title,
        "lists": [(key, label) for key, (label, _s, _o) in LISTS.items()],
        "sort": sort,
        "sorts": list(sorts),
        "page": page,
        "unread": selectors.unread_notifications_count(actor=request.user),
    }
    return render(request, f"pathways/worklist_{name}.html", context)


@personal_data_required
def notifications(request: AuthenticatedHttpRequest) -> HttpResponse:
    rows = selectors.notifications_for(actor=request.user)
    page = web.paginate(rows, request.GET.get("page"))
    return render(request, "pathways/notifications.html", {"page": page})


@personal_data_required
@require_POST
def notifications_read(request: AuthenticatedHttpRequest) -> HttpResponse:
    services.notifications_mark_read(actor=request.user)
    return redirect("pathways:notifications")
