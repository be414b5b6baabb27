"""Care pathways across establishments (filières) and their steps."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from maillage.core.audit import AuditAction
from maillage.core.models import User
from maillage.core.permissions import is_coordinator
from maillage.core.services import PermissionDenied, audit_record
from maillage.network.models import Network, Organisation
from maillage.pathways.access import Action
from maillage.pathways.models import (
    Beneficiary,
    Pathway,
    PathwayStep,
    PathwayTemplate,
    TemplateStep,
)
from maillage.pathways.services.common import require, touch


@dataclass(frozen=True)
class StepSpec:
    name: str
    organisation: Organisation
    target_days: int


@transaction.atomic
def pathway_template_create(
    *,
    actor: User,
    name: str,
    steps: list[StepSpec],
    description: str = "",
    network: Network | None = None,
) -> PathwayTemplate:
    if not is_coordinator(actor):
        raise PermissionDenied("Only a network coordinator defines pathways.")
    template = PathwayTemplate.objects.create(
        name=name, description=description, network=network, created_by=actor
    )
    TemplateStep.objects.bulk_create(
        TemplateStep(
            template=template,
            order=n,
            name=spec.name,
            organisation=spec.organisation,
            target_days=spec.target_days,
        )
        for n, spec in enumerate(steps, start=1)
    )
    audit_record(actor=actor, action=AuditAction.PATHWAY_TEMPLATE_CREATE, obj=template)
    return template


@transaction.atomic
def pathway_start(
    *,
    actor: User,
    beneficiary: Beneficiary,
    template: PathwayTemplate,
    started_on: date | None = None,
) -> Pathway:
    require(actor, beneficiary, Action.REFER)
    started_on = started_on or timezone.localdate()
    pathway = Pathway.objects.create(
        beneficiary=beneficiary, template=template, started_on=started_on
    )
    steps = list(template.steps.order_by("order"))
    PathwayStep.objects.bulk_create(
        PathwayStep(
            pathway=pathway,
            order=step.order,
            name=step.name,
            organisation_id=step.organisation_id,
            target_days=step.target_days,
            due_on=started_on + timedelta(days=step.target_days) if n == 0 else None,
        )
        for n, step in enumerate(steps)
    )
    touch(beneficiary)
    audit_record(
        actor=actor,
        action=AuditAction.PATHWAY_START,
        obj=beneficiary,
        subject=beneficiary,
        detail={"pathway": pathway.pk},
    )
    return pathway


@transaction.atomic
def pathway_step_complete(
    *, actor: User, step: PathwayStep, completed_on: date | None = None, skipped: bool = False
) -> PathwayStep:
    """Completing a step sets the next step's due date from its target delay."""
    beneficiary = step.pathway.beneficiary
    require(actor, beneficiary, Action.ADD_NOTE)
    step.completed_on = completed_on or timezone.localdate()
    step.status = PathwayStep.Status.SKIPPED if skipped else PathwayStep.Status.DONE
    step.save(update_fields=["completed_on", "status"])
    following = step.pathway.steps.filter(order__gt=step.order).order_by("order").first()
    if following is not None and following.due_on is None:
        following.due_on = step.completed_on + timedelta(days=following.target_days)
        following.save(update_fields=["due_on"])
    touch(beneficiary)
    audit_record(
        actor=actor,
        action=AuditAction.PATHWAY_STEP,
        obj=beneficiary,
        subject=beneficiary,
        detail={"step": step.pk},
    )
    return step
