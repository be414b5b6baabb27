"""Demo calls for projects: the three calls of the Ville de Lille's 2018 round, and one call open
today so the demo can apply.

Every application reaches its state through the services (with the instant given, `now=`), so
its transitions are recorded as they would be; the dates are then set back to 2018. What the
seeds do not say (projects, amounts, scores, dates) is invented and marked « (fictif) ».
Idempotent: calls, criteria and applications are found again by their slug or title, and a step
already done is not redone.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from maillage.calls import services
from maillage.calls.models import (
    Application,
    ApplicationState,
    CallForProjects,
    CallStatus,
    Criterion,
    DocumentKind,
    Grant,
    Review,
    Transition,
)
from maillage.core.models import User
from maillage.network.models import Hub, Organisation
from maillage.programmes.models import Action

PARIS = ZoneInfo("Europe/Paris")
D = dt.date
FUNDER = "Ville de Lille — Service Santé"
COORDINATOR = "coordination@demo.maillage.test"
REVIEWERS = ("medecin.pass.chru@demo.maillage.test", "as.pass.roubaix@demo.maillage.test")
# Who writes each host association's applications (demo accounts).
APPLICANTS = {
    "Fives": "referent.fives@demo.maillage.test",
    "Wazemmes": "referent.wazemmes@demo.maillage.test",
    "Moulins": "association@demo.maillage.test",
    "Lille-Sud": "association.lille-sud@demo.maillage.test",
    "Faubourg de Béthune": "association.faubourg@demo.maillage.test",
}
STATUTES = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
CRITERIA = [
    ("Réponse aux besoins du territoire", 3),
    ("Public en situation de précarité", 2),
    ("Faisabilité et budget", 1),
]


def paris(year: int, month: int, day: int, hour: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, 0, tzinfo=PARIS)


def fictitious_siret(n: int) -> str:
    """A SIRET that passes the checksums (SIREN and SIRET), fictitious: 9 9 9 … n."""
    from stdnum import luhn

    siren = f"9990{n:04d}"
    siren += luhn.calc_check_digit(siren)
    body = f"{siren}0001"
    return body + luhn.calc_check_digit(body)


@dataclass
class Step:
    """One application of the demo and how far it goes."""

    quartier: str
    title: str
    requested: int
    until: str  # the state it reaches
    theme: str = ""
    granted: int = 0
    scores: list[list[int]] = field(default_factory=list)  # one list per reviewer who scored
    paid: bool = False
    signed_on: dt.date | None = None
    report: tuple[int, int] | None = None  # people reached, actions held


@dataclass
class CallSpec:
    slug: str
    title: str
    description: str
    envelope: int
    opens_at: dt.datetime
    closes_at: dt.datetime
    actions: list[str]
    steps: list[Step]
    max_grant: int | None = None
    themes: list[str] = field(default_factory=list)
    envelope_by_theme: dict[str, int] = field(default_factory=dict)
    required_documents: list[str] = field(default_factory=list)
    decided_on: dt.date | None = None
    report_due_on: dt.date | None = None


ROUND_2018 = [
    CallSpec(
        slug="poles-ressources-sante-2018",
        title="Pôles ressources santé 2018",
        description="Le fonctionnement des cinq pôles ressources santé portés par des "
        "associations de quartier : accueil, orientation vers les droits et les soins, réunions "
        "de partenaires toutes les six semaines.",
        envelope=80_000,
        opens_at=paris(2017, 10, 2),
        closes_at=paris(2017, 11, 30),
        actions=["1.1"],
        decided_on=D(2018, 1, 29),
        report_due_on=D(2019, 3, 31),
        steps=[
            Step("Faubourg de Béthune", "Pôle ressources santé Faubourg de Béthune 2018", 16_000,
                 ApplicationState.ACCEPTED, granted=16_000, scores=[[4, 4, 4]], paid=True,
                 signed_on=D(2018, 2, 12)),
            Step("Fives", "Pôle ressources santé Fives 2018", 17_000, ApplicationState.ACCEPTED,
                 granted=17_000, scores=[[5, 4, 4]], paid=True, signed_on=D(2018, 2, 12),
                 report=(612, 38)),
            Step("Lille-Sud", "Pôle ressources santé Lille-Sud 2018", 16_000,
                 ApplicationState.ACCEPTED, granted=16_000, scores=[[4, 5, 3]], paid=True,
                 signed_on=D(2018, 2, 14)),
            Step("Moulins", "Pôle ressources santé Moulins 2018", 16_000,
                 ApplicationState.ACCEPTED, granted=15_000, scores=[[3, 4, 4]],
                 signed_on=D(2018, 2, 20)),
            Step("Wazemmes", "Pôle ressources santé Wazemmes 2018", 16_000,
                 ApplicationState.ACCEPTED, granted=16_000, scores=[[4, 4, 5]], paid=True,
                 signed_on=D(2018, 2, 12), report=(540, 31)),
        ],
    ),
    CallSpec(
        slug="soutien-organismes-sante-2018",
        title="Soutien aux organismes de santé 2018",
        description="Des projets d'associations lilloises pour l'accès aux droits et aux soins "
        "des personnes en situation de précarité.",
        envelope=60_000,
        max_grant=25_000,
        opens_at=paris(2017, 11, 15),
        closes_at=paris(2018, 1, 15),  # 15 January 2018 at midnight
        actions=["1.1", "4.3"],
        required_documents=[DocumentKind.STATUTES],
        decided_on=D(2018, 3, 5),
        report_due_on=D(2019, 3, 31),
        steps=[
            Step("Fives", "Permanences d'accès aux droits de santé (fictif)", 20_000,
                 ApplicationState.ACCEPTED, granted=18_000, scores=[[5, 5, 4], [4, 5, 4]],
                 paid=True, signed_on=D(2018, 3, 26)),
            Step("Wazemmes", "Bilans de santé partagés (fictif)", 15_000,
                 ApplicationState.REFUSED, scores=[[2, 3, 2], [2, 2, 3]]),
            Step("Moulins", "Ateliers mémoire des aînés (fictif)", 8_000,
                 ApplicationState.CORRECTION_REQUESTED),
            Step("Lille-Sud", "Accompagnement vers un médecin traitant (fictif)", 12_000,
                 ApplicationState.UNDER_REVIEW, scores=[[4, 3, 4]]),
            Step("Faubourg de Béthune", "Forum santé du Faubourg (fictif)", 6_000,
                 ApplicationState.DRAFT),
        ],
    ),
    CallSpec(
        slug="plan-nutrition-2018",
        title="Plan nutrition 2018",
        description="Bien manger à petit budget : ateliers cuisine, distribution de fruits et "
        "légumes, activité physique dans les quartiers.",
        envelope=30_000,
        themes=["ateliers", "distribution"],
        envelope_by_theme={"ateliers": 20_000, "distribution": 10_000},
        opens_at=paris(2018, 2, 1),
        closes_at=paris(2018, 3, 30),
        actions=["1.1"],
        decided_on=D(2018, 5, 14),
        report_due_on=D(2019, 3, 31),
        steps=[
            Step("Wazemmes", "Ateliers cuisine à petit budget (fictif)", 9_000,
                 ApplicationState.ACCEPTED, theme="ateliers", granted=8_000,
                 scores=[[4, 4, 4]], signed_on=D(2018, 6, 4)),
            Step("Moulins", "Jardin partagé des Moulins (fictif)", 6_000,
                 ApplicationState.WITHDRAWN, theme="distribution"),
            Step("Lille-Sud", "Petits-déjeuners à l'école (fictif)", 10_000,
                 ApplicationState.CLOSED_WITHOUT_DECISION, theme="distribution"),
        ],
    ),
]  # fmt: skip


def open_call(now: dt.datetime) -> CallSpec:
    """A call open today: opened a month ago, it closes in a month."""
    return CallSpec(
        slug="initiatives-sante-quartiers",
        title="Initiatives santé des quartiers (fictif)",
        description="Des projets d'habitants et d'associations pour la santé dans les "
        "quartiers prioritaires de Lille.",
        envelope=40_000,
        max_grant=10_000,
        opens_at=now - dt.timedelta(days=30),
        closes_at=now + dt.timedelta(days=30),
        actions=["1.1"],
        steps=[
            Step("Fives", "Marche santé du dimanche (fictif)", 4_000, ApplicationState.SUBMITTED),
            Step("Moulins", "Café des aidants (fictif)", 5_000, ApplicationState.DRAFT),
        ],
    )


# --- the people -------------------------------------------------------------------------------


def _user(email: str) -> User:
    return User.objects.get(email=email)


def _host(quartier: str) -> Organisation:
    hub = Hub.objects.select_related("host").get(quartier__name=quartier)
    assert hub.host is not None
    return hub.host


# --- the calls --------------------------------------------------------------------------------


def _call(spec: CallSpec, funder: Organisation, coordinator: User) -> CallForProjects:
    call, _created = CallForProjects.objects.update_or_create(
        slug=spec.slug,
        defaults={
            "title": spec.title,
            "description": spec.description,
            "funder": funder,
            "envelope": Decimal(spec.envelope),
            "max_grant": Decimal(spec.max_grant) if spec.max_grant else None,
            "themes": spec.themes,
            "envelope_by_theme": spec.envelope_by_theme,
            "opens_at": spec.opens_at,
            "closes_at": spec.closes_at,
            "eligible_kinds": [Organisation.Kind.ASSOCIATION],
            "required_identifiers": ["siret"],
            "required_documents": spec.required_documents,
        },
    )
    call.actions.set(
        Action.objects.filter(axis__contract__slug="cls-lille", number__in=spec.actions)
    )
    for label, weight in CRITERIA:
        Criterion.objects.update_or_create(call=call, label=label, defaults={"weight": weight})
    if call.status == CallStatus.DRAFT:
        services.call_publish(actor=coordinator, call=call)
    return call


class _Clock:
    """Sets the instants of what a service just recorded back to the demo's dates."""

    def __init__(self) -> None:
        self.started = timezone.now()

    def at(self, application: Application, when: dt.datetime) -> None:
        Transition.objects.filter(application=application, at__gte=self.started).update(at=when)


