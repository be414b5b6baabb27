from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PathwayTemplate(models.Model):
    """A filière defined by a coordinator, e.g. a hospital grouping's cancer pathway."""

    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    network = models.ForeignKey(
        "network.Network", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("pathway template")
        verbose_name_plural = _("pathway templates")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class TemplateStep(models.Model):
    template = models.ForeignKey(PathwayTemplate, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField(_("order"))
    name = models.CharField(_("name"), max_length=200)
    organisation = models.ForeignKey(
        "network.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("responsible organisation"),
    )
    target_days = models.PositiveIntegerField(
        _("target delay (days)"), help_text=_("From the end of the previous step")
    )

    class Meta:
        verbose_name = _("template step")
        verbose_name_plural = _("template steps")
        ordering = ["template", "order"]
        constraints = [
            models.UniqueConstraint(fields=["template", "order"], name="unique_template_step")
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.name}"


class Pathway(models.Model):
    beneficiary = models.ForeignKey(
        "pathways.Beneficiary", on_delete=models.CASCADE, related_name="pathways"
    )
    template = models.ForeignKey(PathwayTemplate, on_delete=models.PROTECT, related_name="+")
    started_on = models.DateField(_("started on"), default=timezone.localdate)

    class Meta:
        verbose_name = _("pathway")
        verbose_name_plural = _("pathways")
        ordering = ["-started_on"]

    def __str__(self) -> str:
        return f"{self.template} ({self.started_on})"


class PathwayStep(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("To do")
        DONE = "done", _("Done")
        SKIPPED = "skipped", _("Skipped")

    pathway = models.ForeignKey(Pathway, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField(_("order"))
    name = models.CharField(_("name"), max_length=200)
    organisation = models.ForeignKey(
        "network.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    target_days = models.PositiveIntegerField(_("target delay (days)"))
    due_on = models.DateField(_("due on"), null=True, blank=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.PENDING
    )

    class Meta:
        verbose_name = _("pathway step")
        verbose_name_plural = _("pathway steps")
        ordering = ["pathway", "order"]
        indexes = [models.Index(fields=["status", "due_on"])]

    def __str__(self) -> str:
        return f"{self.order}. {self.name}"

    def delay_days(self, today: date | None = None) -> int | None:
        return self.delay_between(self.due_on, self.completed_on, today or timezone.localdate())

    @staticmethod
    def delay_between(due_on: date | None, completed_on: date | None, today: date) -> int | None:
        """Days late (positive) or early (negative) against the target; None before it is due."""
        if due_on is None:
            return None
        return ((completed_on or today) - due_on).days
