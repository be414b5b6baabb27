from __future__ import annotations

from maillage.core.models import StaffMembership, User


def dashboard_for(*, user: User) -> dict[str, object]:
    memberships = StaffMembership.objects.active().filter(user=user).select_related("organisation")
    return {"staff_memberships": memberships}
