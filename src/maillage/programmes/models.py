"""The Contrat Local de Santé: a contract signed on a territory, its signatories, its priority
axes and the actions (fiches action) under each axis."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ContractStatus(models.TextChoices):
    IN_PREPARATION = "in_preparation", _("In preparation")
    SIGNED = "signed", _("Signed")
    IN_FORCE = "in_force", _("In force")
    UNDER_EVALUATION = "under_evaluation", _("Under evaluation")
    ENDED = "ended", _("Ended")


class LocalHealthContract(models.Model):
    """A Contrat Local de Santé between the ARS and a territory's partners."""

    slug = models.SlugField(_("slug"), unique=True)
    title = models.CharField(_("title"), max_length=200)
    territory = models.ForeignKey(
        "network.Territory", on_delete=models.PROTECT, related_name="health_contracts"
    )
    diagnosis_start = models.DateField(_("diagnosis start"), null=True, blank=True)
    diagnosis_end = models.DateField(_("diagnosis end"), null=True, blank=True)
    adopted_on = models.DateField(_("adopted by the council on"), null=True, blank=True)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    start = models.DateField(_("start"), null=True, blank=True)
    end = models.DateField(_("end"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ContractStatus.choices,
        default=ContractStatus.IN_PREPARATION,
    )

    class Meta:
        verbose_name = _("local health contract")
        verbose_name_plural = _("local health contracts")

    def __str__(self) -> str:
        return self.title


class Signatory(models.Model):
    contract = models.ForeignKey(
        LocalHealthContract, on_delete=models.CASCADE, related_name="signatories"
    )
    organisation = models.ForeignKey(
        "network.Organisation", on_delete=models.PROTECT, related_name="signed_contracts"
    )
    role = models.CharField(_("role"), max_length=120, blank=True)
    signer_title = models.CharField(_("signer's title"), max_length=200, blank=True)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)

    class Meta:
        verbose_name = _("signatory")
        verbose_name_plural = _("signatories")
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "organisation"], name="programmes_signatory_unique"
            )
        ]

    def __str__(self) -> str:
        return str(self.organisation)


class Axis(models.Model):
    contract = models.ForeignKey(LocalHealthContract, on_delete=models.CASCADE, related_name="axes")
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("axis")
        verbose_name_plural = _("axes")
        ordering = ["contract", "number"]
        constraints = [
            models.UniqueConstraint(fields=["contract", "number"], name="programmes_axis_unique")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class ActionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    PAUSED = "paused", _("Paused")
    ABANDONED = "abandoned", _("Abandoned")


class Action(models.Model):
    """A fiche action: what will be done under an axis, by whom, until when."""

    axis = models.ForeignKey(Axis, on_delete=models.CASCADE, related_name="actions")
    number = models.CharField(_("number"), max_length=12)
    title = models.CharField(_("title"), max_length=200)
    objectives = models.TextField(_("objectives"), blank=True)
    description = models.TextField(_("description"), blank=True)
    lead_organisation = models.ForeignKey(
        "network.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_actions",
    )
    start = models.DateField(_("start"), null=True, blank=True)
    planned_end = models.DateField(_("planned end"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=ActionStatus.choices, default=ActionStatus.PLANNED
    )

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["axis", "number"]
        constraints = [
            models.UniqueConstraint(fields=["axis", "number"], name="programmes_action_unique")
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def is_late(self, today: dt.date) -> bool:
        """Past its planned end and neither done nor abandoned."""
        return (
            self.planned_end is not None
            and self.planned_end < today
            and self.status not in (ActionStatus.DONE, ActionStatus.ABANDONED)
        )


class Direction(models.TextChoices):
    HIGHER = "higher", _("Higher is better")
    LOWER = "lower", _("Lower is better")


class IndicatorSource(models.TextChoices):
    """Where a measurement comes from: entered by hand, or one source of the fixed catalogue."""

    ENTERED = "entered", _("Entered by the action's lead")
    UNIQUE_PEOPLE = "unique_people", _("Unique people reached (activity counts)")


class Indicator(models.Model):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="indicators")
    definition = models.CharField(_("definition"), max_length=300)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    direction = models.CharField(
        _("direction"), max_length=8, choices=Direction.choices, default=Direction.HIGHER
    )
    baseline = models.IntegerField(_("baseline"), null=True, blank=True)
    source = models.CharField(
        _("source"), max_length=20, choices=IndicatorSource.choices, default=IndicatorSource.ENTERED
    )
    hub = models.ForeignKey(
        "network.Hub",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Filter of a computed source; empty means the whole network."),
    )

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self) -> str:
        return self.definition


class Measurement(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="measurements")
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.IntegerField(_("value"))
    comment = models.TextField(_("comment"), blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    computed_from = models.CharField(_("computed from"), max_length=200, blank=True)
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        ordering = ["indicator", "year", "-recorded_at"]

    def __str__(self) -> str:
        return f"{self.year}: {self.value}"
