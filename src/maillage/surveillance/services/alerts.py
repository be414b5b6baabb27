"""Alerts move new → investigating → confirmed | dismissed; every move is kept and audited."""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from maillage.core.audit import AuditAction
from maillage.core.models import User
from maillage.core.services import PermissionDenied, audit_record
from maillage.surveillance.access import can_manage_alerts
from maillage.surveillance.models import TRANSITIONS, AlertEvent, SurveillanceAlert


class IllegalTransition(ValueError):
    """The alert cannot move to that status from where it is."""


MAX_COMMENT = 2000


@transaction.atomic
def alert_transition(
    *,
    actor: User,
    alert: SurveillanceAlert,
    to_status: str,
    comment: str = "",
    request: HttpRequest | None = None,
) -> SurveillanceAlert:
    if not can_manage_alerts(actor):
        raise PermissionDenied("Only coordinators manage alerts.")
    alert = SurveillanceAlert.objects.select_for_update().get(pk=alert.pk)
    from_status = alert.status
    if to_status not in TRANSITIONS.get(from_status, frozenset()):
        raise IllegalTransition(f"an alert cannot go from {from_status} to {to_status}")
    alert.status, alert.status_changed_at = to_status, timezone.now()
    alert.save(update_fields=["status", "status_changed_at"])
    AlertEvent.objects.create(
        alert=alert,
        actor=actor,
        from_status=from_status,
        to_status=to_status,
        comment=comment.strip()[:MAX_COMMENT],
    )
    audit_record(
        actor=actor,
        action=AuditAction.SURVEILLANCE_ALERT_TRANSITION,
        obj=alert,
        request=request,
        detail={"from": from_status, "to": to_status},
    )
    return alert


@transaction.atomic
def alert_comment(
    *, actor: User, alert: SurveillanceAlert, comment: str, request: HttpRequest | None = None
) -> AlertEvent:
    if not can_manage_alerts(actor):
        raise PermissionDenied("Only coordinators comment on alerts.")
    comment = comment.strip()[:MAX_COMMENT]
    if not comment:
        raise ValueError("an empty comment says nothing")
    event = AlertEvent.objects.create(alert=alert, actor=actor, comment=comment)
    audit_record(
        actor=actor,
        action=AuditAction.SURVEILLANCE_ALERT_COMMENT,
        obj=alert,
        request=request,
        detail={},
    )
    return event
