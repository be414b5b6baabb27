"""Who may edit and read a Contrat Local de Santé (no person is ever shown through this app).

The coordinator edits contracts; the staff of an action's lead organisation, and its lead
person, edit that action and enter its measurements; members of a signatory organisation and
funders read the whole contract, as do the staff of an organisation leading one of its actions.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from maillage.core.models import Role
from maillage.core.permissions import has_role, is_coordinator, organisation_ids
from maillage.programmes.models import Action, LocalHealthContract

LEAD_ROLES = frozenset(
    {Role.HUB_REFERENT, Role.PROFESSIONAL, Role.ASSOCIATION_STAFF, Role.COORDINATOR}
)


@dataclass(frozen=True)
class ContractAccess:
    read: bool
    edit: bool


@dataclass(frozen=True)
class ActionAccess:
    read: bool
    edit: bool  # the action's fields, notes, milestones, budget, links; and its measurements


def _authenticated(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def can_edit_contract(user: Any, contract: LocalHealthContract | None = None) -> bool:
    return _authenticated(user) and is_coordinator(user)


def can_edit_action(user: Any, action: Action) -> bool:
    if not _authenticated(user):
        return False
    if is_coordinator(user) or (action.lead_person_id and action.lead_person_id == user.pk):
        return True
    return (
        action.lead_organisation_id is not None
        and action.lead_organisation_id in organisation_ids(user, LEAD_ROLES)
    )


def reads_every_contract(user: Any) -> bool:
    return _authenticated(user) and (is_coordinator(user) or has_role(user, Role.FUNDER_VIEWER))


def can_read_contract(user: Any, contract: LocalHealthContract) -> bool:
    if not _authenticated(user):
        return False
    if reads_every_contract(user):
        return True
    mine = organisation_ids(user)
    signatories = set(contract.signatories.values_list("organisation_id", flat=True))
    actions = Action.objects.filter(axis__contract=contract)
    leads = set(actions.values_list("lead_organisation_id", flat=True))
    return bool((signatories | leads) & mine)


def contract_access(user: Any, contract: LocalHealthContract) -> ContractAccess:
    return ContractAccess(read=can_read_contract(user, contract), edit=can_edit_contract(user))


def action_access(user: Any, action: Action) -> ActionAccess:
    edit = can_edit_action(user, action)
    return ActionAccess(read=edit or can_read_contract(user, action.axis.contract), edit=edit)
