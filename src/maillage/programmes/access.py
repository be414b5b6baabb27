"""Who may edit and read a Contrat Local de Santé (no person is ever shown through this app).

The coordinator edits contracts; the staff of an action's lead organisation edit that action (and
will enter its measurements); members of a signatory organisation and funders read the contract.
"""

from __future__ import annotations

from typing import Any

from maillage.core.models import Role
from maillage.core.permissions import has_role, is_coordinator, organisation_ids
from maillage.programmes.models import Action, LocalHealthContract

LEAD_ROLES = frozenset(
    {Role.HUB_REFERENT, Role.PROFESSIONAL, Role.ASSOCIATION_STAFF, Role.COORDINATOR}
)


def can_edit_contract(user: Any, contract: LocalHealthContract) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and is_coordinator(user)


def can_edit_action(user: Any, action: Action) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if is_coordinator(user):
        return True
    return (
        action.lead_organisation_id is not None
        and action.lead_organisation_id in organisation_ids(user, LEAD_ROLES)
    )


def can_read_contract(user: Any, contract: LocalHealthContract) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if is_coordinator(user) or has_role(user, Role.FUNDER_VIEWER):
        return True
    signatory_ids = set(contract.signatories.values_list("organisation_id", flat=True))
    return bool(signatory_ids & organisation_ids(user))
