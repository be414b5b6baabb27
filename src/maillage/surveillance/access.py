"""Who may do what in surveillance: all of it is aggregated, none of it is personal."""

from __future__ import annotations

from typing import Any

from maillage.core.models import Role, StaffMembership
from maillage.core.permissions import active_roles, can_manage_organisation, is_coordinator
from maillage.network.models import Organisation


def can_view_dashboard(user: Any) -> bool:
    """Anyone with a role in the network, funders and viewers included (read-only)."""
    return bool(active_roles(user))


def can_manage_alerts(user: Any) -> bool:
    return is_coordinator(user)


def can_run_detection(user: Any) -> bool:
    return is_coordinator(user)


def can_see_completeness(user: Any) -> bool:
    return is_coordinator(user)


def can_report_for(user: Any, organisation: Organisation) -> bool:
    """Partners' staff report for their own organisation; coordinators may for any."""
    return can_manage_organisation(user, organisation)


def reporting_organisations(user: Any) -> list[Organisation]:
    """Organisations the user may report for: every reporting partner for coordinators."""
    if not getattr(user, "is_authenticated", False):
        return []
    partners = Organisation.objects.filter(reporting_partner__isnull=False)
    if is_coordinator(user):
        return list(partners.order_by("name"))
    own = (
        StaffMembership.objects.active()
        .filter(user=user)
        .exclude(role=Role.FUNDER_VIEWER)
        .values("organisation_id")
    )
    return list(Organisation.objects.filter(id__in=own).order_by("name"))
