"""Worklists: my alerts, referrals to answer, discharges this week; sortable and paginated."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from maillage.core.mfa import personal_data_required
from maillage.core.types import AuthenticatedHttpRequest
from maillage.pathways import selectors, services

LISTS = {
    "alerts": (_("My alerts"), selectors.alerts_for, selectors.ALERT_SORTS),
    "referrals": (
        _("Referrals to answer"),
        selectors.referrals_to_answer,
        selectors.REFERRAL_SORTS,
    ),
    "discharges": (
        _("Discharges this week"),
        selectors.discharges_this_week,
        selectors.DISCHARGE_SORTS,
    ),
}


@personal_data_required
def worklist(request: AuthenticatedHttpRequest) -> HttpResponse:
    name = request.GET.get("list", "alerts")
    if name not in LISTS:
        name = "alerts"
    title, select, sorts = LISTS[name]
    sort, rows = select(actor=request.user, sort=request.GET.get("sort", ""))
    context = {
        "name": name,
        "title": title,
        "lists": [(key, label) for key, (label, _s, _o) in LISTS.items()],
        "sort": sort,
        "sorts": list(sorts),
        "page": selectors.window(rows, request.GET.get("page")),
        "unread": selectors.unread_notifications_count(actor=request.user),
    }
    return render(request, f"pathways/worklist_{name}.html", context)


@personal_data_required
def notifications(request: AuthenticatedHttpRequest) -> HttpResponse:
    rows = selectors.notifications_for(actor=request.user)
    page = selectors.paginate(rows, request.GET.get("page"))
    return render(request, "pathways/notifications.html", {"page": page})


@personal_data_required
@require_POST
def notifications_read(request: AuthenticatedHttpRequest) -> HttpResponse:
    services.notifications_mark_read(actor=request.user)
    return redirect("pathways:notifications")