def _apply(
    spec: CallSpec, call: CallForProjects, step: Step, index: int, clock: _Clock
) -> Application:
    organisation = _host(step.quartier)
    applicant = _user(APPLICANTS[step.quartier])
    written = spec.opens_at + dt.timedelta(days=7 + index)
    application = services.application_create(
        actor=applicant, call=call, organisation=organisation, title=step.title, now=written
    )
    budget = [
        ("64", "Salaires et charges (fictif)", Decimal(step.requested) * 3 / 4),
        ("60", "Achats de petit matériel (fictif)", Decimal(step.requested) / 4),
        ("74", f"Subvention demandée — {call.funder.name}", Decimal(step.requested)),
    ]
    data = services.ApplicationData(
        title=step.title,
        summary=f"{step.title} : un projet porté par {organisation.name} dans son quartier.",
        theme=step.theme,
        publics=["tous-publics"],
        territories=[organisation.territory] if organisation.territory else [],
        starts_on=(spec.closes_at + dt.timedelta(days=60)).date(),
        ends_on=(spec.closes_at + dt.timedelta(days=400)).date(),
        requested_amount=Decimal(step.requested),
        siret=fictitious_siret(organisation.pk),
        budget=budget,
    )
    services.application_save(actor=applicant, application=application, data=data, now=written)
    if spec.required_documents:
        upload = SimpleUploadedFile("statuts.pdf", STATUTES, content_type="application/pdf")
        services.document_upload(
            actor=applicant, application=application, kind=DocumentKind.STATUTES,
            upload=upload, now=written,
        )  # fmt: skip
    Application.objects.filter(pk=application.pk).update(created_at=written, updated_at=written)
    if step.until != ApplicationState.DRAFT:
        submitted = written + dt.timedelta(days=3)
        services.application_submit(actor=applicant, application=application, now=submitted)
        clock.at(application, submitted)
    return application


