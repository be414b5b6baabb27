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
    governance = models.ManyToManyField(
        "meetings.MeetingSeries",
        blank=True,
        related_name="health_contracts",
        verbose_name=_("governance bodies"),
        help_text=_("The steering and technical committees, as meeting series."),
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


class Amendment(models.Model):
    """An avenant: a dated change to the contract."""

    contract = models.ForeignKey(
        LocalHealthContract, on_delete=models.CASCADE, related_name="amendments"
    )
    dated = models.DateField(_("date"))
    subject = models.CharField(_("object"), max_length=200)
    text = models.TextField(_("text"), blank=True)

    class Meta:
        verbose_name = _("amendment")
        verbose_name_plural = _("amendments")
        ordering = ["contract", "dated"]

    def __str__(self) -> str:
        return f"{self.dated:%d/%m/%Y} {self.subject}"


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


class Priority(models.TextChoices):
    HIGH = "high", _("High")
    MEDIUM = "medium", _("Medium")
    LOW = "low", _("Low")


class Participation(models.TextChoices):
    """Citizen participation, on the usual scale of the ateliers santé ville."""

    NONE = "none", _("None")
    INFORMATION = "information", _("Information")
    CONSULTATION = "consultation", _("Consultation")
    CONCERTATION = "concertation", _("Concertation")
    CO_CONSTRUCTION = "co_construction", _("Co-construction")


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
    lead_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_actions",
        verbose_name=_("lead person"),
    )
    partners = models.ManyToManyField(
        "network.Organisation", blank=True, related_name="partner_actions"
    )
    publics = models.JSONField(_("target publics"), default=list, blank=True)
    territories = models.ManyToManyField(
        "network.Territory", blank=True, related_name="health_actions"
    )
    priority = models.CharField(
        _("priority"), max_length=8, choices=Priority.choices, default=Priority.MEDIUM
    )
    participation = models.CharField(
        _("citizen participation"),
        max_length=16,
        choices=Participation.choices,
        default=Participation.NONE,
    )
    start = models.DateField(_("start"), null=True, blank=True)
    planned_end = models.DateField(_("planned end"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=ActionStatus.choices, default=ActionStatus.PLANNED
    )
    events = models.ManyToManyField(
        "activity.PreventionEvent", blank=True, related_name="health_actions"
    )
    needs = models.ManyToManyField("meetings.Need", blank=True, related_name="health_actions")
    decisions = models.ManyToManyField(
        "meetings.Decision", blank=True, related_name="health_actions"
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

    def public_labels(self) -> list[str]:
        from maillage.directory.vocabulary import PUBLICS

        return [PUBLICS.get(code, code) for code in self.publics]

    def is_late(self, today: dt.date) -> bool:
        """Past its planned end and neither done nor abandoned."""
        return (
            self.planned_end is not None
            and self.planned_end < today
            and self.status not in (ActionStatus.DONE, ActionStatus.ABANDONED)
        )


class Milestone(models.Model):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("title"), max_length=200)
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    reminded_on = models.DateField(_("reminder sent on"), null=True, blank=True)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["action", "due_on"]

    def __str__(self) -> str:
        return self.title


class BudgetLine(models.Model):
    """What one funder puts into one action for one year: planned, committed, spent (euros)."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="budget_lines")
    year = models.PositiveSmallIntegerField(_("year"))
    funder = models.ForeignKey(
        "network.Organisation", on_delete=models.PROTECT, related_name="funded_action_lines"
    )
    planned = models.DecimalField(_("planned"), max_digits=12, decimal_places=2, default=0)
    committed = models.DecimalField(_("committed"), max_digits=12, decimal_places=2, default=0)
    spent = models.DecimalField(_("spent"), max_digits=12, decimal_places=2, default=0)

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["action", "year", "funder__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["action", "year", "funder"], name="programmes_budget_line_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.funder}"


class FollowUpNote(models.Model):
    """A dated note on how the action goes (never about a person)."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="notes")
    text = models.TextField(_("text"))
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    written_at = models.DateTimeField(_("written at"), auto_now_add=True)

    class Meta:
        verbose_name = _("follow-up note")
        verbose_name_plural = _("follow-up notes")
        ordering = ["action", "-written_at"]

    def __str__(self) -> str:
        return self.text[:60]


class Direction(models.TextChoices):
    HIGHER = "higher", _("Higher is better")
    LOWER = "lower", _("Lower is better")


class IndicatorSource(models.TextChoices):
    """Where a measurement comes from: entered by hand, or one source of the fixed catalogue."""

    ENTERED = "entered", _("Entered by the action's lead")
    UNIQUE_PEOPLE = "unique_people", _("Unique people reached (activity counts)")
    CONTACTS = "contacts", _("Contacts recorded")
    EVENTS = "events", _("Prevention events held")
    AUDIENCE = "audience", _("Audience of prevention events")
    REFERRALS_SENT = "referrals_sent", _("Referrals sent")
    REFERRALS_CLOSED = "referrals_closed", _("Referrals closed (closed loop)")
    DISCHARGES_FOLLOWED = "discharges_followed", _("Hospital discharges with a follow-up")
    MEETINGS_HELD = "meetings_held", _("Partner meetings held")
    INHABITANTS_PRESENT = "inhabitants_present", _("Inhabitants present at meetings")
    # Registered by the calls app, which sits above this one.
    GRANTS_AWARDED = "grants_awarded", _("Grants awarded (€)")
    GRANTEE_PEOPLE_REACHED = "grantee_people", _("People reached, as grantees report")
    GRANTEE_ACTIONS_HELD = "grantee_actions", _("Actions held, as grantees report")


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
    themes = models.JSONField(
        _("themes"),
        default=list,
        blank=True,
        help_text=_("Filter of a computed source on the activity themes; empty means all."),
    )
    linked_events_only = models.BooleanField(
        _("only the action's linked events"),
        default=True,
        help_text=_("For event sources: count the events linked to the action (or its hub's)."),
    )
    reminded_on = models.DateField(_("measurement reminder sent on"), null=True, blank=True)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self) -> str:
        return self.definition


class Target(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.IntegerField(_("target"))

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["indicator", "year"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year"], name="programmes_target_unique")
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.value}"


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


class CampaignScope(models.TextChoices):
    NATIONAL = "national", _("National")
    LOCAL = "local", _("Local")


class Campaign(models.Model):
    """A prevention campaign (Octobre rose, Mois sans tabac, Modéra'teuf…) and the actions it
    serves; the activity app's prevention events belong to it."""

    slug = models.SlugField(_("slug"), unique=True)
    title = models.CharField(_("title"), max_length=200)
    scope = models.CharField(_("scope"), max_length=8, choices=CampaignScope.choices)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    themes = models.JSONField(_("themes"), default=list, blank=True)
    description = models.TextField(_("description"), blank=True)
    actions = models.ManyToManyField(Action, blank=True, related_name="campaigns")
    events = models.ManyToManyField(
        "activity.PreventionEvent", through="CampaignEvent", blank=True, related_name="campaigns"
    )

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["starts_on", "title"]

    def __str__(self) -> str:
        return self.title


class CampaignEvent(models.Model):
    """A prevention event belongs to at most one campaign."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="+")
    event = models.OneToOneField(
        "activity.PreventionEvent", on_delete=models.CASCADE, related_name="campaign_link"
    )

    class Meta:
        verbose_name = _("campaign event")
        verbose_name_plural = _("campaign events")

    def __str__(self) -> str:
        return f"{self.campaign} — {self.event}"
