"""Who may do what with network data (not personal files: see pathways.access)."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from maillage.core.models import ROLES_OPENING_PERSONAL_FILES, Role, StaffMembership, User


def active_memberships(user: User | Any) -> frozenset[tuple[str, int]]:
    """(role, organisation id) of the user's current memberships: one query per request."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cached: frozenset[tuple[str, int]] | None = getattr(user, "_active_memberships", None)
    if cached is None:
        memberships = StaffMembership.objects.active().filter(user=user)
        cached = frozenset(memberships.values_list("role", "organisation_id"))
        setattr(user, "_active_memberships", cached)  # noqa: B010 — per-request cache
    return cached


def active_roles(user: User | Any) -> set[str]:
    roles = {role for role, _organisation in active_memberships(user)}
    if getattr(user, "is_superuser", False) and user.is_authenticated:
        roles.add(Role.ADMINISTRATOR)
    return roles


def organisation_ids(user: User | Any, roles: Collection[str] | None = None) -> set[int]:
    """The user's organisations, through any role or through one of `roles`."""
    return {
        organisation
        for role, organisation in active_memberships(user)
        if roles is None or role in roles
    }


def has_role(user: User | Any, *roles: str) -> bool:
    return bool(active_roles(user) & set(roles))


def is_coordinator(user: User | Any) -> bool:
    return has_role(user, Role.COORDINATOR, Role.ADMINISTRATOR)


def can_open_personal_files(user: User | Any) -> bool:
    return bool(active_roles(user) & ROLES_OPENING_PERSONAL_FILES)


def can_manage_organisation(user: User | Any, organisation: Any) -> bool:
    """Coordinators manage every organisation; staff manage their own (not funders/viewers)."""
    if not getattr(user, "is_authenticated", False):
        return False
    if is_coordinator(user):
        return True
    return (
        StaffMembership.objects.active()
        .filter(user=user, organisation=organisation)
        .exclude(role=Role.FUNDER_VIEWER)
        .exists()
    )