def _before_closing(
    spec: CallSpec, call: CallForProjects, step: Step, application: Application, clock: _Clock
) -> None:
    if step.until == ApplicationState.WITHDRAWN:
        applicant = _user(APPLICANTS[step.quartier])
        when = spec.closes_at - dt.timedelta(days=5)
        services.application_transition(
            actor=applicant, application=application, event="withdraw",
            reason="Le projet est reporté à l'an prochain (fictif).", now=when,
        )  # fmt: skip
        clock.at(application, when)


def _review(call: CallForProjects, step: Step, application: Application, clock: _Clock) -> None:
    coordinator = _user(COORDINATOR)
    criteria = list(call.criteria.order_by("pk"))
    reviewed = call.closes_at + dt.timedelta(days=10)
    for email, scores in zip(REVIEWERS, step.scores or [[]], strict=False):
        review = services.review_assign(
            actor=coordinator, application=application, reviewer=_user(email)
        )
        Review.objects.filter(pk=review.pk).update(assigned_at=call.closes_at + dt.timedelta(1))
        if scores:
            services.review_submit(
                actor=_user(email), review=review,
                scores={c.pk: s for c, s in zip(criteria, scores, strict=True)},
                comments="Projet solide, ancré dans le quartier (fictif)."
                if sum(scores) >= 10 else "Public et budget à préciser (fictif).",
                now=reviewed,
            )  # fmt: skip
    if step.until == ApplicationState.UNDER_REVIEW and len(step.scores) < len(REVIEWERS):
        # The second reviewer has not scored yet: the worker reminds them once a week.
        services.review_assign(
            actor=coordinator, application=application, reviewer=_user(REVIEWERS[1])
        )


