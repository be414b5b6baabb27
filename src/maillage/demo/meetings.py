"""Demo meetings: the five pôles meet every six weeks since 2015, each on its own weekday and
hour, with inhabitants and (from 2015) habitants relais; the needs named in the seeds move through
the registers and end in decisions that became projects; one meeting moved, one cancelled; the
CLSM working groups and the CLS steering committee as other series.

Attendance, votes and minutes are fictitious. Rows are bulk-created; a second run adds nothing.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.utils import timezone

from maillage.meetings.calendar import rule_starts
from maillage.meetings.models import (
    PARIS,
    Attendance,
    Decision,
    DecisionStatus,
    Meeting,
    MeetingSeries,
    MeetingStatus,
    Minutes,
    MinutesStatus,
    Need,
    NeedDiscussion,
    NeedStatus,
    Participant,
    ParticipantKind,
    SeriesKind,
)
from maillage.network.models import Hub, Organisation

SEED = 20150105
SINCE = dt.date(2015, 1, 5)
# hub slug: (weekday, first date on that weekday, hour, minute)
SCHEDULES = {
    "pole-faubourg-de-bethune": ("MO", dt.date(2015, 1, 5), 14, 0),
    "pole-fives": ("TU", dt.date(2015, 1, 6), 14, 0),
    "pole-lille-sud": ("WE", dt.date(2015, 1, 7), 9, 30),
    "pole-moulins": ("TH", dt.date(2015, 1, 8), 14, 0),
    "pole-wazemmes": ("FR", dt.date(2015, 1, 9), 10, 0),
}


@dataclass(frozen=True)
class DemoNeed:
    title: str
    theme: str
    decision: str
    project: str


NEEDS = [
    DemoNeed(
        "Accès aux droits et à la Complémentaire santé solidaire",
        "sante--droits-complementaire-sante-solidaire",
        "Permanence mensuelle d'ouverture des droits avec la CPAM",
        "Projet « Droits santé »",
    ),
    DemoNeed(
        "Participation au dépistage organisé des cancers",
        "sante--depistage-cancer-sein",
        "Journée « Octobre rose » avec le centre de dépistage",
        "Action CLS 2.3",
    ),
    DemoNeed(
        "Souffrance psychique et isolement",
        "sante--sante-mentale",
        "Orienter vers le groupe de travail du CLSM",
        "Groupe CLSM « logement »",
    ),
    DemoNeed(
        "Consommations d'alcool et de cannabis des jeunes",
        "sante--addictions",
        "Stand de prévention avec l'association spécialisée",
        "Action CLS 3.1",
    ),
    DemoNeed(
        "Habitat indigne, humidité et asthme des enfants",
        "sante--environnement-interieur-asthme",
        "Visites de conseillers en environnement intérieur",
        "Projet « Air intérieur »",
    ),
    DemoNeed(
        "Alimentation des familles à petit budget",
        "sante--nutrition",
        "Ateliers cuisine au centre social",
        "Projet « Bien manger »",
    ),
    DemoNeed(
        "Retards de vaccination",
        "sante--vaccination",
        "Séance de vaccination gratuite au pôle",
        "Action CLS 2.1",
    ),
]
PARTNER_SLUGS = ["ville-de-lille-service-sante", "ccas-de-lille", "cpam-lille-douai"]


def _demo_uid(key: str) -> str:
    return f"demo-{key}@maillage"


def load() -> int:
    """Returns how many meetings were created (0 when the demo meetings are already there)."""
    if MeetingSeries.objects.filter(uid__startswith="demo-").exists():
        return 0
    hubs = {h.slug: h for h in Hub.objects.select_related("host", "quartier", "referent")}
    if not hubs:
        return 0
    rng = random.Random(SEED)
    partners = list(Organisation.objects.exclude(kind="funder").order_by("slug"))
    created = 0
    for slug, (day, first, hour, minute) in SCHEDULES.items():
        if slug in hubs:
            created += _hub_meetings(rng, hubs[slug], day, first, dt.time(hour, minute), partners)
    created += _other_series(rng, partners)
    return created


def _series(key: str, **fields: object) -> MeetingSeries:
    return MeetingSeries.objects.create(uid=_demo_uid(key), **fields)  # type: ignore[arg-type]


def _hub_meetings(
    rng: random.Random,
    hub: Hub,
    day: str,
    first: dt.date,
    hour: dt.time,
    partners: list[Organisation],
) -> int:
    series = _series(
        hub.slug,
        kind=SeriesKind.HUB_PARTNERS,
        title=f"Réunion des partenaires — {hub.name}",
        hub=hub,
        organiser=hub.referent,
        organiser_organisation=hub.host,
        address=f"{hub.host.address or hub.host.name}, Lille",
        start_date=first,
        start_time=hour,
        rrule=f"FREQ=WEEKLY;INTERVAL=6;BYDAY={day}",
        agenda_template=[
            {"title": "Tour de table des partenaires", "kind": "information"},
            {"title": "Nouvelles des habitants relais", "kind": "information"},
        ],
    )
    invited = [o for o in partners if o.slug in PARTNER_SLUGS] + [hub.host]
    series.invited_organisations.set(invited)
    meetings = _occurrences(series, hub.slug)
    Meeting.objects.bulk_create(meetings)
    meetings = list(series.meetings.order_by("starts_at"))
    held = [m for m in meetings if m.status == MeetingStatus.HELD]
    _attendance(rng, held, invited, partners)
    _minutes(held)
    _register(rng, hub, held)
    return len(meetings)


def _occurrences(series: MeetingSeries, slug: str) -> list[Meeting]:
    now = timezone.now()
    starts = rule_starts(series, dt.datetime.combine(SINCE, dt.time(), tzinfo=PARIS), now)
    nxt = rule_starts(series, now, now + dt.timedelta(days=60))[:1]
    rows = []
    for index, start in enumerate(starts + nxt):
        meeting = Meeting(
            series=series,
            recurrence_id=start,
            starts_at=start,
            ends_at=start + series.duration,
            status=MeetingStatus.HELD if start < now else MeetingStatus.PLANNED,
        )
        if slug == "pole-fives" and index == 10:  # moved two days later, to the afternoon
            meeting.starts_at = start + dt.timedelta(days=2, hours=1)
            meeting.ends_at = meeting.starts_at + series.duration
            meeting.sequence = 1
        if slug == "pole-wazemmes" and start.date() == _first_after(starts, dt.date(2020, 3, 17)):
            meeting.status, meeting.sequence = MeetingStatus.CANCELLED, 1  # the 2020 lockdown
        rows.append(meeting)
    return rows


def _first_after(starts: list[dt.datetime], day: dt.date) -> dt.date | None:
    return next((s.date() for s in starts if s.date() >= day), None)


def _attendance(
    rng: random.Random,
    held: list[Meeting],
    invited: list[Organisation],
    partners: list[Organisation],
    residents: bool = True,
) -> None:
    rows = []
    for meeting in held:
        present = set(invited) | set(rng.sample(partners, k=min(len(partners), rng.randint(3, 9))))
        rows += [
            Participant(
                meeting=meeting,
                kind=ParticipantKind.STAFF,
                organisation=o,
                invited=o in invited,
                attendance=Attendance.PRESENT,
                partstat="ACCEPTED",
            )
            for o in sorted(present, key=lambda o: o.pk)
        ]
        if not residents:
            continue
        rows.append(
            Participant(
                meeting=meeting,
                kind=ParticipantKind.INHABITANT,
                count=rng.randint(2, 9),
                attendance=Attendance.PRESENT,
            )
        )
        rows.append(
            Participant(
                meeting=meeting,
                kind=ParticipantKind.HABITANT_RELAIS,
                count=rng.randint(1, 4),
                attendance=Attendance.PRESENT,
            )
        )
        if rng.random() < 0.4:
            rows.append(
                Participant(
                    meeting=meeting,
                    kind=ParticipantKind.CONSEILLER,
                    count=1,
                    attendance=Attendance.PRESENT,
                )
            )
    Participant.objects.bulk_create(rows, batch_size=1000)


def _minutes(held: list[Meeting]) -> None:
    rows = []
    for index, meeting in enumerate(held):
        last = index == len(held) - 1
        rows.append(
            Minutes(
                meeting=meeting,
                text="Tour de table des partenaires ; point sur les besoins du diagnostic "
                "partagé ; "
                "nouvelles des habitants relais.",
                status=MinutesStatus.CIRCULATED if last else MinutesStatus.APPROVED,
                approved_at_meeting=None if last else held[index + 1],
                approved_at=None if last else held[index + 1].starts_at,
            )
        )
    Minutes.objects.bulk_create(rows, batch_size=1000)


def _register(rng: random.Random, hub: Hub, held: list[Meeting]) -> None:
    """Each need is raised, discussed at later meetings, prioritised, then answered."""
    if len(held) < 20:
        return
    chosen = rng.sample(NEEDS, k=5)
    for n, spec in enumerate(chosen):
        start = n * len(held) // 6
        discussed = held[start : start + rng.randint(4, 9)]
        outcome = [
            NeedStatus.ADDRESSED,
            NeedStatus.BEING_ADDRESSED,
            NeedStatus.PRIORITISED,
            NeedStatus.ADDRESSED,
            NeedStatus.NOT_RETAINED,
        ][n]
        need = Need.objects.create(
            hub=hub,
            title=spec.title,
            theme=spec.theme,
            quartier=hub.quartier,
            raised_by_inhabitants=n % 2 == 0,
            first_meeting=discussed[0],
            priority=rng.randint(4, 14),
            status=outcome,
        )
        history = [NeedStatus.RAISED] + [NeedStatus.PRIORITISED] * (len(discussed) - 2) + [outcome]
        NeedDiscussion.objects.bulk_create(
            NeedDiscussion(need=need, meeting=m, votes=rng.randint(2, 14), status=s)
            for m, s in zip(discussed, history, strict=False)
        )
        if outcome in {NeedStatus.ADDRESSED, NeedStatus.BEING_ADDRESSED}:
            decided = discussed[len(discussed) // 2]
            done = outcome == NeedStatus.ADDRESSED
            decision = Decision.objects.create(
                meeting=decided,
                statement=spec.decision,
                owner_organisation=hub.host,
                due_on=(decided.starts_at + dt.timedelta(days=120)).date(),
                status=DecisionStatus.DONE if done else DecisionStatus.OPEN,
                programme_link=spec.project,
                closed_at=decided.starts_at if done else None,
            )
            decision.needs.set([need])


def _other_series(rng: random.Random, partners: list[Organisation]) -> int:
    city = Organisation.objects.filter(slug="ville-de-lille-service-sante").first()
    if city is None:
        return 0
    specs = [
        (
            "clsm-logement",
            SeriesKind.CLSM_WORKING_GROUP,
            "CLSM de Lille — groupe de travail « logement et santé mentale »",
            dt.date(2016, 1, 14),
            "FREQ=MONTHLY;INTERVAL=2;BYDAY=2TH",
        ),
        (
            "clsm-acces-soins",
            SeriesKind.CLSM_WORKING_GROUP,
            "CLSM de Lille — groupe de travail « accès aux soins »",
            dt.date(2016, 2, 9),
            "FREQ=MONTHLY;INTERVAL=2;BYDAY=2TU",
        ),
        (
            "cls-copil",
            SeriesKind.CLS_STEERING,
            "Contrat local de santé de Lille — comité de pilotage",
            dt.date(2015, 6, 16),
            "FREQ=MONTHLY;INTERVAL=6;BYDAY=3TU",
        ),
    ]
    created = 0
    for key, kind, title, first, rule in specs:
        series = _series(
            key,
            kind=kind,
            title=title,
            organiser_organisation=city,
            start_date=first,
            start_time=dt.time(9, 30),
            rrule=rule,
            address="Hôtel de ville, place Augustin-Laurent, Lille",
        )
        series.invited_organisations.set([o for o in partners if o.slug in PARTNER_SLUGS])
        meetings = _occurrences(series, key)
        Meeting.objects.bulk_create(meetings)
        held = list(series.meetings.filter(status=MeetingStatus.HELD))
        _attendance(rng, held, [city], partners[:20], residents=False)
        created += len(meetings)
    return created
