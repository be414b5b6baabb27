"""What the pages print, computed once per row: dates in local time, choice labels translated
once per page, links reversed in Python. The templates then print strings and nothing else."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import ngettext

from maillage.pathways.models import HospitalStay, Referral
from maillage.pathways.models.stay import CHECKLIST


def day(value: date | datetime | None) -> str:
    """`value|date:"d/m/Y"`, in the local time zone."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value)
    return value.strftime("%d/%m/%Y")


def minute(value: datetime | None) -> str:
    """`value|date:"d/m/Y H:i"`, in the local time zone."""
    return timezone.localtime(value).strftime("%d/%m/%Y %H:%M") if value else ""


def labels(choices: list[tuple[str, Any]]) -> dict[str, str]:
    """Choice labels translated once per page, not once per row."""
    return {value: str(label) for value, label in choices}


def items_missing(count: int) -> str:
    if not count:
        return ""
    return ngettext("%(n)s item missing", "%(n)s items missing", count) % {"n": count}


@dataclass(frozen=True)
class ReferralLine:
    url: str
    created_on: str
    sender: str
    receiver: str
    status: str
    appointment: str


def referral_lines(referrals: list[Referral]) -> list[ReferralLine]:
    """The file page's recent referrals (`from_organisation`, `to_organisation` selected)."""
    statuses = labels(Referral.Status.choices)
    return [
        ReferralLine(
            url=reverse("pathways:referral", args=[r.pk]),
            created_on=day(r.created_at),
            sender=r.from_organisation.short_name or r.from_organisation.name,
            receiver=r.to_organisation.short_name or r.to_organisation.name,
            status=statuses[r.status],
            appointment=minute(r.appointment_at) or "—",
        )
        for r in referrals
    ]


@dataclass(frozen=True)
class StayLine:
    url: str
    place: str
    admitted_on: str
    via_emergency: bool
    discharged_on: str  # "" while in hospital
    missing: str  # the checklist items missing at discharge


def stay_lines(beneficiary_id: Any, stays: list[HospitalStay]) -> list[StayLine]:
    """The file page's recent stays (`establishment` selected)."""
    items = labels(CHECKLIST)
    return [
        StayLine(
            url=reverse("pathways:stay", args=[beneficiary_id, s.pk]),
            place=s.establishment.short_name or s.establishment.name,
            admitted_on=day(s.admitted_at),
            via_emergency=s.via_emergency,
            discharged_on=day(s.discharged_at),
            missing=", ".join(items.get(name, name) for name in s.missing_at_discharge),
        )
        for s in stays
    ]