def _decide(
    spec: CallSpec, call: CallForProjects, step: Step, application: Application, clock: _Clock
) -> None:
    coordinator = _user(COORDINATOR)
    decided = paris(*spec.decided_on.timetuple()[:3], 18) if spec.decided_on else call.closes_at
    if step.until == ApplicationState.CORRECTION_REQUESTED:
        services.application_transition(
            actor=coordinator, application=application, event="request_correction",
            reason="Merci de joindre le budget détaillé des ateliers (fictif).",
            due_on=(call.closes_at + dt.timedelta(days=21)).date(),
        )  # fmt: skip
        clock.at(application, call.closes_at + dt.timedelta(days=7))
    elif step.until == ApplicationState.REFUSED:
        services.application_transition(
            actor=coordinator, application=application, event="refuse",
            reason="Le projet relève du droit commun de l'Assurance maladie (fictif).",
        )  # fmt: skip
        clock.at(application, decided)
    elif step.until == ApplicationState.CLOSED_WITHOUT_DECISION:
        services.application_transition(
            actor=coordinator, application=application, event="close_without_decision",
            reason="Le porteur n'a pas répondu aux questions du comité (fictif).",
        )  # fmt: skip
        clock.at(application, decided)
    elif step.until == ApplicationState.ACCEPTED:
        _grant(spec, step, application, coordinator)
        clock.at(application, decided)


def _grant(spec: CallSpec, step: Step, application: Application, coordinator: User) -> None:
    assert spec.decided_on is not None
    reference = f"Délibération {spec.decided_on:%Y}/{spec.slug[:12]} (fictif)"
    grant = services.grant_decide(
        actor=coordinator, application=application, amount=Decimal(step.granted),
        reference=reference, report_due_on=spec.report_due_on,
    )  # fmt: skip
    Grant.objects.filter(pk=grant.pk).update(
        decided_on=spec.decided_on, convention_signed_on=step.signed_on
    )
    first, last = grant.tranches.order_by("pk")
    signed = step.signed_on or spec.decided_on
    first.due_on = signed + dt.timedelta(days=30)
    first.save(update_fields=["due_on"])
    if step.paid:
        services.tranche_mark_paid(
            actor=coordinator, tranche=first, paid_on=signed + dt.timedelta(days=21)
        )
    if step.report:
        grant.refresh_from_db()
        people, actions = step.report
        services.final_report_submit(
            actor=_user(APPLICANTS[step.quartier]), grant=grant, people_reached=people,
            actions_held=actions, text="Bilan de l'année : permanences tenues chaque semaine, "
            "partenaires réunis toutes les six semaines (fictif).",
            now=paris(2019, 3, 15, 10),
        )  # fmt: skip


def load_call(spec: CallSpec, clock: _Clock) -> CallForProjects:
    funder = Organisation.objects.get(name=FUNDER)
    coordinator = _user(COORDINATOR)
    call = _call(spec, funder, coordinator)
    new: list[tuple[Step, Application]] = []
    for index, step in enumerate(spec.steps):
        exists = Application.objects.filter(call=call, title=step.title).exists()
        if not exists:
            application = _apply(spec, call, step, index, clock)
            _before_closing(spec, call, step, application, clock)
            new.append((step, application))
    if spec.closes_at <= timezone.now():
        services.call_close(call=call, now=spec.closes_at)
        for _step, application in new:
            clock.at(application, spec.closes_at)
        for step, application in new:
            application.refresh_from_db()
            if application.state == ApplicationState.UNDER_REVIEW:
                _review(call, step, application, clock)
                _decide(spec, call, step, application, clock)
    return call


def load() -> dict[str, Any]:
    clock = _Clock()
    specs = [*ROUND_2018, open_call(timezone.now())]
    calls = [load_call(spec, clock) for spec in specs]
    return {"calls": len(calls), "grants": Grant.objects.count()}
