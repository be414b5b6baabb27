from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class InformationNotice(models.Model):
    """The person was told how their data is shared inside the care team (CSP L1110-4 III)."""

    class Method(models.TextChoices):
        ORAL = "oral", _("Orally")
        LEAFLET = "leaflet", _("Written leaflet")
        ORAL_AND_LEAFLET = "oral_and_leaflet", _("Orally and with a leaflet")

    beneficiary = models.ForeignKey(
        "pathways.Beneficiary", on_delete=models.CASCADE, related_name="information_notices"
    )
    informed_on = models.DateField(_("informed on"), default=timezone.localdate)
    informed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(
        "network.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    method = models.CharField(_("how"), max_length=20, choices=Method.choices)
    language = models.CharField(_("language used"), max_length=40, blank=True)
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("information notice")
        verbose_name_plural = _("information notices")
        ordering = ["-informed_on"]

    def __str__(self) -> str:
        return f"{self.informed_on} — {self.get_method_display()}"


class ConsentQuerySet(models.QuerySet["Consent"]):
    def active(self) -> ConsentQuerySet:
        return self.filter(withdrawn_at__isnull=True)


class Consent(models.Model):
    """Agreement to share outside the care team (CSP L1110-4 IV); withdrawable at any time."""

    class Scope(models.TextChoices):
        SOCIAL = "social", _("Social information")
        SOCIAL_AND_HEALTH = "social_and_health", _("Social and health information")

    class Method(models.TextChoices):
        ORAL = "oral", _("Oral, noted in the file")
        WRITTEN = "written", _("Written and signed")
        ELECTRONIC = "electronic", _("Electronic")

    beneficiary = models.ForeignKey(
        "pathways.Beneficiary", on_delete=models.CASCADE, related_name="consents"
    )
    scope = models.CharField(_("scope"), max_length=20, choices=Scope.choices)
    purpose = models.CharField(_("purpose"), max_length=250, blank=True)
    recipients = models.ManyToManyField(
        "network.Organisation", related_name="consents_received", verbose_name=_("recipients")
    )
    method = models.CharField(_("how it was collected"), max_length=12, choices=Method.choices)
    collected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    collected_by_organisation = models.ForeignKey(
        "network.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    given_at = models.DateTimeField(_("given at"), default=timezone.now)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = ConsentQuerySet.as_manager()

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-given_at"]

    def __str__(self) -> str:
        return f"{self.get_scope_display()} — {self.given_at:%Y-%m-%d}"


class CareTeamQuerySet(models.QuerySet["CareTeamMember"]):
    def active(self) -> CareTeamQuerySet:
        now = timezone.now()
        return self.filter(
            models.Q(started_at__lte=now),
            models.Q(ended_at__isnull=True) | models.Q(ended_at__gt=now),
        )


class CareTeamMember(models.Model):
    """A professional (or a whole organisation) taking part in the person's care (L1110-12)."""

    class Role(models.TextChoices):
        REFERENT = "referent", _("Referent")
        MEMBER = "member", _("Member")
        HOSPITAL = "hospital", _("Hospital team")
        RECEIVING = "receiving", _("Receiving service")

    class Basis(models.TextChoices):
        SAME_ESTABLISHMENT = "same_establishment", _("Same establishment")
        RECOGNISED = "recognised", _("Recognised by the person")
        FORMAL_TEAM = "formal_team", _("Formal care team")

    beneficiary = models.ForeignKey(
        "pathways.Beneficiary", on_delete=models.CASCADE, related_name="care_team"
    )
    # Without a professional the whole organisation's staff takes part (e.g. an accepted referral).
    professional = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="care_team_memberships",
    )
    organisation = models.ForeignKey(
        "network.Organisation", on_delete=models.PROTECT, related_name="care_team_memberships"
    )
    role = models.CharField(_("role"), max_length=12, choices=Role.choices, default=Role.MEMBER)
    basis = models.CharField(_("basis"), max_length=20, choices=Basis.choices)
    started_at = models.DateTimeField(_("from"), default=timezone.now)
    ended_at = models.DateTimeField(_("until"), null=True, blank=True)

    objects = CareTeamQuerySet.as_manager()

    class Meta:
        verbose_name = _("care team member")
        verbose_name_plural = _("care team members")
        ordering = ["started_at"]
        indexes = [
            models.Index(fields=["professional", "ended_at"]),
            models.Index(fields=["organisation", "ended_at"]),
            # "Is this file's team one of mine?", asked row by row by the worklists.
            models.Index(fields=["beneficiary", "organisation"]),
        ]

    def __str__(self) -> str:
        who = self.professional or self.organisation
        return f"{who} ({self.get_role_display()})"

    @staticmethod
    def active_at(started_at: datetime, ended_at: datetime | None, now: datetime) -> bool:
        """The rule of `CareTeamMember.objects.active()`, for rows already read."""
        return started_at <= now and (ended_at is None or ended_at > now)
