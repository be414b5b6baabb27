from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from maillage.core.vocabulary import Sex


class Housing(models.TextChoices):
    HOUSED = "housed", _("Own or rented housing")
    HOSTED = "hosted", _("Hosted by family or friends")
    SHELTER = "shelter", _("Emergency or insertion shelter")
    SQUAT = "squat", _("Squat or camp")
    STREET = "street", _("Street")
    INSTITUTION = "institution", _("Institution")
    UNKNOWN = "unknown", _("Unknown")


class HealthCover(models.TextChoices):
    NONE = "none", _("None")
    PUMA = "puma", "PUMa"
    CSS = "css", "Complémentaire santé solidaire"
    AME = "ame", "AME"


class Beneficiary(models.Model):
    """A person followed by the network. The UUID key makes files impossible to enumerate."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        CLOSED = "closed", _("Closed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    first_name = models.CharField(_("first name"), max_length=150)
    last_name = models.CharField(_("usual name"), max_length=150)
    birth_name = models.CharField(_("birth name"), max_length=150, blank=True)
    # A birth date may be partial: year only, year and month, or full.
    birth_year = models.PositiveSmallIntegerField(_("birth year"), null=True, blank=True)
    birth_month = models.PositiveSmallIntegerField(_("birth month"), null=True, blank=True)
    birth_day = models.PositiveSmallIntegerField(_("birth day"), null=True, blank=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, default=Sex.UNKNOWN)
    languages = models.CharField(
        _("languages"), max_length=200, blank=True, help_text=_("Comma-separated")
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    address = models.CharField(_("address or domiciliation"), max_length=250, blank=True)
    housing = models.CharField(
        _("housing situation"), max_length=16, choices=Housing.choices, default=Housing.UNKNOWN
    )
    health_cover = models.CharField(
        _("health cover"), max_length=8, choices=HealthCover.choices, default=HealthCover.NONE
    )
    health_cover_expires_on = models.DateField(_("health cover expires on"), null=True, blank=True)
    complementary_cover_expires_on = models.DateField(
        _("complementary cover (CSS) expires on"), null=True, blank=True
    )
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.ACTIVE
    )
    created_by = models.ForeignKey(
        "network.Organisation",
        on_delete=models.PROTECT,
        related_name="beneficiaries_created",
        verbose_name=_("created by (organisation)"),
    )
    created_by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    last_activity_at = models.DateTimeField(_("last activity"), default=timezone.now)

    class Meta:
        verbose_name = _("beneficiary")
        verbose_name_plural = _("beneficiaries")
        ordering = ["last_name", "first_name"]
        indexes = [
            models.Index(fields=["created_by", "status"]),
            models.Index(fields=["status", "last_activity_at"]),
            models.Index(fields=["health_cover_expires_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def reference(self) -> str:
        """A short, non-identifying reference shown to those who may not see the content."""
        return file_reference(self.id)

    @property
    def birth_date_display(self) -> str:
        if not self.birth_year:
            return ""
        if not self.birth_month:
            return str(self.birth_year)
        if not self.birth_day:
            return f"{self.birth_month:02d}/{self.birth_year}"
        return f"{self.birth_day:02d}/{self.birth_month:02d}/{self.birth_year}"


class Sensitivity(models.TextChoices):
    SOCIAL = "social", _("Social")
    HEALTH = "health", _("Health")
    RESTRICTED = "restricted", _("Restricted")


class Need(models.Model):
    class Domain(models.TextChoices):
        RIGHTS = "rights", _("Rights and health cover")
        HOUSING = "housing", _("Housing")
        PHYSICAL_HEALTH = "physical_health", _("Physical health")
        MENTAL_HEALTH = "mental_health", _("Mental health")
        ADDICTIONS = "addictions", _("Addictions")
        SOCIAL_LINK = "social_link", _("Social link")
        FOOD = "food", _("Food")
        LANGUAGE = "language", _("Language and interpreting")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        IN_PROGRESS = "in_progress", _("In progress")
        MET = "met", _("Met")
        ABANDONED = "abandoned", _("Abandoned")

    HEALTH_DOMAINS = frozenset({Domain.PHYSICAL_HEALTH, Domain.MENTAL_HEALTH, Domain.ADDICTIONS})

    beneficiary = models.ForeignKey(Beneficiary, on_delete=models.CASCADE, related_name="needs")
    domain = models.CharField(_("domain"), max_length=20, choices=Domain.choices)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.OPEN
    )
    description = models.CharField(_("description"), max_length=250, blank=True)
    organisation = models.ForeignKey(
        "network.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("need")
        verbose_name_plural = _("needs")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.get_domain_display()

    @property
    def sensitivity(self) -> str:
        return self.sensitivity_of(self.domain)

    @classmethod
    def sensitivity_of(cls, domain: str) -> str:
        return Sensitivity.HEALTH if domain in cls.HEALTH_DOMAINS else Sensitivity.SOCIAL


class Note(models.Model):
    class Visibility(models.TextChoices):
        ORGANISATION = "organisation", _("My organisation only")
        CARE_TEAM = "care_team", _("The care team")

    beneficiary = models.ForeignKey(Beneficiary, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(
        "network.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(_("text"))
    sensitivity = models.CharField(
        _("sensitivity"), max_length=12, choices=Sensitivity.choices, default=Sensitivity.SOCIAL
    )
    visibility = models.CharField(
        _("visible to"), max_length=16, choices=Visibility.choices, default=Visibility.CARE_TEAM
    )
    created_at = models.DateTimeField(_("written at"), default=timezone.now)

    class Meta:
        verbose_name = _("note")
        verbose_name_plural = _("notes")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["beneficiary", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.get_sensitivity_display()} — {self.created_at:%Y-%m-%d}"


def file_reference(beneficiary_id: Any) -> str:
    """`Beneficiary.reference` from the id alone, for lists read as plain values."""
    return str(beneficiary_id)[:8].upper()
