"""Contacts, prevention events and the stored results of unique-people counts.

A contact never holds a name in clear: without a pathway file, the identity typed by the
professional is encoded on the server at once (see `maillage.linkage`) and only the
encoding is kept.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from maillage.core.vocabulary import Sex  # shared with pathways; activity's modules import it here


class Kind(models.TextChoices):
    INFORMATION = "information", _("Information")
    ORIENTATION = "orientation", _("Orientation")
    ACCOMPANIMENT = "accompaniment", _("Accompaniment")


class Theme(models.TextChoices):
    # Domain vocabulary of the pôles ressources santé, shown as the partners write it.
    RIGHTS = "rights", "Accès aux droits"
    HEALTH_CHECK = "health_check", "Bilan de santé"
    SCREENING = "screening", "Dépistage"
    ALCOHOL = "alcohol", "Alcool"
    TOBACCO = "tobacco", "Tabac"
    ADDICTIONS = "addictions", "Autres addictions"
    CONTRACEPTION = "contraception", "Contraception"
    SEXUAL_HEALTH = "sexual_health", "Santé sexuelle"
    CANCER_SCREENING = "cancer_screening", "Dépistage des cancers"
    NUTRITION = "nutrition", "Nutrition"
    MENTAL_HEALTH = "mental_health", "Santé mentale"
    ORAL_HEALTH = "oral_health", "Santé bucco-dentaire"
    VACCINATION = "vaccination", "Vaccination"
    ACCESS_TO_CARE = "access_to_care", "Accès aux soins"
    OTHER = "other", "Autre"


class AgeBand(models.TextChoices):
    UNDER_18 = "0-17", _("Under 18")
    FROM_18 = "18-25", _("18–25")
    FROM_26 = "26-44", _("26–44")
    FROM_45 = "45-64", _("45–64")
    FROM_65 = "65+", _("65 and over")
    UNKNOWN = "unknown", _("Not known")


class Source(models.TextChoices):
    QUICK_ENTRY = "quick_entry", _("Quick entry")
    IMPORT = "import", _("Yearly import")
    PATHWAY = "pathway", _("Pathway file")
    DEMO = "demo", _("Demonstration")


class Contact(models.Model):
    """One time a person was informed, oriented or accompanied by a hub or an organisation."""

    date = models.DateField(_("date"), default=timezone.localdate, db_index=True)
    organisation = models.ForeignKey(
        "network.Organisation",
        on_delete=models.PROTECT,
        related_name="contacts",
        verbose_name=_("organisation"),
    )
    hub = models.ForeignKey(
        "network.Hub",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="contacts",
        verbose_name=_("hub"),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    themes = models.JSONField(_("themes"), default=list, blank=True)
    # A contact belongs to a pathway file, or to nobody known: then only its encoding is kept.
    beneficiary = models.ForeignKey(
        "pathways.Beneficiary",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contacts",
        verbose_name=_("pathway file"),
    )
    # Keyed Bloom filters and HMACs only (linkage.Encoding.to_dict()); never a clear name.
    encoding = models.JSONField(_("identity encoding"), null=True, blank=True)
    quartier = models.ForeignKey(
        "network.Territory",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("place of residence"),
    )
    age_band = models.CharField(
        _("age band"), max_length=8, choices=AgeBand.choices, default=AgeBand.UNKNOWN
    )
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, default=Sex.UNKNOWN)
    is_new = models.BooleanField(_("new person"), default=True)
    source = models.CharField(
        _("source"), max_length=16, choices=Source.choices, default=Source.QUICK_ENTRY
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["organisation", "date"])]

    def __str__(self) -> str:
        return f"{self.date} — {self.get_kind_display()}"

    def theme_labels(self) -> list[str]:
        labels = dict(Theme.choices)
        return [str(labels.get(code, code)) for code in self.themes]


class PreventionEvent(models.Model):
    """A collective action: stand, workshop, screening day, awareness session, training."""

    class Kind(models.TextChoices):
        STAND = "stand", _("Stand")
        WORKSHOP = "workshop", _("Workshop")
        SCREENING_DAY = "screening_day", _("Screening day")
        AWARENESS = "awareness", _("Awareness session")
        TRAINING = "training", _("Training of professionals")

    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    date = models.DateField(_("date"), default=timezone.localdate, db_index=True)
    ended_on = models.DateField(_("until"), null=True, blank=True)
    organiser = models.ForeignKey(
        "network.Organisation",
        on_delete=models.PROTECT,
        related_name="prevention_events",
        verbose_name=_("organiser"),
    )
    hub = models.ForeignKey(
        "network.Hub",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="prevention_events",
        verbose_name=_("hub"),
    )
    partners = models.ManyToManyField(
        "network.Organisation", blank=True, related_name="+", verbose_name=_("partners")
    )
    quartier = models.ForeignKey(
        "network.Territory",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("place"),
    )
    themes = models.JSONField(_("themes"), default=list, blank=True)
    description = models.TextField(_("description"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("prevention event")
        verbose_name_plural = _("prevention events")
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.title} ({self.date})"


class AudienceCount(models.Model):
    """How many people an event reached, for one age band and sex."""

    event = models.ForeignKey(PreventionEvent, on_delete=models.CASCADE, related_name="audience")
    age_band = models.CharField(_("age band"), max_length=8, choices=AgeBand.choices)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    count = models.PositiveIntegerField(_("people"))

    class Meta:
        verbose_name = _("audience count")
        verbose_name_plural = _("audience counts")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "age_band", "sex"], name="unique_audience_cell"
            )
        ]

    def __str__(self) -> str:
        return f"{self.age_band} {self.sex}: {self.count}"


class CountRun(models.Model):
    """One run of the unique-people count over every contact's encoding."""

    class Status(models.TextChoices):
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.RUNNING
    )
    contacts = models.PositiveIntegerField(_("contacts read"), default=0)
    people = models.PositiveIntegerField(_("distinct people"), default=0)

    class Meta:
        verbose_name = _("unique-people count")
        verbose_name_plural = _("unique-people counts")
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"{self.started_at:%Y-%m-%d %H:%M} ({self.status})"


