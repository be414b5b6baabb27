"""Referrals with a closed loop: every transition is checked, timestamped and notified."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.core.audit import AuditAction
from maillage.core.models import User
from maillage.core.services import PermissionDenied, audit_record
from maillage.network.models import Organisation
from maillage.pathways.access import (
    REFERRAL_MOVES,
    SENDER,
    Action,
    file_organisation_ids,
    referral_access,
)
from maillage.pathways.models import (
    Beneficiary,
    CareTeamMember,
    Referral,
    ReferralAttachment,
    ReferralEvent,
)
from maillage.pathways.notifications import notify
from maillage.pathways.selectors import organisation_staff
from maillage.pathways.services.common import acting_organisation, require, touch

S = Referral.Status


class IllegalTransition(ValueError):
    """The referral's status machine does not allow this move."""


@transaction.atomic
def referral_create(
    *,
    actor: User,
    beneficiary: Beneficiary,
    to_organisation: Organisation,
    reason: str,
    urgency: str = Referral.Urgency.ROUTINE,
    service: Any = None,
    attachments: Sequence[UploadedFile] = (),
    send: bool = True,
) -> Referral:
    """Create the referral with its attachments and send it, in one transaction: a referral is
    never sent without the documents that go with it."""
    require(actor, beneficiary, Action.REFER)
    referral = Referral(
        beneficiary=beneficiary,
        from_organisation_id=acting_organisation(actor, beneficiary),
        from_user=actor,
        to_organisation=to_organisation,
        reason=reason,
        urgency=urgency,
    )
    if service is not None:
        if service.organisation_id != to_organisation.pk:
            raise ValueError("The service belongs to another organisation.")
        referral.service = service
    referral.save()
    _event(referral, actor, "", S.DRAFT)
    audit_record(
        actor=actor, action=AuditAction.REFERRAL_CREATE, obj=referral, subject=referral.beneficiary
    )
    for upload in attachments:
        _attach(actor, referral, upload)
    if send:
        referral = referral_transition(actor=actor, referral=referral, to_status=S.SENT)
    return referral


@transaction.atomic
def referral_transition(
    *,
    actor: User,
    referral: Referral,
    to_status: str,
    comment: str = "",
    appointment_at: datetime | None = None,
    decline_reason: str = "",
) -> Referral:
    referral = (
        Referral.objects.select_for_update().select_related("beneficiary").get(pk=referral.pk)
    )
    if (referral.status, to_status) not in REFERRAL_MOVES:
        raise IllegalTransition(
            _("A referral cannot go from “%(start)s” to “%(end)s”.")
            % {"start": S(referral.status).label, "end": S(to_status).label}
        )
    access = referral_access(actor, referral)
    if to_status not in access.moves:
        raise PermissionDenied(_("You may not make this move on this referral."))
    _validate(to_status, appointment_at, decline_reason)
    _apply(referral, actor, to_status, appointment_at, decline_reason)
    _event(referral, actor, referral.status, to_status, comment or decline_reason)
    referral.status = to_status
    referral.updated_at = timezone.now()
    referral.save()
    touch(referral.beneficiary)
    audit_record(
        actor=actor, action=f"referral.{to_status}", obj=referral, subject=referral.beneficiary
    )
    _notify(referral, actor, access.sides)
    return referral


def _validate(to_status: str, appointment_at: datetime | None, decline_reason: str) -> None:
    if to_status == S.APPOINTMENT_SET and appointment_at is None:
        raise IllegalTransition(_("Give the appointment's date and time."))
    if to_status == S.DECLINED and not decline_reason.strip():
        raise IllegalTransition(_("Give a reason for declining."))


def _apply(
    referral: Referral,
    actor: User,
    to_status: str,
    appointment_at: datetime | None,
    decline_reason: str,
) -> None:
    now = timezone.now()
    if to_status == S.SENT:
        referral.sent_at = now
    if to_status in {S.ACCEPTED, S.DECLINED}:
        referral.answered_at = now
    if to_status == S.DECLINED:
        referral.decline_reason = decline_reason
    if to_status == S.APPOINTMENT_SET:
        referral.appointment_at = appointment_at
    if to_status == S.ACCEPTED:
        # Accepting the orientation makes the receiving organisation part of the care team.
        CareTeamMember.objects.get_or_create(
            beneficiary=referral.beneficiary,
            organisation=referral.to_organisation,
            professional=None,
            ended_at=None,
            defaults={
                "role": CareTeamMember.Role.RECEIVING,
                "basis": CareTeamMember.Basis.RECOGNISED,
            },
        )


def _event(referral: Referral, actor: User, start: str, end: str, comment: str = "") -> None:
    org_id = (
        referral.to_organisation_id
        if referral.to_organisation_id in file_organisation_ids(actor)
        and end not in {S.DRAFT, S.SENT}
        else referral.from_organisation_id
    )
    ReferralEvent.objects.create(
        referral=referral,
        from_status=start,
        to_status=end,
        by=actor,
        organisation_id=org_id,
        comment=comment[:250],
    )


def _notify(referral: Referral, actor: User, sides: frozenset[str]) -> None:
    url = reverse("pathways:referral", args=[referral.pk])
    status = S(referral.status).label
    if SENDER in sides and referral.status in {S.SENT, S.CANCELLED}:
        recipients = organisation_staff(organisation_id=referral.to_organisation_id)
        message = _("Referral from %(org)s: %(status)s") % {
            "org": referral.from_organisation,
            "status": status,
        }
    else:
        recipients = [referral.from_user]
        message = _("Your referral to %(org)s: %(status)s") % {
            "org": referral.to_organisation,
            "status": status,
        }
    recipients = [user for user in recipients if user.pk != actor.pk]
    notify(recipients=recipients, message=message, url=url, reference=str(referral.pk)[:8])


@transaction.atomic
def attachment_add(
    *, actor: User, referral: Referral, upload: UploadedFile, name: str = ""
) -> ReferralAttachment:
    if not referral_access(actor, referral).sender:
        raise PermissionDenied(_("Only the sender attaches documents."))
    return _attach(actor, referral, upload, name)


def _attach(
    actor: User, referral: Referral, upload: UploadedFile, name: str = ""
) -> ReferralAttachment:
    attachment = ReferralAttachment.objects.create(
        referral=referral, file=upload, name=name or upload.name or "document", uploaded_by=actor
    )
    audit_record(
        actor=actor, action=AuditAction.REFERRAL_ATTACH, obj=referral, subject=referral.beneficiary
    )
    return attachment
