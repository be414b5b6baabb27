from __future__ import annotations

from datetime import date, timedelta

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from maillage.directory import vocabulary as V

STALE_AFTER = timedelta(days=183)


class Location(models.Model):
    """A place where services are offered; geocoded when saved, never during a search."""

    organisation = models.ForeignKey(
        "network.Organisation", on_delete=models.CASCADE, related_name="locations"
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=250)
    address_extra = models.CharField(_("address complement"), max_length=250, blank=True)
    postcode = models.CharField(_("postcode"), max_length=5, blank=True)
    city = models.CharField(_("city"), max_length=100)
    insee_code = models.CharField(_("INSEE code"), max_length=5, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    territory = models.ForeignKey(
        "network.Territory",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="directory_locations",
    )
    transit_stop = models.CharField(
        _("nearest public transport stop"),
        max_length=200,
        blank=True,
        help_text=_("E.g. “Métro Marbrerie (ligne 1)”; printed on orientation sheets."),
    )
    geocoded_at = models.DateTimeField(_("geocoded at"), null=True, blank=True)
    geocode_score = models.FloatField(_("geocoding score"), null=True, blank=True)
    source_id = models.CharField(_("source identifier"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("location")
        verbose_name_plural = _("locations")
        ordering = ["city", "address", "id"]
        indexes = [models.Index(fields=["latitude", "longitude"], name="directory_loc_latlon")]

    def __str__(self) -> str:
        return self.name or f"{self.address}, {self.postcode} {self.city}".strip()

    @property
    def one_line(self) -> str:
        parts = [self.address, self.address_extra, f"{self.postcode} {self.city}".strip()]
        return ", ".join(part for part in parts if part)

    @property
    def has_point(self) -> bool:
        return self.latitude is not None and self.longitude is not None


class Service(models.Model):
    organisation = models.ForeignKey(
        "network.Organisation", on_delete=models.CASCADE, related_name="services"
    )
    locations = models.ManyToManyField(Location, related_name="services", blank=True)
    name = models.CharField(_("name"), max_length=150)
    description = models.TextField(_("description"))
    themes = models.JSONField(_("themes"), default=list, blank=True)
    types = models.JSONField(_("service types"), default=list, blank=True)
    publics = models.JSONField(_("publics"), default=list, blank=True)
    publics_note = models.CharField(_("publics, details"), max_length=500, blank=True)
    conditions = models.JSONField(_("conditions"), default=list, blank=True)
    access_note = models.TextField(_("conditions of access"), blank=True)
    what_to_bring = models.TextField(_("what to bring"), blank=True)
    languages = models.JSONField(_("languages spoken"), default=list, blank=True)
    modes = models.JSONField(_("modes of access"), default=list, blank=True)
    opening_hours = models.CharField(
        _("opening hours"),
        max_length=500,
        blank=True,
        help_text=_("OpenStreetMap syntax, e.g. “Mo-Fr 09:00-12:00,14:00-17:00; PH off”."),
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    website = models.URLField(_("web page"), blank=True)
    last_verified_on = models.DateField(_("last verified on"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    source = models.CharField(_("source"), max_length=100, blank=True)
    source_id = models.CharField(_("source identifier"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Derived at save time by services.search_fields(); searched by each database's FTS.
    search_document = models.TextField(editable=False, default="")
    search_title = models.TextField(editable=False, default="")
    slots_from = models.DateField(editable=False, null=True)

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "source_id"],
                condition=~models.Q(source_id=""),
                name="directory_unique_service_source_id",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def is_stale(self, today: date | None = None) -> bool:
        """Not verified for six months: flagged to its organisation and in search results."""
        today = today or timezone.localdate()
        return self.last_verified_on is None or self.last_verified_on < today - STALE_AFTER

    @property
    def is_free(self) -> bool:
        return "free" in self.conditions

    def theme_labels(self) -> list[str]:
        return [V.THEMES.get(value, value) for value in self.themes]

    def public_labels(self) -> list[str]:
        return [V.PUBLICS.get(value, value) for value in self.publics]

    def condition_labels(self) -> list[object]:
        return [V.CONDITIONS.get(value, value) for value in self.conditions]

    def language_labels(self) -> list[str]:
        return [V.LANGUAGES.get(value, value) for value in self.languages]

    def mode_labels(self) -> list[object]:
        return [V.MODES.get(value, value) for value in self.modes]

    def type_labels(self) -> list[str]:
        return [V.SERVICE_TYPES.get(value, value) for value in self.types]


class OpeningSlot(models.Model):
    """When a service is open during the seven days from `Service.slots_from`."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="slots")
    weekday = models.PositiveSmallIntegerField()
    start_minute = models.PositiveSmallIntegerField()
    end_minute = models.PositiveSmallIntegerField()

    class Meta:
        indexes = [
            models.Index(
                fields=["service", "weekday", "start_minute"], name="directory_slot_service"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.weekday} {self.start_minute}-{self.end_minute}"


class Place(models.Model):
    """The local place index searched for "near …": territories and our own locations."""

    class Kind(models.TextChoices):
        QUARTIER = "quartier", _("Quartier")
        COMMUNE = "commune", _("Commune")
        POSTCODE = "postcode", _("Postcode")
        ADDRESS = "address", _("Address")
        METROPOLE = "metropole", _("Métropole")

    kind = models.CharField(max_length=16, choices=Kind.choices)
    label = models.CharField(max_length=300)
    key = models.CharField(max_length=300, db_index=True)
    latitude = models.FloatField()
    longitude = models.FloatField()
    territory = models.ForeignKey(
        "network.Territory", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    location = models.ForeignKey(
        Location, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        ordering = ["key", "id"]

    def __str__(self) -> str:
        return self.label


class SearchEntry(models.Model):
    """A narrow copy of what ranking reads, so a search never touches the wide service rows."""

    service = models.OneToOneField(
        Service, primary_key=True, on_delete=models.CASCADE, related_name="search_entry"
    )
    title = models.TextField(default="")
    is_active = models.BooleanField(default=True)

    def __str__(self) -> str:
        return self.title


class ServicePoint(models.Model):
    """Where a service is offered, as points: the bounding-box prefilter reads only these."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="points")
    latitude = models.FloatField()
    longitude = models.FloatField()

    class Meta:
        indexes = [
            models.Index(fields=["latitude", "longitude", "service"], name="directory_point_latlon")
        ]

    def __str__(self) -> str:
        return f"{self.latitude},{self.longitude}"
