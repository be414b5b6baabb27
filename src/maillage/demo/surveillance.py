"""Demo surveillance: three years of weekly counts from the Lille partners (fictitious figures).

Fixed random seed. Two episodes for the detection to find: influenza waves every winter (the
current one starting early) and a scabies cluster in an emergency shelter of Moulins.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import numpy as np
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from maillage.core.models import User
from maillage.network.models import Organisation, Territory
from maillage.surveillance.models import (
    AlertStatus,
    DetectionRun,
    Method,
    ReportingPartner,
    SignalDefinition,
    SurveillanceAlert,
    WeeklyCount,
    WeeklyReport,
    WeeklyReportRevision,
)
from maillage.surveillance.services import alert_transition, alerts_notify, detection_run_execute
from maillage.surveillance.weeks import is_late, last_closed_week, weeks_between

SEED = 2026
YEARS = 3
SHELTER_SLUG = "centre-hebergement-urgence-moulins-fictif"
COORDINATOR_EMAIL = "coordination@demo.maillage.test"
NOT_YET_REPORTED = ["pass-du-chru-de-lille", "ccas-de-roubaix"]  # for the completeness view


@dataclass(frozen=True)
class Signal:
    code: str
    name: str
    kind: str
    unit: str
    method: str
    params: dict
    description: str


SIGNALS = [
    Signal(
        "syndrome-grippal",
        "Syndromes grippaux",
        "syndrome",
        "cas",
        Method.FARRINGTON_FLEXIBLE,
        {"b": 2, "w": 3, "alpha": 0.01},
        "Fièvre brutale > 39 °C, toux ou douleurs musculaires.",
    ),
    Signal(
        "gastro-enterite",
        "Gastro-entérites aiguës",
        "syndrome",
        "cas",
        Method.FARRINGTON_FLEXIBLE,
        {"b": 2, "w": 3, "alpha": 0.01},
        "Au moins trois selles liquides par jour, ou vomissements.",
    ),
    Signal(
        "gale",
        "Gale",
        "syndrome",
        "cas",
        Method.FARRINGTON_FLEXIBLE,
        {"b": 2, "w": 3, "alpha": 0.01},
        "Cas de gale diagnostiqués ou fortement suspectés.",
    ),
    Signal(
        "suspicion-tuberculose",
        "Suspicions de tuberculose",
        "syndrome",
        "cas",
        Method.EARS_C1,
        {"minSigma": 1},
        "Toux de plus de trois semaines avec amaigrissement ou sueurs nocturnes.",
    ),
    Signal(
        "surdose",
        "Surdoses",
        "event",
        "événements",
        Method.EARS_C2,
        {"minSigma": 1.5},
        "Surdoses (opioïdes, autres substances) vues ou signalées.",
    ),
    Signal(
        "chaleur",
        "Pathologies liées à la chaleur",
        "event",
        "cas",
        Method.EARS_C2,
        {"minSigma": 1},
        "Coups de chaleur, déshydratation, malaises en période chaude.",
    ),
    Signal(
        "refus-couverture",
        "Personnes non soignées faute de couverture maladie",
        "event",
        "personnes",
        Method.EARS_C1,
        {"minSigma": 2},
        "Personnes orientées sans pouvoir être soignées, faute de droits ouverts.",
    ),
]

# Weekly base rate of each signal per kind of partner (before seasons and episodes).
RATES = {
    "pass_unit": [6, 3, 0.6, 0.5, 0.4, 0.2, 5],
    "ccas": [2, 1.5, 0.3, 0.1, 0.2, 0.4, 3],
    "association": [1.5, 1, 0.2, 0.1, 0.3, 0.2, 1.5],
    "shelter": [2, 1.5, 0.3, 0.2, 0.3, 0.3, 1],
}


def load_signals() -> dict[str, SignalDefinition]:
    out = {}
    for position, s in enumerate(SIGNALS):
        out[s.code], _ = SignalDefinition.objects.update_or_create(
            code=s.code,
            defaults={
                "name": s.name,
                "kind": s.kind,
                "unit": s.unit,
                "method": s.method,
                "params": s.params,
                "description": s.description,
                "position": position,
            },
        )
    return out


def load_shelter() -> Organisation:
    shelter, _ = Organisation.objects.update_or_create(
        slug=SHELTER_SLUG,
        defaults={
            "name": "Centre d'hébergement d'urgence Les Moulins (fictif)",
            "kind": Organisation.Kind.ASSOCIATION,
            "territory": Territory.objects.get(slug="quartier-moulins"),
            "city": "Lille",
            "postcode": "59000",
            "facts": {"fictif": "oui — donnée de démonstration"},
        },
    )
    return shelter


def partners(shelter: Organisation) -> list[tuple[Organisation, str]]:
    """(organisation, rate profile) of every partner that reports each week."""
    found = Organisation.objects.filter(
        Q(kind__in=["pass_unit", "ccas"])
        | Q(kind="association", name__startswith="Association de quartier")
    )
    out = [(o, o.kind) for o in found.select_related("territory").order_by("slug")]
    return [*out, (shelter, "shelter")]


def _influenza(week: dt.date) -> float:
    """Seasonal multiplier: a wave peaking in late January, bigger and earlier this season."""
    season_start = dt.date(week.year if week.month >= 7 else week.year - 1, 7, 1)
    days = (week - season_start).days
    current_season = week >= last_closed_week() - dt.timedelta(weeks=20)
    peak, height = (150, 9.0) if current_season else (210, 5.0)
    return 1 + height * math.exp(-((days - peak) ** 2) / (2 * 18**2))


def _seasons(week: dt.date) -> list[float]:
    summer = 1 + 4 * math.exp(-((week.timetuple().tm_yday - 200) ** 2) / (2 * 12**2))
    gastro = 1 + 1.5 * math.exp(-((min(week.timetuple().tm_yday, 400) - 10) ** 2) / (2 * 20**2))
    return [_influenza(week), gastro, 1, 1, 1, summer, 1]


def _rates(profile: str, week: dt.date, weeks_ago: int) -> list[float]:
    rates = [r * s for r, s in zip(RATES[profile], _seasons(week), strict=True)]
    if profile == "shelter" and weeks_ago < 3:
        rates[2] += [9, 7, 5][weeks_ago]  # scabies spreads in the dormitories
    return rates


def _counts(rng: np.random.Generator, profile: str, week: dt.date, weeks_ago: int) -> dict:
    draws = rng.poisson(_rates(profile, week, weeks_ago))
    return {s.code: int(n) for s, n in zip(SIGNALS, draws, strict=True)}


def _skipped(rng: np.random.Generator, organisation: Organisation, weeks_ago: int) -> bool:
    if weeks_ago == 0 and organisation.slug in NOT_YET_REPORTED:
        return True
    return bool(rng.random() < 0.02) and weeks_ago > 3


def load_reports(signals: dict[str, SignalDefinition], shelter: Organisation) -> None:
    last = last_closed_week()
    weeks = weeks_between(last - dt.timedelta(weeks=52 * YEARS - 1), last)
    rng = np.random.default_rng(SEED)
    reports, revisions, counts = [], [], []
    for organisation, profile in partners(shelter):
        ReportingPartner.objects.update_or_create(
            organisation=organisation, defaults={"started_on": weeks[0]}
        )
        for week in weeks:
            weeks_ago = (last - week).days // 7
            values = _counts(rng, profile, week, weeks_ago)
            if _skipped(rng, organisation, weeks_ago):
                continue
            report = WeeklyReport(organisation=organisation, week_start=week, revision_count=1)
            submitted = _submitted_at(rng, week)
            report.created_at = report.updated_at = submitted
            reports.append(report)
            revisions.append((report, submitted, values))
            counts.append((report, values))
    WeeklyReport.objects.bulk_create(reports, batch_size=500)
    WeeklyReportRevision.objects.bulk_create(
        [
            WeeklyReportRevision(
                report=r,
                number=1,
                submitted_at=at,
                source=WeeklyReportRevision.Source.DEMO,
                counts=values,
                is_late=is_late(r.week_start, at.date()),
            )
            for r, at, values in revisions
        ],
        batch_size=500,
    )
    WeeklyCount.objects.bulk_create(
        [
            WeeklyCount(report=r, signal=signals[code], count=n)
            for r, values in counts
            for code, n in values.items()
        ],
        batch_size=1000,
    )


def _submitted_at(rng: np.random.Generator, week: dt.date) -> dt.datetime:
    """Most reports come on Monday or Tuesday; one in ten is late."""
    delay = int(rng.choice([7, 8, 8, 7, 8, 7, 8, 7, 9, 12]))
    moment = dt.datetime.combine(week + dt.timedelta(days=delay), dt.time(10, 30))
    return min(timezone.make_aware(moment), timezone.now())


def load_detection() -> None:
    last = last_closed_week()
    run = DetectionRun.objects.create(
        week_start=last,
        first_week=last - dt.timedelta(weeks=51),
        trigger=DetectionRun.Trigger.DEMO,
    )
    detection_run_execute(run_id=run.pk, notify=False)
    recent = SurveillanceAlert.objects.filter(week_start__gte=last - dt.timedelta(weeks=3))
    alerts_notify(alerts=list(recent.select_related("signal", "territory")))
    close_old_alerts(last)


def close_old_alerts(last: dt.date) -> None:
    """Alerts older than two months were looked at: most confirmed, the rest dismissed."""
    coordinator = User.objects.filter(email=COORDINATOR_EMAIL).first()
    if coordinator is None:
        return
    old = SurveillanceAlert.objects.filter(
        week_start__lt=last - dt.timedelta(weeks=8), status=AlertStatus.NEW
    ).order_by("week_start", "id")
    for i, alert in enumerate(old):
        alert_transition(actor=coordinator, alert=alert, to_status=AlertStatus.INVESTIGATING)
        outcome = AlertStatus.DISMISSED if i % 3 == 2 else AlertStatus.CONFIRMED
        alert_transition(
            actor=coordinator,
            alert=alert,
            to_status=outcome,
            comment="Vérifié avec les partenaires (démonstration).",
        )


@transaction.atomic
def load() -> None:
    signals = load_signals()
    shelter = load_shelter()
    if not WeeklyReport.objects.filter(organisation=shelter).exists():
        load_reports(signals, shelter)
    if not DetectionRun.objects.filter(trigger=DetectionRun.Trigger.DEMO).exists():
        load_detection()
