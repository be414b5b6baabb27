"""Who may do what with network data (not personal files: see pathways.access)."""

from __future__ import annotations

from typing import Any

from maillage.core.models import ROLES_OPENING_PERSONAL_FILES, Role, StaffMembership, User


def active_roles(user: User | Any) -> set[str]:
    if not getattr(user, "is_authenticated", False):
        return set()
    cached: set[str] | None = getattr(user, "_active_roles", None)
    if cached is None:
        cached = set(
            StaffMembership.objects.active().filter(user=user).values_list("role", flat=True)
        )
        if user.is_superuser:
            cached.add(Role.ADMINISTRATOR)
        setattr(user, "_active_roles", cached)  # noqa: B010 — per-request cache
    return cached


def organisation_ids(user: User | Any) -> set[int]:
    if not getattr(user, "is_authenticated", False):
        return set()
    cached: set[int] | None = getattr(user, "_organisation_ids", None)
    if cached is None:
        cached = set(
            StaffMembership.objects.active()
            .filter(user=user)
            .values_list("organisation_id", flat=True)
        )
        setattr(user, "_organisation_ids", cached)  # noqa: B010 — per-request cache
    return cached


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
