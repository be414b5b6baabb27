"""Signals watched by the network, weekly counts from partners, detection runs and alerts.

Everything here is aggregated: counts per organisation and week, never a person.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from maillage.surveillance.weeks import week_label


class Method(models.TextChoices):
    EARS_C1 = "earsC1", "EARS C1"
    EARS_C2 = "earsC2", "EARS C2"
    EARS_C3 = "earsC3", "EARS C3"
    FARRINGTON = "farrington", "Farrington (1996)"
    FARRINGTON_FLEXIBLE = "farringtonFlexible", _("Improved Farrington (Noufaily 2013)")


class SignalDefinition(models.Model):
    """A syndrome or event the partners count every week."""

    class Kind(models.TextChoices):
        SYNDROME = "syndrome", _("Syndrome")
        EVENT = "event", _("Event")

    class Notify(models.TextChoices):
        COORDINATORS = "coordinators", _("Coordinators")
        COORDINATORS_AND_PARTNERS = "partners", _("Coordinators and the partners concerned")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.SYNDROME)
    unit = models.CharField(_("unit"), max_length=60, default="cas")
    description = models.TextField(_("description"), blank=True)
    method = models.CharField(
        _("algorithm"), max_length=32, choices=Method.choices, default=Method.FARRINGTON_FLEXIBLE
    )
    params = models.JSONField(
        _("parameters"),
        default=dict,
        blank=True,
        help_text=_("Control parameters with the R names of the surveillance package."),
    )
    notify = models.CharField(
        _("who is notified"),
        max_length=16,
        choices=Notify.choices,
        default=Notify.COORDINATORS_AND_PARTNERS,
    )
    is_active = models.BooleanField(_("active"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("signal")
        verbose_name_plural = _("signals")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class ReportingPartnerQuerySet(models.QuerySet["ReportingPartner"]):
    def expected_on(self, week_start: dt.date) -> ReportingPartnerQuerySet:
        return self.filter(
            Q(started_on__lte=week_start),
            Q(ended_on__isnull=True) | Q(ended_on__gte=week_start),
        )


class ReportingPartner(models.Model):
    """An organisation expected to report every week (for the completeness view)."""

    organisation = models.OneToOneField(
        "network.Organisation", on_delete=models.CASCADE, related_name="reporting_partner"
    )
    started_on = models.DateField(_("reports from"), default=timezone.localdate)
    ended_on = models.DateField(_("until"), null=True, blank=True)

    objects = ReportingPartnerQuerySet.as_manager()

    class Meta:
        verbose_name = _("reporting partner")
        verbose_name_plural = _("reporting partners")

    def __str__(self) -> str:
        return str(self.organisation)


class WeeklyReport(models.Model):
    """One organisation's counts for one ISO week; its values are those of the latest revision."""

    organisation = models.ForeignKey(
        "network.Organisation", on_delete=models.PROTECT, related_name="weekly_reports"
    )
    week_start = models.DateField(_("week (Monday)"), db_index=True)
    created_at = models.DateTimeField(_("first submitted at"), default=timezone.now)
    updated_at = models.DateTimeField(_("last revised at"), default=timezone.now)
    revision_count = models.PositiveIntegerField(_("revisions"), default=0)

    class Meta:
        verbose_name = _("weekly report")
        verbose_name_plural = _("weekly reports")
        ordering = ["-week_start", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "week_start"], name="unique_weekly_report"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} — {self.week}"

    @property
    def week(self) -> str:
        return week_label(self.week_start)


class WeeklyReportRevision(models.Model):
    """Append-only history: every submission or correction of a report."""

    class Source(models.TextChoices):
        FORM = "form", _("Entry form")
        CSV = "csv", _("CSV upload")
        API = "api", _("API")
        DEMO = "demo", _("Demo data")

    report = models.ForeignKey(WeeklyReport, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField(_("revision"))
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    source = models.CharField(_("source"), max_length=8, choices=Source.choices)
    counts = models.JSONField(_("counts"), default=dict, help_text=_("Signal code → count."))
    is_late = models.BooleanField(_("late"), default=False)
    comment = models.CharField(_("comment"), max_length=250, blank=True)

    class Meta:
        verbose_name = _("weekly report revision")
        verbose_name_plural = _("weekly report revisions")
        ordering = ["report", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="unique_report_revision")
        ]

    def __str__(self) -> str:
        return f"{self.report} #{self.number}"


class WeeklyCount(models.Model):
    """The current count of one signal in one report (mirrors the latest revision)."""

    report = models.ForeignKey(WeeklyReport, on_delete=models.CASCADE, related_name="counts")
    signal = models.ForeignKey(SignalDefinition, on_delete=models.PROTECT, related_name="counts")
    count = models.PositiveIntegerField(_("count"))

    class Meta:
        verbose_name = _("weekly count")
        verbose_name_plural = _("weekly counts")
        constraints = [
            models.UniqueConstraint(fields=["report", "signal"], name="unique_weekly_count")
        ]

    def __str__(self) -> str:
        return f"{self.signal}: {self.count}"


