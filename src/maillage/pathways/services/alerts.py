"""Coordinators tune the rupture rules; the care team resolves alerts it has dealt with."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from maillage.core.audit import AuditAction
from maillage.core.models import User
from maillage.core.permissions import is_coordinator
from maillage.core.services import PermissionDenied, audit_record
from maillage.pathways.access import Action
from maillage.pathways.models import Alert, AlertRule, Notification
from maillage.pathways.services.common import require


@transaction.atomic
def alert_rule_update(*, actor: User, rule: AlertRule, delay_days: int, enabled: bool) -> None:
    if not is_coordinator(actor):
        raise PermissionDenied("Only a network coordinator tunes the alert rules.")
    rule.delay_days, rule.enabled = delay_days, enabled
    rule.save(update_fields=["delay_days", "enabled"])
    audit_record(
        actor=actor,
        action=AuditAction.ALERT_RULE_UPDATE,
        obj=rule,
        detail={"delay_days": delay_days, "enabled": enabled},
    )


@transaction.atomic
def alert_resolve(*, actor: User, alert: Alert) -> None:
    require(actor, alert.beneficiary, Action.ADD_NOTE)
    alert.resolved_at = timezone.now()
    alert.save(update_fields=["resolved_at"])
    audit_record(
        actor=actor,
        action=AuditAction.ALERT_RESOLVE,
        obj=alert.beneficiary,
        subject=alert.beneficiary,
        detail={"alert": alert.pk},
    )


def notifications_mark_read(*, actor: User) -> int:
    return Notification.objects.filter(recipient=actor, read_at__isnull=True).update(
        read_at=timezone.now()
    )
