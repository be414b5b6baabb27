from __future__ import annotations

from typing import Any

from django.utils import timezone

from maillage.core.models import User
from maillage.core.services import PermissionDenied
from maillage.pathways.access import Action, FileAccess, file_access, file_organisation_ids
from maillage.pathways.models import Beneficiary


def require(actor: User, beneficiary: Beneficiary, action: Action) -> FileAccess:
    """Check the policy first; services never trust the caller to have done it."""
    access = file_access(actor, beneficiary)
    if not access.allows(action):
        raise PermissionDenied(f"You may not {action.value} on this file.")
    return access


def acting_organisation(actor: User, beneficiary: Beneficiary | None = None) -> int:
    """The organisation the actor works for here: the file's creator if it is theirs."""
    orgs = file_organisation_ids(actor)
    if not orgs:
        raise PermissionDenied("You do not act for any organisation.")
    if beneficiary is not None and beneficiary.created_by_id in orgs:
        return beneficiary.created_by_id
    if beneficiary is not None:
        team = set(
            beneficiary.care_team.active()
            .filter(organisation_id__in=orgs)
            .values_list("organisation_id", flat=True)
        )
        if team:
            return min(team)
    return min(orgs)


def touch(beneficiary: Beneficiary) -> None:
    """Something happened on the file: the no-contact rule counts from now."""
    now = timezone.now()
    Beneficiary.objects.filter(pk=beneficiary.pk).update(last_activity_at=now)
    beneficiary.last_activity_at = now


def file_url(beneficiary: Any) -> str:
    from django.urls import reverse

    return reverse("pathways:file", args=[beneficiary.pk])
