from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The discharge checklist: field name and label, in the order shown.
CHECKLIST = [
    ("housing_at_discharge", _("Housing at discharge")),
    ("rights_opened", _("Rights opened")),
    ("follow_up_booked", _("Follow-up appointment booked")),
    ("treatment_available", _("Treatment available")),
    ("transport_arranged", _("Transport arranged")),
]


class HospitalStay(models.Model):
    beneficiary = models.ForeignKey(
        "pathways.Beneficiary", on_delete=models.CASCADE, related_name="stays"
    )
    establishment = models.ForeignKey(
        "network.Organisation",
        on_delete=models.PROTECT,
        related_name="stays",
        verbose_name=_("establishment"),
    )
    unit = models.CharField(_("unit"), max_length=120, blank=True)
    via_emergency = models.BooleanField(_("admitted via the emergency department"), default=False)
    admitted_at = models.DateTimeField(_("admitted at"), default=timezone.now)
    planned_discharge_on = models.DateField(_("planned discharge"), null=True, blank=True)
    discharged_at = models.DateTimeField(_("discharged at"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    housing_at_discharge = models.BooleanField(_("housing at discharge"), default=False)
    rights_opened = models.BooleanField(_("rights opened"), default=False)
    follow_up_booked = models.BooleanField(_("follow-up appointment booked"), default=False)
    follow_up_on = models.DateField(_("follow-up appointment on"), null=True, blank=True)
    treatment_available = models.BooleanField(_("treatment available"), default=False)
    transport_arranged = models.BooleanField(_("transport arranged"), default=False)
    missing_at_discharge = models.JSONField(_("missing at discharge"), default=list, blank=True)

    class Meta:
        verbose_name = _("hospital stay")
        verbose_name_plural = _("hospital stays")
        ordering = ["-admitted_at"]
        indexes = [
            # The discharges worklist's order, ties broken by id, so a page stops early.
            models.Index(fields=["planned_discharge_on", "id"]),
            models.Index(fields=["discharged_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.establishment} {self.admitted_at:%Y-%m-%d}"

    def missing_items(self) -> list[str]:
        return [name for name, _label in CHECKLIST if not getattr(self, name)]

    def checklist(self) -> list[tuple[str, str, bool]]:
        return [(name, str(label), getattr(self, name)) for name, label in CHECKLIST]
