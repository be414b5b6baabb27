"""Hospital admission and discharge, with the discharge checklist."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.core.audit import AuditAction
from maillage.core.models import User
from maillage.core.services import audit_record
from maillage.network.models import Organisation
from maillage.pathways.access import Action
from maillage.pathways.models import Beneficiary, CareTeamMember, HospitalStay
from maillage.pathways.models.stay import CHECKLIST
from maillage.pathways.notifications import notify
from maillage.pathways.selectors import organisation_staff
from maillage.pathways.services.common import file_url, require, touch


class ChecklistIncomplete(ValueError):
    def __init__(self, missing: list[str]) -> None:
        super().__init__(_("The discharge checklist is incomplete."))
        self.missing = missing


@transaction.atomic
def stay_admit(
    *,
    actor: User,
    beneficiary: Beneficiary,
    establishment: Organisation,
    unit: str = "",
    via_emergency: bool = False,
    planned_discharge_on: date | None = None,
) -> HospitalStay:
    require(actor, beneficiary, Action.ADD_NOTE)
    stay = HospitalStay.objects.create(
        beneficiary=beneficiary,
        establishment=establishment,
        unit=unit,
        via_emergency=via_emergency,
        planned_discharge_on=planned_discharge_on,
        recorded_by=actor,
    )
    touch(beneficiary)
    audit_record(
        actor=actor,
        action=AuditAction.STAY_ADMIT,
        obj=beneficiary,
        subject=beneficiary,
        detail={"stay": stay.pk},
    )
    notify_care_team(
        beneficiary=beneficiary, actor=actor, message=_("A person you follow was admitted.")
    )
    return stay


def notify_care_team(*, beneficiary: Beneficiary, actor: User, message: str) -> None:
    recipients: dict[int, User] = {}
    for member in CareTeamMember.objects.active().filter(beneficiary=beneficiary):
        if member.professional_id:
            recipients[member.professional_id] = member.professional  # type: ignore[assignment]
        else:
            for user in organisation_staff(organisation_id=member.organisation_id):
                recipients[user.pk] = user
    recipients.pop(actor.pk, None)
    notify(
        recipients=recipients.values(),
        message=message,
        url=file_url(beneficiary),
        reference=beneficiary.reference,
    )


@transaction.atomic
def stay_checklist_update(*, actor: User, stay: HospitalStay, data: dict[str, Any]) -> None:
    require(actor, stay.beneficiary, Action.ADD_NOTE)
    fields = [name for name, _label in CHECKLIST if name in data]
    for name in fields:
        setattr(stay, name, bool(data[name]))
    for name in ("follow_up_on", "planned_discharge_on", "unit"):
        if name in data:
            setattr(stay, name, data[name])
            fields.append(name)
    stay.save(update_fields=fields)
    audit_record(
        actor=actor,
        action=AuditAction.STAY_CHECKLIST,
        obj=stay.beneficiary,
        subject=stay.beneficiary,
        detail={"stay": stay.pk},
    )


@transaction.atomic
def stay_discharge(*, actor: User, stay: HospitalStay, force: bool = False) -> HospitalStay:
    """Refused while the checklist is incomplete, unless recorded with the gaps flagged."""
    require(actor, stay.beneficiary, Action.ADD_NOTE)
    missing = stay.missing_items()
    if missing and not force:
        raise ChecklistIncomplete(missing)
    stay.discharged_at = timezone.now()
    stay.missing_at_discharge = missing
    stay.save(update_fields=["discharged_at", "missing_at_discharge"])
    touch(stay.beneficiary)
    audit_record(
        actor=actor,
        action=AuditAction.STAY_DISCHARGE,
        obj=stay.beneficiary,
        subject=stay.beneficiary,
        detail={"stay": stay.pk, "missing": missing},
    )
    notify_care_team(
        beneficiary=stay.beneficiary,
        actor=actor,
        message=_("A person you follow left hospital."),
    )
    return stay
