"""Writes on the person's file: creation, needs, notes, information, consent, care team."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from maillage.core.audit import AuditAction
from maillage.core.models import User
from maillage.core.permissions import can_open_personal_files
from maillage.core.services import PermissionDenied, audit_record
from maillage.network.models import Organisation
from maillage.pathways.access import Action, file_organisation_ids
from maillage.pathways.models import (
    Beneficiary,
    CareTeamMember,
    Consent,
    InformationNotice,
    Need,
    Note,
)
from maillage.pathways.models.beneficiary import Sensitivity
from maillage.pathways.services.common import acting_organisation, require, touch

BENEFICIARY_FIELDS = (
    "first_name",
    "last_name",
    "birth_name",
    "birth_year",
    "birth_month",
    "birth_day",
    "sex",
    "languages",
    "phone",
    "email",
    "address",
    "housing",
    "health_cover",
    "health_cover_expires_on",
    "complementary_cover_expires_on",
)


@transaction.atomic
def beneficiary_create(
    *, actor: User, data: dict[str, Any], organisation: Organisation | None = None
) -> Beneficiary:
    if not can_open_personal_files(actor) or not file_organisation_ids(actor):
        raise PermissionDenied("You may not open a file.")
    org_id = organisation.pk if organisation else acting_organisation(actor)
    if org_id not in file_organisation_ids(actor):
        raise PermissionDenied("You may only open a file for your own organisation.")
    fields = {key: data[key] for key in BENEFICIARY_FIELDS if key in data}
    beneficiary = Beneficiary(created_by_id=org_id, created_by_user=actor, **fields)
    beneficiary.full_clean()
    beneficiary.save()
    CareTeamMember.objects.create(
        beneficiary=beneficiary,
        professional=actor,
        organisation_id=org_id,
        role=CareTeamMember.Role.REFERENT,
        basis=CareTeamMember.Basis.SAME_ESTABLISHMENT,
    )
    audit_record(
        actor=actor, action=AuditAction.BENEFICIARY_CREATE, obj=beneficiary, subject=beneficiary
    )
    return beneficiary


@transaction.atomic
def beneficiary_update(*, actor: User, beneficiary: Beneficiary, data: dict[str, Any]) -> None:
    require(actor, beneficiary, Action.ADD_NOTE)
    changed = [key for key in BENEFICIARY_FIELDS if key in data]
    for key in changed:
        setattr(beneficiary, key, data[key])
    beneficiary.full_clean()
    beneficiary.save(update_fields=changed)
    audit_record(
        actor=actor,
        action=AuditAction.BENEFICIARY_UPDATE,
        obj=beneficiary,
        subject=beneficiary,
        detail={"fields": changed},
    )


@transaction.atomic
def beneficiary_close(*, actor: User, beneficiary: Beneficiary) -> None:
    require(actor, beneficiary, Action.CLOSE)
    beneficiary.status = Beneficiary.Status.CLOSED
    beneficiary.closed_at = timezone.now()
    beneficiary.save(update_fields=["status", "closed_at"])
    beneficiary.alerts.filter(resolved_at__isnull=True).update(resolved_at=timezone.now())
    audit_record(
        actor=actor, action=AuditAction.BENEFICIARY_CLOSE, obj=beneficiary, subject=beneficiary
    )


@transaction.atomic
def need_add(*, actor: User, beneficiary: Beneficiary, domain: str, description: str = "") -> Need:
    require(actor, beneficiary, Action.ADD_NOTE)
    need = Need.objects.create(
        beneficiary=beneficiary,
        domain=domain,
        description=description,
        organisation_id=acting_organisation(actor, beneficiary),
    )
    touch(beneficiary)
    audit_record(
        actor=actor,
        action=AuditAction.NEED_ADD,
        obj=beneficiary,
        subject=beneficiary,
        detail={"need": need.pk},
    )
    return need


@transaction.atomic
def need_set_status(*, actor: User, need: Need, status: str) -> None:
    require(actor, need.beneficiary, Action.ADD_NOTE)
    need.status = status
    need.save(update_fields=["status"])
    audit_record(
        actor=actor,
        action=AuditAction.NEED_STATUS,
        obj=need.beneficiary,
        subject=need.beneficiary,
        detail={"need": need.pk},
    )


@transaction.atomic
def note_add(
    *,
    actor: User,
    beneficiary: Beneficiary,
    text: str,
    sensitivity: str = Sensitivity.SOCIAL,
    visibility: str = Note.Visibility.CARE_TEAM,
) -> Note:
    require(actor, beneficiary, Action.ADD_NOTE)
    note = Note.objects.create(
        beneficiary=beneficiary,
        author=actor,
        organisation_id=acting_organisation(actor, beneficiary),
        text=text,
        sensitivity=sensitivity,
        visibility=visibility,
    )
    touch(beneficiary)
    audit_record(
        actor=actor,
        action=AuditAction.NOTE_ADD,
        obj=beneficiary,
        subject=beneficiary,
        detail={"note": note.pk},
    )
    return note


@transaction.atomic
def information_notice_record(
    *,
    actor: User,
    beneficiary: Beneficiary,
    method: str,
    informed_on: date | None = None,
    language: str = "",
) -> InformationNotice:
    # Any care-team member, informed or not yet, may record that the person was informed.
    require(actor, beneficiary, Action.ALERTS)
    if beneficiary.created_by_id not in file_organisation_ids(actor) and not (
        beneficiary.care_team.active()
        .filter(organisation_id__in=file_organisation_ids(actor))
        .exists()
    ):
        raise PermissionDenied("Only the care team informs the person.")
    notice = InformationNotice.objects.create(
        beneficiary=beneficiary,
        informed_on=informed_on or timezone.localdate(),
        informed_by=actor,
        organisation_id=acting_organisation(actor, beneficiary),
        method=method,
        language=language,
    )
    audit_record(
        actor=actor,
        action=AuditAction.INFORMATION_NOTICE_RECORD,
        obj=beneficiary,
        subject=beneficiary,
    )
    return notice


@transaction.atomic
def consent_record(
    *,
    actor: User,
    beneficiary: Beneficiary,
    scope: str,
    recipients: Iterable[Organisation],
    method: str,
    purpose: str = "",
) -> Consent:
    require(actor, beneficiary, Action.ADD_NOTE)
    consent = Consent.objects.create(
        beneficiary=beneficiary,
        scope=scope,
        method=method,
        purpose=purpose,
        collected_by=actor,
        collected_by_organisation_id=acting_organisation(actor, beneficiary),
    )
    consent.recipients.set(list(recipients))
    audit_record(
        actor=actor,
        action=AuditAction.CONSENT_RECORD,
        obj=beneficiary,
        subject=beneficiary,
        detail={"consent": consent.pk, "scope": scope},
    )
    return consent


@transaction.atomic
def consent_withdraw(*, actor: User, consent: Consent) -> None:
    """Withdrawal ends the recipients' access at once (CSP L1110-4 IV)."""
    require(actor, consent.beneficiary, Action.ADD_NOTE)
    consent.withdrawn_at = timezone.now()
    consent.withdrawn_by = actor
    consent.save(update_fields=["withdrawn_at", "withdrawn_by"])
    audit_record(
        actor=actor,
        action=AuditAction.CONSENT_WITHDRAW,
        obj=consent.beneficiary,
        subject=consent.beneficiary,
        detail={"consent": consent.pk},
    )


@transaction.atomic
def care_team_add(
    *,
    actor: User,
    beneficiary: Beneficiary,
    organisation: Organisation,
    basis: str,
    professional: User | None = None,
    role: str = CareTeamMember.Role.MEMBER,
) -> CareTeamMember:
    require(actor, beneficiary, Action.ADD_NOTE)
    member = CareTeamMember.objects.create(
        beneficiary=beneficiary,
        organisation=organisation,
        professional=professional,
        role=role,
        basis=basis,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CARE_TEAM_ADD,
        obj=beneficiary,
        subject=beneficiary,
        detail={"member": member.pk},
    )
    return member


@transaction.atomic
def care_team_end(*, actor: User, member: CareTeamMember) -> None:
    """Ending a membership ends access at once: `ended_at` is now, not tomorrow."""
    require(actor, member.beneficiary, Action.ADD_NOTE)
    member.ended_at = timezone.now()
    member.save(update_fields=["ended_at"])
    audit_record(
        actor=actor,
        action=AuditAction.CARE_TEAM_END,
        obj=member.beneficiary,
        subject=member.beneficiary,
        detail={"member": member.pk},
    )
