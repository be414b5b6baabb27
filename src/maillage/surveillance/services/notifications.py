"""Who hears of a new alert: coordinators, and the partners whose counts raised it."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from maillage.core.audit import AuditAction
from maillage.core.models import Role, StaffMembership, User
from maillage.core.notifications import mail_after_commit
from maillage.core.services import PermissionDenied, audit_record
from maillage.network.models import Organisation
from maillage.surveillance.models import (
    Notification,
    SignalDefinition,
    SurveillanceAlert,
    WeeklyCount,
)
from maillage.surveillance.series import organisations_in_scope


def _active_staff(**filters: object) -> QuerySet[StaffMembership]:
    return StaffMembership.objects.active().filter(user__is_active=True, **filters)


def alert_recipients(alert: SurveillanceAlert) -> list[User]:
    """Coordinators; and, if the signal says so, the staff of the partners who counted cases."""
    memberships = _active_staff(role=Role.COORDINATOR)
    ids = set(memberships.values_list("user_id", flat=True))
    if alert.signal.notify == SignalDefinition.Notify.COORDINATORS_AND_PARTNERS:
        ids |= set(
            _active_staff(organisation_id__in=_contributors(alert))
            .exclude(role=Role.FUNDER_VIEWER)
            .values_list("user_id", flat=True)
        )
    return list(User.objects.filter(id__in=ids).order_by("id"))


def _contributors(alert: SurveillanceAlert) -> QuerySet[WeeklyCount, Any]:
    organisations = Organisation.objects.filter(organisations_in_scope(alert.territory))
    return WeeklyCount.objects.filter(
        signal=alert.signal,
        report__week_start=alert.week_start,
        report__organisation__in=organisations,
        count__gt=0,
    ).values("report__organisation_id")


def _message(user: User, alerts: list[SurveillanceAlert]) -> tuple[str, str, str, list[str]]:
    items = [(alert, reverse("surveillance:alert", args=[alert.pk])) for alert in alerts]
    context = {"alerts": alerts, "items": items, "first": alerts[0]}
    subject = render_to_string("surveillance/email/alert_subject.txt", context).strip()
    body = render_to_string("surveillance/email/alert_body.txt", context)
    return subject, body, settings.DEFAULT_FROM_EMAIL, [user.email]


def alerts_notify(*, alerts: list[SurveillanceAlert]) -> int:
    """In-app notices, and one e-mail per person listing their new alerts (sent once the alerts
    are committed); returns the number of e-mails queued."""
    pending: dict[int, tuple[User, list[SurveillanceAlert]]] = {}
    for alert in alerts:
        for user in alert_recipients(alert):
            _, created = Notification.objects.get_or_create(recipient=user, alert=alert)
            if created and user.email:
                pending.setdefault(user.pk, (user, []))[1].append(alert)
    messages = [_message(user, user_alerts) for user, user_alerts in pending.values()]
    return mail_after_commit(messages, topic="surveillance notices")


def notification_mark_read(*, actor: User, notification: Notification) -> Notification:
    if notification.recipient_id != actor.pk:
        raise PermissionDenied("This notification is not yours.")
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
        audit_record(
            actor=actor, action=AuditAction.SURVEILLANCE_NOTIFICATION_READ, obj=notification
        )
    return notification
