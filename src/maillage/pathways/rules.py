"""Rupture rules: each returns the subjects it finds now; `rules_run` makes alerts match them.

Running the rules twice raises nothing new (one open alert per rule and subject), and an alert
whose condition no longer holds is resolved.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from maillage.pathways.models import (
    Alert,
    AlertRule,
    Beneficiary,
    HospitalStay,
    PathwayStep,
    Referral,
)
from maillage.pathways.models.alert import AlertKind

DEFAULT_DELAYS: dict[str, int] = {
    AlertKind.NO_CONTACT: 60,
    AlertKind.REFERRAL_UNANSWERED: 7,
    AlertKind.DISCHARGE_NO_FOLLOW_UP: 7,
    AlertKind.REPEATED_NO_SHOW: 365,  # look-back window for the two last outcomes
    AlertKind.COVER_EXPIRING: 30,
    AlertKind.STEP_OVERDUE: 0,  # grace days after the due date
}
ACTIVE = Beneficiary.Status.ACTIVE

# The files with a contact on or after a day, from apps that depend on this one (activity's
# contacts, registered by `ActivityConfig.ready`): `(since=day)` -> a query of file ids.
RecentContacts = Callable[..., QuerySet[Any]]
_RECENT_CONTACTS: list[RecentContacts] = []


def register_recent_contacts(reader: RecentContacts) -> None:
    """Count `reader`'s contacts as news of a file in the no-contact rule (once per reader)."""
    if reader not in _RECENT_CONTACTS:
        _RECENT_CONTACTS.append(reader)


@dataclass(frozen=True)
class Finding:
    subject: str
    beneficiary_id: Any
    organisation_id: int


def ensure_rules() -> list[AlertRule]:
    existing = {rule.kind: rule for rule in AlertRule.objects.all()}
    missing = [
        AlertRule(kind=kind, delay_days=DEFAULT_DELAYS[kind])
        for kind in AlertKind
        if kind not in existing
    ]
    if missing:
        AlertRule.objects.bulk_create(missing, ignore_conflicts=True)
        existing = {rule.kind: rule for rule in AlertRule.objects.all()}
    return [existing[kind] for kind in AlertKind]


def no_contact(delay: int, now: datetime) -> list[Finding]:
    """Nothing on the file, and no contact recorded by another app, for `delay` days."""
    cutoff = now - timedelta(days=delay)
    files = Beneficiary.objects.filter(status=ACTIVE, last_activity_at__lt=cutoff)
    for contacted in _RECENT_CONTACTS:
        files = files.exclude(pk__in=contacted(since=timezone.localdate(cutoff)))
    return [Finding(f"file:{pk}", pk, org) for pk, org in files.values_list("pk", "created_by_id")]


def referral_unanswered(delay: int, now: datetime) -> list[Finding]:
    referrals = Referral.objects.filter(
        status=Referral.Status.SENT,
        sent_at__lt=now - timedelta(days=delay),
        beneficiary__status=ACTIVE,
    )
    return [
        Finding(f"referral:{pk}", ben, org)
        for pk, ben, org in referrals.values_list("pk", "beneficiary_id", "to_organisation_id")
    ]


def discharge_without_follow_up(delay: int, now: datetime) -> list[Finding]:
    stays = HospitalStay.objects.filter(
        discharged_at__isnull=False,
        discharged_at__gte=now - timedelta(days=90),
        beneficiary__status=ACTIVE,
    ).values_list("pk", "beneficiary_id", "establishment_id", "discharged_at", "follow_up_on")
    findings = []
    for pk, ben, org, discharged_at, follow_up_on in stays:
        limit = timezone.localdate(discharged_at) + timedelta(days=delay)
        if follow_up_on is None or follow_up_on > limit:
            findings.append(Finding(f"stay:{pk}", ben, org))
    return findings


def repeated_no_show(delay: int, now: datetime) -> list[Finding]:
    outcomes = (
        Referral.objects.filter(
            status__in=[Referral.Status.DONE, Referral.Status.NO_SHOW],
            updated_at__gte=now - timedelta(days=delay),
            beneficiary__status=ACTIVE,
        )
        .order_by("beneficiary_id", "-updated_at")
        .values_list("beneficiary_id", "status", "from_organisation_id")
    )
    last_two: dict[Any, list[tuple[str, int]]] = {}
    for ben, status, org in outcomes:
        seen = last_two.setdefault(ben, [])
        if len(seen) < 2:
            seen.append((status, org))
    return [
        Finding(f"file:{ben}", ben, seen[0][1])
        for ben, seen in last_two.items()
        if len(seen) == 2 and all(status == Referral.Status.NO_SHOW for status, _o in seen)
    ]


def cover_expiring(delay: int, now: datetime) -> list[Finding]:
    today = timezone.localdate(now)
    files = Beneficiary.objects.filter(
        status=ACTIVE,
        health_cover_expires_on__gte=today,
        health_cover_expires_on__lte=today + timedelta(days=delay),
    ).values_list("pk", "created_by_id", "health_cover_expires_on")
    return [Finding(f"cover:{pk}:{expires}", pk, org) for pk, org, expires in files]


def step_overdue(delay: int, now: datetime) -> list[Finding]:
    today = timezone.localdate(now)
    steps = PathwayStep.objects.filter(
        status=PathwayStep.Status.PENDING,
        due_on__lt=today - timedelta(days=delay),
        pathway__beneficiary__status=ACTIVE,
    ).values_list("pk", "pathway__beneficiary_id", "organisation_id")
    return [Finding(f"step:{pk}", ben, org) for pk, ben, org in steps]


RULES: dict[str, Callable[[int, datetime], list[Finding]]] = {
    AlertKind.NO_CONTACT: no_contact,
    AlertKind.REFERRAL_UNANSWERED: referral_unanswered,
    AlertKind.DISCHARGE_NO_FOLLOW_UP: discharge_without_follow_up,
    AlertKind.REPEATED_NO_SHOW: repeated_no_show,
    AlertKind.COVER_EXPIRING: cover_expiring,
    AlertKind.STEP_OVERDUE: step_overdue,
}


@transaction.atomic
def rules_run(now: datetime | None = None) -> dict[str, dict[str, int]]:
    """Raise the alerts found now and resolve those no longer found; returns counts."""
    now = now or timezone.now()
    summary = {}
    for rule in ensure_rules():
        findings = RULES[rule.kind](rule.delay_days, now) if rule.enabled else []
        summary[rule.kind] = _reconcile(rule.kind, findings, now)
    return summary


def _reconcile(kind: str, findings: list[Finding], now: datetime) -> dict[str, int]:
    open_alerts = dict(
        Alert.objects.filter(kind=kind, resolved_at__isnull=True).values_list("subject", "pk")
    )
    found = {finding.subject: finding for finding in findings}
    new = [
        Alert(
            beneficiary_id=finding.beneficiary_id,
            kind=kind,
            subject=subject,
            organisation_id=finding.organisation_id,
            raised_at=now,
        )
        for subject, finding in found.items()
        if subject not in open_alerts
    ]
    Alert.objects.bulk_create(new, batch_size=1000)
    stale = [pk for subject, pk in open_alerts.items() if subject not in found]
    for start in range(0, len(stale), 900):
        Alert.objects.filter(pk__in=stale[start : start + 900]).update(resolved_at=now)
    return {"raised": len(new), "resolved": len(stale), "open": len(found)}
