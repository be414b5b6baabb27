"""Who may manage, read and count meetings (no personal file is ever shown in this app).

A hub's referent manages their hub's series; the coordinator every series; the organiser a series
without a hub. Invited partners read the meetings they were invited to and their approved minutes.
Funders read the aggregated figures only.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from maillage.core.models import Role
from maillage.core.permissions import active_roles, has_role, is_coordinator, organisation_ids
from maillage.meetings.models import Meeting, MeetingSeries

PARTNER_ROLES = frozenset(
    {Role.HUB_REFERENT, Role.PROFESSIONAL, Role.ASSOCIATION_STAFF, Role.COORDINATOR}
)


def partner_organisation_ids(user: Any) -> set[int]:
    """Organisations the user represents at meetings (funders and viewers represent none)."""
    return organisation_ids(user, PARTNER_ROLES)


def referent_organisation_ids(user: Any) -> set[int]:
    return organisation_ids(user, {Role.HUB_REFERENT})


def _refers_hub(user: Any, hub: Any) -> bool:
    if hub.referent_id == user.pk:
        return True
    return hub.host_id in referent_organisation_ids(user)


def can_manage_series(user: Any, series: MeetingSeries) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if is_coordinator(user):
        return True
    if series.hub_id is not None:
        return _refers_hub(user, series.hub)
    return series.organiser_id == user.pk


def can_create_series(user: Any, hub: Any | None) -> bool:
    if is_coordinator(user):
        return True
    return hub is not None and _refers_hub(user, hub)


def invited_filter(user: Any, prefix: str = "") -> Q:
    """Meetings the user was invited to, personally or through their organisation."""
    orgs = partner_organisation_ids(user)
    return Q(**{f"{prefix}participants__user": user}) | Q(
        **{f"{prefix}participants__organisation__in": orgs, f"{prefix}participants__invited": True}
    )


def meetings_filter(user: Any) -> Q:
    """Meetings the user may open: those of series they manage, and those they were invited to."""
    if is_coordinator(user):
        return Q()
    managed = Q(series__hub__referent=user) | Q(
        series__hub__host__in=referent_organisation_ids(user)
    )
    return managed | Q(series__hub__isnull=True, series__organiser=user) | invited_filter(user)


def can_read_meeting(user: Any, meeting: Meeting) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if can_manage_series(user, meeting.series):
        return True
    return Meeting.objects.filter(invited_filter(user), pk=meeting.pk).exists()


def can_read_diagnosis(user: Any) -> bool:
    """Needs are about the neighbourhood: every partner of the network reads the diagnosis."""
    return bool(partner_organisation_ids(user)) or is_coordinator(user)


def can_view_figures(user: Any) -> bool:
    """Aggregated figures: every active member of staff, funders included."""
    return bool(active_roles(user))


def is_funder_only(user: Any) -> bool:
    return has_role(user, Role.FUNDER_VIEWER) and not can_read_diagnosis(user)
