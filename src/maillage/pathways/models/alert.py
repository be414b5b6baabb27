from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AlertKind(models.TextChoices):
    NO_CONTACT = "no_contact", _("No contact on an active file")
    REFERRAL_UNANSWERED = "referral_unanswered", _("Referral not answered")
    DISCHARGE_NO_FOLLOW_UP = "discharge_no_follow_up", _("Discharge without follow-up")
    REPEATED_NO_SHOW = "repeated_no_show", _("Two no-shows in a row")
    COVER_EXPIRING = "cover_expiring", _("Health cover expiring")
    STEP_OVERDUE = "step_overdue", _("Pathway step overdue")


class AlertRule(models.Model):
    """The delay of each rupture rule, editable by coordinators."""

    kind = models.CharField(_("rule"), max_length=32, choices=AlertKind.choices, unique=True)
    delay_days = models.PositiveIntegerField(_("delay (days)"))
    enabled = models.BooleanField(_("enabled"), default=True)

    class Meta:
        verbose_name = _("alert rule")
        verbose_name_plural = _("alert rules")
        ordering = ["kind"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.delay_days} d)"


class Alert(models.Model):
    """A rupture risk on a file; one open alert per rule and subject, so rules are idempotent."""

    beneficiary = models.ForeignKey(
        "pathways.Beneficiary", on_delete=models.CASCADE, related_name="alerts"
    )
    kind = models.CharField(_("rule"), max_length=32, choices=AlertKind.choices)
    subject = models.CharField(max_length=80)
    organisation = models.ForeignKey(
        "network.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organisation to act"),
    )
    raised_at = models.DateTimeField(_("raised at"), default=timezone.now)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)

    class Meta:
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")
        ordering = ["-raised_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "subject"],
                condition=models.Q(resolved_at__isnull=True),
                name="one_open_alert_per_subject",
            )
        ]
        indexes = [
            # Open alerts in the worklist's order (ties broken by id) so a page stops early.
            models.Index(
                fields=["raised_at", "id"],
                condition=models.Q(resolved_at__isnull=True),
                name="pathways_alert_open_raised",
            ),
        ]

    def __str__(self) -> str:
        return self.get_kind_display()


class Notification(models.Model):
    """An in-app notice; its text never carries health details."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pathway_notifications"
    )
    message = models.CharField(_("message"), max_length=250)
    url = models.CharField(max_length=250, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return self.message
