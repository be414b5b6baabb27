"""Worklists: my alerts, referrals to answer, discharges this week; one page of rows at a time.

The selectors (`alerts_for`, `referrals_to_answer`, `discharges_this_week`) apply the access
policy and the sort. Here one page of their rows is read as plain values and turned once into what
the page prints (see display.py), so the template only prints strings.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from maillage.core import web
from maillage.core.models import User
from maillage.pathways import selectors
from maillage.pathways.display import day, items_missing, labels, minute
from maillage.pathways.models import Referral
from maillage.pathways.models.alert import AlertKind
from maillage.pathways.models.beneficiary import file_reference
from maillage.pathways.models.stay import CHECKLIST


@dataclass(frozen=True)
class AlertRow:
    raised_on: str
    rule: str
    file_url: str
    reference: str
    organisation: str


@dataclass(frozen=True)
class ReferralRow:
    sent_at: str
    url: str
    person: str
    sender: str
    receiver: str
    urgency: str


@dataclass(frozen=True)
class DischargeRow:
    planned_on: str
    url: str
    person: str
    establishment: str
    discharged: bool
    missing: str  # "" when the checklist is complete


def alerts_page(*, actor: User, sort: str, page: Any) -> tuple[str, web.Window]:
    key, alerts = selectors.alerts_for(actor=actor, sort=sort)
    rows = alerts.values_list(
        "raised_at", "kind", "beneficiary_id", "organisation__short_name", "organisation__name"
    )
    window = web.window(rows, page)
    rules = labels(AlertKind.choices)
    window.object_list = [
        AlertRow(
            raised_on=day(raised_at),
            rule=rules[kind],
            file_url=reverse("pathways:file", args=[file_id]),
            reference=file_reference(file_id),
            organisation=short or name,
        )
        for raised_at, kind, file_id, short, name in window
    ]
    return key, window


def referrals_page(*, actor: User, sort: str, page: Any) -> tuple[str, web.Window]:
    key, referrals = selectors.referrals_to_answer(actor=actor, sort=sort)
    rows = referrals.values_list(
        "pk",
        "sent_at",
        "beneficiary__first_name",
        "beneficiary__last_name",
        "from_organisation__short_name",
        "from_organisation__name",
        "to_organisation__short_name",
        "to_organisation__name",
        "urgency",
    )
    window = web.window(rows, page)
    urgencies = labels(Referral.Urgency.choices)
    window.object_list = [
        ReferralRow(
            sent_at=minute(sent_at),
            url=reverse("pathways:referral", args=[pk]),
            person=f"{first} {last}",
            sender=from_short or from_name,
            receiver=to_short or to_name,
            urgency=urgencies[urgency],
        )
        for pk, sent_at, first, last, from_short, from_name, to_short, to_name, urgency in window
    ]
    return key, window


def discharges_page(*, actor: User, sort: str, page: Any) -> tuple[str, web.Window]:
    key, stays = selectors.discharges_this_week(actor=actor, sort=sort)
    checklist = [name for name, _label in CHECKLIST]
    rows = stays.values_list(
        "pk",
        "beneficiary_id",
        "planned_discharge_on",
        "beneficiary__first_name",
        "beneficiary__last_name",
        "establishment__short_name",
        "establishment__name",
        "discharged_at",
        *checklist,
    )
    window = web.window(rows, page)
    window.object_list = [
        DischargeRow(
            planned_on=day(planned_on),
            url=reverse("pathways:stay", args=[file_id, pk]),
            person=f"{first} {last}",
            establishment=short or name,
            discharged=discharged_at is not None,
            missing=items_missing(sum(not done for done in items)),
        )
        for pk, file_id, planned_on, first, last, short, name, discharged_at, *items in window
    ]
    return key, window