class DetectionRun(models.Model):
    """One pass of the detection engine over every active signal, judging some weeks."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    class Trigger(models.TextChoices):
        SCHEDULE = "schedule", _("Scheduled, after the week closed")
        MANUAL = "manual", _("On demand")
        DEMO = "demo", _("Demo")

    week_start = models.DateField(_("judged week (Monday)"), db_index=True)
    first_week = models.DateField(_("first judged week"))
    trigger = models.CharField(_("trigger"), max_length=10, choices=Trigger.choices)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    summary = models.JSONField(_("summary"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("detection run")
        verbose_name_plural = _("detection runs")
        ordering = ["-requested_at", "-id"]

    def __str__(self) -> str:
        return f"{week_label(self.week_start)} ({self.get_status_display()})"

    @property
    def week(self) -> str:
        return week_label(self.week_start)


class DetectionResult(models.Model):
    """The engine's judgement of one week of one series; later runs overwrite it."""

    signal = models.ForeignKey(SignalDefinition, on_delete=models.CASCADE, related_name="results")
    territory = models.ForeignKey(
        "network.Territory", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    scope = models.CharField(_("scope key"), max_length=24)
    week_start = models.DateField(_("week (Monday)"))
    observed = models.PositiveIntegerField(_("observed"), null=True)
    expected = models.FloatField(_("expected"), null=True)
    upperbound = models.FloatField(_("threshold"), null=True)
    alarm = models.BooleanField(_("alarm"), null=True)
    run = models.ForeignKey(DetectionRun, on_delete=models.CASCADE, related_name="results")

    class Meta:
        verbose_name = _("detection result")
        verbose_name_plural = _("detection results")
        constraints = [
            models.UniqueConstraint(
                fields=["signal", "scope", "week_start"], name="unique_detection_result"
            )
        ]

    def __str__(self) -> str:
        return f"{self.signal} {self.scope} {week_label(self.week_start)}"


class AlertStatus(models.TextChoices):
    NEW = "new", _("New")
    INVESTIGATING = "investigating", _("Investigating")
    CONFIRMED = "confirmed", _("Confirmed")
    DISMISSED = "dismissed", _("Dismissed")


# The only moves an alert may make.
TRANSITIONS: dict[str, frozenset[str]] = {
    AlertStatus.NEW: frozenset({AlertStatus.INVESTIGATING}),
    AlertStatus.INVESTIGATING: frozenset({AlertStatus.CONFIRMED, AlertStatus.DISMISSED}),
    AlertStatus.CONFIRMED: frozenset(),
    AlertStatus.DISMISSED: frozenset(),
}
OPEN_STATUSES = (AlertStatus.NEW, AlertStatus.INVESTIGATING)


class SurveillanceAlert(models.Model):
    """An abnormal weekly count of a signal in a territory (or the whole network)."""

    signal = models.ForeignKey(SignalDefinition, on_delete=models.PROTECT, related_name="alerts")
    territory = models.ForeignKey(
        "network.Territory", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    scope = models.CharField(_("scope key"), max_length=24)
    week_start = models.DateField(_("week (Monday)"), db_index=True)
    observed = models.PositiveIntegerField(_("observed"))
    expected = models.FloatField(_("expected"), null=True)
    upperbound = models.FloatField(_("threshold"), null=True)
    status = models.CharField(
        _("status"), max_length=16, choices=AlertStatus.choices, default=AlertStatus.NEW
    )
    raised_by = models.ForeignKey(
        DetectionRun, on_delete=models.PROTECT, related_name="alerts", verbose_name=_("raised by")
    )
    created_at = models.DateTimeField(_("raised at"), default=timezone.now)
    status_changed_at = models.DateTimeField(_("status changed at"), default=timezone.now)

    class Meta:
        verbose_name = _("surveillance alert")
        verbose_name_plural = _("surveillance alerts")
        ordering = ["-week_start", "signal__position", "scope"]
        constraints = [
            models.UniqueConstraint(
                fields=["signal", "scope", "week_start"], name="unique_surveillance_alert"
            )
        ]

    def __str__(self) -> str:
        return f"{self.signal} — {self.place} — {self.week}"

    @property
    def week(self) -> str:
        return week_label(self.week_start)

    @property
    def place(self) -> str:
        return self.territory.name if self.territory else str(_("Whole network"))

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class AlertEvent(models.Model):
    """A status change or a comment on an alert."""

    alert = models.ForeignKey(SurveillanceAlert, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("when"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    from_status = models.CharField(_("from"), max_length=16, blank=True)
    to_status = models.CharField(_("to"), max_length=16, blank=True)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("alert event")
        verbose_name_plural = _("alert events")
        ordering = ["alert", "at", "id"]

    def __str__(self) -> str:
        return f"{self.alert_id} {self.from_status}→{self.to_status}"


class Notification(models.Model):
    """In-app notice of an alert to one person (e-mailed as well)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="surveillance_notices"
    )
    alert = models.ForeignKey(
        SurveillanceAlert, on_delete=models.CASCADE, related_name="notifications"
    )
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "alert"], name="unique_alert_notice")
        ]

    def __str__(self) -> str:
        return f"{self.recipient_id} ← {self.alert_id}"