class Scope(models.TextChoices):
    NETWORK = "network", _("Whole network")
    HUB = "hub", _("Hub")
    ORGANISATION = "organisation", _("Organisation")
    QUARTIER = "quartier", _("Place of residence")
    THEME = "theme", _("Theme")
    HUBS_SEEN = "hubs_seen", _("Number of hubs where a person was seen")
    HUB_PAIR = "hub_pair", _("People seen at both hubs")


class Figure(models.Model):
    """A count for one year and one scope (a hub, a quartier, a theme…), exact as computed.

    Cells under five people are suppressed when shown or exported, never here.
    """

    run = models.ForeignKey(CountRun, on_delete=models.CASCADE, related_name="figures")
    year = models.PositiveSmallIntegerField(_("year"))
    scope = models.CharField(_("scope"), max_length=16, choices=Scope.choices)
    key = models.CharField(_("key"), max_length=64, blank=True)
    label = models.CharField(_("label"), max_length=200, blank=True)
    contacts = models.PositiveIntegerField(_("contacts"), default=0)
    people = models.PositiveIntegerField(_("unique people"), default=0)
    new_people = models.PositiveIntegerField(_("new people"), default=0)
    multi_hub_people = models.PositiveIntegerField(_("people seen at two or more hubs"), default=0)

    class Meta:
        verbose_name = _("figure")
        verbose_name_plural = _("figures")
        ordering = ["year", "scope", "label"]
        constraints = [
            models.UniqueConstraint(fields=["run", "year", "scope", "key"], name="unique_figure")
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.scope} {self.label}: {self.people}"
