"""Annual reports: each row is one edition of a report, computed by the worker, then published.

A published edition is frozen: its protected tables (`content`) and its PDF are kept as they
were and never recomputed. A newer edition of the same report supersedes it in the archive.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ReportKind(models.TextChoices):
    NETWORK = "network", _("Network report")
    HUB = "hub", _("Hub report")
    CONTRACT = "contract", _("Local health contract report")


class ReportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Computing")
    READY = "ready", _("Ready for review")
    FAILED = "failed", _("Failed")
    PUBLISHED = "published", _("Published")
    SUPERSEDED = "superseded", _("Superseded by a newer edition")


PUBLIC_STATUSES = (ReportStatus.PUBLISHED, ReportStatus.SUPERSEDED)


class ReportQuerySet(models.QuerySet["Report"]):
    def published(self) -> ReportQuerySet:
        return self.filter(status__in=PUBLIC_STATUSES)

    def same_report(self, report: Report) -> ReportQuerySet:
        return self.filter(
            kind=report.kind, year=report.year, hub_id=report.hub_id, contract_id=report.contract_id
        )


class Report(models.Model):
    kind = models.CharField(_("kind"), max_length=16, choices=ReportKind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    hub = models.ForeignKey(
        "network.Hub", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    contract = models.ForeignKey(
        "programmes.LocalHealthContract",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    title = models.CharField(_("title"), max_length=250)
    status = models.CharField(
        _("status"), max_length=16, choices=ReportStatus.choices, default=ReportStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    step = models.CharField(_("current step"), max_length=120, blank=True)
    error = models.TextField(_("reason of the failure"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    computed_at = models.DateTimeField(_("computed at"), null=True, blank=True)
    content = models.JSONField(_("protected tables"), default=dict, blank=True)
    edition = models.PositiveSmallIntegerField(_("edition"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    pdf = models.BinaryField(_("PDF"), null=True, blank=True, editable=False)
    shared_with = models.ManyToManyField(
        "network.Organisation",
        blank=True,
        related_name="+",
        verbose_name=_("shared with (funders)"),
    )

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-year", "kind", "title", "-requested_at"]
        indexes = [models.Index(fields=["kind", "year", "status"])]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "year", "hub", "contract", "edition"],
                condition=models.Q(edition__isnull=False),
                name="one_number_per_edition",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def frozen(self) -> bool:
        return self.status in PUBLIC_STATUSES

    @property
    def in_progress(self) -> bool:
        return self.status in (ReportStatus.QUEUED, ReportStatus.RUNNING)
