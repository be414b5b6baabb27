"""Who may record activity and read its figures (no personal file is ever shown here)."""

from __future__ import annotations

from typing import Any

from maillage.core.models import Role
from maillage.core.permissions import active_roles, is_coordinator, organisation_ids

# Staff who see people at a hub or an organisation record what they did.
RECORDING_ROLES = frozenset({Role.HUB_REFERENT, Role.PROFESSIONAL, Role.ASSOCIATION_STAFF})


def recording_organisation_ids(user: Any) -> set[int]:
    """Organisations whose activity the user records as their staff (coordinators aside)."""
    return organisation_ids(user, RECORDING_ROLES)


def can_record(user: Any) -> bool:
    return is_coordinator(user) or bool(recording_organisation_ids(user))


def can_record_for(user: Any, *, organisation_id: int) -> bool:
    """Staff of the organisation (the hub's host for a hub) and coordinators may record."""
    return is_coordinator(user) or organisation_id in recording_organisation_ids(user)


def can_view_figures(user: Any) -> bool:
    """Figures are aggregated and suppressed: every active member of staff may read them."""
    return bool(active_roles(user))


def can_recompute(user: Any) -> bool:
    return is_coordinator(user)
