"""Writes of the core app: the audit trail and staff memberships."""

from __future__ import annotations

from typing import Any

from django.db import models, transaction
from django.http import HttpRequest

from maillage.core.audit import PERSONAL_ACTIONS, AuditAction
from maillage.core.models import AuditEvent, Role, StaffMembership, User


def client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def audit_record(
    *,
    actor: User | None,
    action: AuditAction | str,
    obj: models.Model | None = None,
    subject: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    request: HttpRequest | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """The one way to write an audit event: who did what to which object, about whom, when,
    from where. An action on a person's data must name the person (`subject`)."""
    action = AuditAction(action)
    if action in PERSONAL_ACTIONS and subject is None:
        raise ValueError(f"The audit event {action.value!r} must name the person it concerns.")
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
    real_actor = actor if actor is not None and actor.is_authenticated else None
    event = AuditEvent(
        actor=real_actor,
        actor_label=real_actor.email if real_actor else "system",
        action=action,
        object_type=object_type,
        object_id=object_id,
        ip_address=client_ip(request),
        detail=detail or {},
    )
    if subject is not None:
        event.subject = subject
    event.save()
    return event


class PermissionDenied(Exception):
    """Raised by services when the actor may not perform the change."""


@transaction.atomic
def staff_membership_create(
    *, actor: User, user: User, organisation: Any, role: Role
) -> StaffMembership:
    from maillage.core.permissions import can_manage_organisation

    if not can_manage_organisation(actor, organisation):
        raise PermissionDenied("You may not manage the staff of this organisation.")
    membership = StaffMembership.objects.create(user=user, organisation=organisation, role=role)
    audit_record(
        actor=actor,
        action=AuditAction.STAFF_MEMBERSHIP_CREATE,
        obj=membership,
        detail={"role": role, "organisation": organisation.pk},
    )
    return membership
