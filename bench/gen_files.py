"""Plainly fictitious pathway files in bulk, for the benchmark and the scale tests (never the demo).

Rows are written with `bulk_create`, bypassing services on purpose: this builds volume, not
history, and writes no audit events.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.utils import timezone

from maillage.core.models import User
from maillage.network.models import Organisation
from maillage.pathways.models import (
    Alert,
    Beneficiary,
    CareTeamMember,
    HospitalStay,
    InformationNotice,
    Need,
    Note,
    Referral,
    ReferralEvent,
)
from maillage.pathways.models.alert import AlertKind

FIRST = ["Awa", "Jean", "Mariam", "Ionut", "Fatou", "Karim", "Elena", "Paul", "Leila", "Ahmed"]
LAST = ["Fictif", "Exemple", "Modèle", "Essai", "Témoin", "Factice"]


@dataclass(frozen=True)
class Population:
    beneficiaries: int
    alerts: int
    referrals: int
    stays: int


def populate(
    *,
    people: int,
    organisations: list[Organisation],
    users: dict[int, User],
    seed: int = 0,
    batch: int = 5_000,
) -> Population:
    """`people` files spread over `organisations`; `users` maps an organisation to its writer."""
    rng = random.Random(seed)
    now = timezone.now()
    today = timezone.localdate()
    counts = {"alerts": 0, "referrals": 0, "stays": 0}
    for start in range(0, people, batch):
        size = min(batch, people - start)
        files = [_beneficiary(rng, organisations, start + n, now) for n in range(size)]
        Beneficiary.objects.bulk_create(files, batch_size=1_000)
        _side_rows(rng, files, organisations, users, now, today, counts)
    return Population(beneficiaries=people, **counts)


def _beneficiary(rng: random.Random, orgs: list[Organisation], n: int, now: Any) -> Beneficiary:
    return Beneficiary(
        first_name=rng.choice(FIRST),
        last_name=f"{rng.choice(LAST)}{n}",
        birth_year=rng.randint(1940, 2005),
        created_by_id=orgs[n % len(orgs)].pk,
        created_at=now - timedelta(days=rng.randint(0, 700)),
        last_activity_at=now - timedelta(days=rng.randint(0, 200)),
    )


def _side_rows(
    rng: random.Random,
    files: list[Beneficiary],
    orgs: list[Organisation],
    users: dict[int, User],
    now: Any,
    today: Any,
    counts: dict[str, int],
) -> None:
    notices, team, alerts, referrals, stays = [], [], [], [], []
    for b in files:
        writer = users[b.created_by_id]
        notices.append(
            InformationNotice(
                beneficiary=b, informed_by=writer, organisation_id=b.created_by_id, method="oral"
            )
        )
        other = orgs[rng.randrange(len(orgs))]
        team.append(CareTeamMember(beneficiary=b, organisation=other, basis="formal_team"))
        if rng.random() < 0.3:
            alerts.append(
                Alert(
                    beneficiary=b,
                    kind=AlertKind.NO_CONTACT,
                    subject=f"file:{b.pk}",
                    organisation_id=b.created_by_id,
                    raised_at=now - timedelta(days=rng.randint(0, 30)),
                )
            )
        if rng.random() < 0.2:
            referrals.append(
                Referral(
                    beneficiary=b,
                    from_organisation_id=b.created_by_id,
                    from_user=writer,
                    to_organisation=other,
                    reason="Bilan de santé (fictif)",
                    status=Referral.Status.SENT,
                    sent_at=now - timedelta(days=rng.randint(0, 20)),
                )
            )
        if rng.random() < 0.05:
            stays.append(
                HospitalStay(
                    beneficiary=b,
                    establishment=other,
                    recorded_by=writer,
                    admitted_at=now - timedelta(days=rng.randint(1, 10)),
                    planned_discharge_on=today + timedelta(days=rng.randint(-3, 3)),
                )
            )
    InformationNotice.objects.bulk_create(notices, batch_size=1_000)
    CareTeamMember.objects.bulk_create(team, batch_size=1_000)
    Alert.objects.bulk_create(alerts, batch_size=1_000)
    Referral.objects.bulk_create(referrals, batch_size=1_000)
    HospitalStay.objects.bulk_create(stays, batch_size=1_000)
    counts["alerts"] += len(alerts)
    counts["referrals"] += len(referrals)
    counts["stays"] += len(stays)


def rich_history(*, beneficiary: Beneficiary, author: User, to: Organisation, events: int) -> None:
    """About `events` timeline entries on one file: notes, referral steps, stays."""
    now = timezone.now()
    org_id = beneficiary.created_by_id
    referrals = [
        Referral(
            beneficiary=beneficiary,
            from_organisation_id=org_id,
            from_user=author,
            to_organisation=to,
            reason="Orientation (fictive)",
            status=Referral.Status.DONE,
        )
        for _ in range(events // 10)
    ]
    Referral.objects.bulk_create(referrals)
    steps = ["sent", "accepted", "appointment_set", "done"]
    ReferralEvent.objects.bulk_create(
        ReferralEvent(
            referral=r,
            from_status=start,
            to_status=end,
            by=author,
            organisation_id=org_id,
            at=now - timedelta(days=n),
        )
        for n, r in enumerate(referrals)
        for start, end in zip(["draft", *steps[:-1]], steps, strict=True)
    )
    stays = events // 20
    HospitalStay.objects.bulk_create(
        HospitalStay(
            beneficiary=beneficiary,
            establishment=to,
            recorded_by=author,
            admitted_at=now - timedelta(days=30 + n),
            discharged_at=now - timedelta(days=n),
        )
        for n in range(stays)
    )
    notes = events - len(referrals) * 4 - stays * 2
    Note.objects.bulk_create(
        Note(
            beneficiary=beneficiary,
            author=author,
            organisation_id=org_id,
            text=f"Entretien n°{n} (fictif)",
            sensitivity=rng_sensitivity(n),
            created_at=now - timedelta(hours=n),
        )
        for n in range(max(notes, 0))
    )


def rich_summary(
    *, beneficiary: Beneficiary, author: User, to: Organisation, coordinator: User
) -> None:
    """What a followed person's file shows beside the timeline: needs, information, consent,
    care team, a care pathway and open alerts (through the services, as a user would)."""
    from maillage.pathways import services
    from maillage.pathways.services.pathways import StepSpec

    for domain in (Need.Domain.RIGHTS, Need.Domain.HOUSING, Need.Domain.PHYSICAL_HEALTH):
        services.need_add(actor=author, beneficiary=beneficiary, domain=domain, description="—")
    services.information_notice_record(actor=author, beneficiary=beneficiary, method="oral")
    services.care_team_add(
        actor=author, beneficiary=beneficiary, organisation=to, basis="formal_team"
    )
    services.consent_record(
        actor=author, beneficiary=beneficiary, scope="social", recipients=[to], method="oral"
    )
    steps = [StepSpec(f"Étape {n} (fictive)", to, 30) for n in range(1, 5)]
    template = services.pathway_template_create(
        actor=coordinator, name="Parcours fictif", steps=steps
    )
    services.pathway_start(actor=author, beneficiary=beneficiary, template=template)
    Alert.objects.bulk_create(
        Alert(
            beneficiary=beneficiary,
            kind=kind,
            subject=f"file:{beneficiary.pk}",
            organisation_id=beneficiary.created_by_id,
        )
        for kind in (AlertKind.NO_CONTACT, AlertKind.COVER_EXPIRING)
    )


def rng_sensitivity(n: int) -> str:
    return ["social", "social", "health", "restricted"][n % 4]
