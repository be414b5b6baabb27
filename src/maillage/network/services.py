"""Writes of the network app; each checks permission, runs in a transaction and is audited."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils.text import slugify

from maillage.core.audit import AuditAction
from maillage.core.models import User
from maillage.core.permissions import can_manage_organisation, is_coordinator
from maillage.core.services import PermissionDenied, audit_record
from maillage.network.models import Membership, Network, Organisation

ORGANISATION_FIELDS = (
    "name",
    "short_name",
    "kind",
    "siret",
    "finess",
    "address",
    "postcode",
    "city",
    "territory",
    "parent",
    "description",
    "website",
    "phone",
)


def _changes(instance: Any, data: dict[str, Any]) -> dict[str, list[str]]:
    return {
        field: [str(getattr(instance, field)), str(value)]
        for field, value in data.items()
        if getattr(instance, field) != value
    }


@transaction.atomic
def organisation_create(*, actor: User, data: dict[str, Any]) -> Organisation:
    if not is_coordinator(actor):
        raise PermissionDenied("Only a network coordinator may add an organisation.")
    fields = {key: data[key] for key in ORGANISATION_FIELDS if key in data}
    organisation = Organisation(**fields)
    organisation.slug = _unique_slug(fields["name"])
    organisation.full_clean()
    organisation.save()
    audit_record(actor=actor, action=AuditAction.ORGANISATION_CREATE, obj=organisation)
    return organisation


def _unique_slug(name: str) -> str:
    base = slugify(name)[:180] or "organisation"
    slug, n = base, 2
    while Organisation.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def organisation_update(
    *, actor: User, organisation: Organisation, data: dict[str, Any]
) -> Organisation:
    if not can_manage_organisation(actor, organisation):
        raise PermissionDenied("You may not edit this organisation.")
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    fields = {key: data[key] for key in ORGANISATION_FIELDS if key in data}
    changes = _changes(organisation, fields)
    for key, value in fields.items():
        setattr(organisation, key, value)
    organisation.full_clean()
    organisation.save()
    audit_record(
        actor=actor,
        action=AuditAction.ORGANISATION_UPDATE,
        obj=organisation,
        detail={"changes": changes},
    )
    return organisation


@transaction.atomic
def membership_create(
    *,
    actor: User,
    network: Network,
    organisation: Organisation,
    role: str,
    started_on: date | None = None,
    convention: Any = None,
    note: str = "",
) -> Membership:
    if not is_coordinator(actor):
        raise PermissionDenied("Only a network coordinator may add a member.")
    membership = Membership(
        network=network,
        organisation=organisation,
        role=role,
        started_on=started_on,
        convention=convention,
        note=note,
    )
    membership.full_clean()
    membership.save()
    audit_record(
        actor=actor,
        action=AuditAction.MEMBERSHIP_CREATE,
        obj=membership,
        detail={"network": network.pk, "organisation": organisation.pk, "role": role},
    )
    return membership


@transaction.atomic
def membership_end(*, actor: User, membership: Membership, ended_on: date) -> Membership:
    if not is_coordinator(actor):
        raise PermissionDenied("Only a network coordinator may end a membership.")
    if membership.started_on and ended_on < membership.started_on:
        raise ValueError("A membership cannot end before it starts.")
    membership.ended_on = ended_on
    membership.save(update_fields=["ended_on"])
    audit_record(
        actor=actor,
        action=AuditAction.MEMBERSHIP_END,
        obj=membership,
        detail={"ended_on": ended_on.isoformat()},
    )
    return membership
