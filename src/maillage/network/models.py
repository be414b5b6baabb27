from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Territory(models.Model):
    class Kind(models.TextChoices):
        METROPOLE = "metropole", _("Métropole")
        COMMUNE = "commune", _("Commune")
        QUARTIER = "quartier", _("Quartier")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    insee_code = models.CharField(_("INSEE code"), max_length=9, blank=True, db_index=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    latitude = models.FloatField(_("centroid latitude"), null=True, blank=True)
    longitude = models.FloatField(_("centroid longitude"), null=True, blank=True)
    geojson = models.JSONField(_("GeoJSON outline"), null=True, blank=True)

    class Meta:
        verbose_name = _("territory")
        verbose_name_plural = _("territories")
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name


class Organisation(models.Model):
    class Kind(models.TextChoices):
        HOSPITAL = "hospital", _("Hospital")
        PASS_UNIT = "pass_unit", _("Hospital PASS unit")
        CCAS = "ccas", _("CCAS")
        CITY_HEALTH_SERVICE = "city_health_service", _("City health service")
        CITY = "city", _("City")
        ASSOCIATION = "association", _("Association")
        HEALTH_CENTRE = "health_centre", _("Health centre")
        CLINIC = "clinic", _("Clinic")
        CANCER_CENTRE = "cancer_centre", _("Cancer centre")
        HOSPITAL_GROUPING = "hospital_grouping", _("Hospital grouping")
        FUNDER = "funder", _("Funder (ARS, CPAM…)")
        DEPARTEMENT = "departement", _("Département")
        PREFECTURE = "prefecture", _("Préfecture / State service")
        MUTUAL = "mutual", _("Mutual insurer")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    siret = models.CharField(_("SIRET"), max_length=14, blank=True)
    finess = models.CharField(_("FINESS"), max_length=9, blank=True)
    address = models.CharField(_("address"), max_length=250, blank=True)
    postcode = models.CharField(_("postcode"), max_length=5, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    territory = models.ForeignKey(
        Territory, null=True, blank=True, on_delete=models.PROTECT, related_name="organisations"
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    facts = models.JSONField(_("facts"), default=dict, blank=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Network(models.Model):
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True)
    territory = models.ForeignKey(
        Territory, null=True, blank=True, on_delete=models.PROTECT, related_name="networks"
    )
    founded_on = models.DateField(_("founded on"), null=True, blank=True)
    objectives = models.JSONField(_("objectives"), default=list, blank=True)
    is_primary = models.BooleanField(
        _("primary network"), default=False, help_text=_("The network this instance runs.")
    )

    class Meta:
        verbose_name = _("network")
        verbose_name_plural = _("networks")
        ordering = ["-is_primary", "name"]

    def __str__(self) -> str:
        return self.name


class Convention(models.Model):
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="conventions")
    title = models.CharField(_("title"), max_length=250)
    version = models.PositiveIntegerField(_("version"), default=1)
    text = models.TextField(_("text"), blank=True)
    validated_on = models.DateField(_("validated on"), null=True, blank=True)
    validated_by = models.CharField(_("validated by (committee)"), max_length=250, blank=True)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    signature_note = models.CharField(_("signature"), max_length=250, blank=True)

    class Meta:
        verbose_name = _("convention")
        verbose_name_plural = _("conventions")
        ordering = ["network", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["network", "version"], name="unique_convention_version")
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"


class MembershipQuerySet(models.QuerySet["Membership"]):
    def current(self) -> MembershipQuerySet:
        today = timezone.localdate()
        return self.filter(models.Q(ended_on__isnull=True) | models.Q(ended_on__gte=today))


class Membership(models.Model):
    class Role(models.TextChoices):
        FOUNDING = "founding", _("Founding member")
        ASSOCIATED = "associated", _("Associated member")
        PARTNER = "partner", _("Partner")
        SIGNATORY = "signatory", _("Signatory")
        FUNDER = "funder", _("Funder")

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    started_on = models.DateField(_("from"), null=True, blank=True)
    ended_on = models.DateField(_("until"), null=True, blank=True)
    convention = models.ForeignKey(
        Convention, null=True, blank=True, on_delete=models.PROTECT, related_name="memberships"
    )
    note = models.CharField(_("note"), max_length=250, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["network", "role", "started_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "organisation", "role"], name="unique_network_membership"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} — {self.get_role_display()} ({self.network})"


class Hub(models.Model):
    """A pôle ressources santé: a neighbourhood entry point run by a host association."""

    network = models.ForeignKey(Network, on_delete=models.PROTECT, related_name="hubs")
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    quartier = models.ForeignKey(Territory, on_delete=models.PROTECT, related_name="hubs")
    host = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="hosted_hubs",
        verbose_name=_("host association"),
    )
    referent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="hubs",
    )
    started_on = models.DateField(_("from"), null=True, blank=True)

    class Meta:
        verbose_name = _("hub")
        verbose_name_plural = _("hubs")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
