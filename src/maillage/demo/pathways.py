"""Demo pathways: a handful of plainly fictitious people, each showing features of the app.

Everything goes through the pathways services with the demo accounts, so the audit log, the
care teams and the notifications are those a real use would produce. Loading twice adds nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.utils import timezone

from maillage.core.models import User
from maillage.core.vocabulary import Sex
from maillage.directory.models import Service
from maillage.network.models import Network, Organisation
from maillage.pathways import services
from maillage.pathways.models import Beneficiary, PathwayTemplate, Referral
from maillage.pathways.rules import rules_run

TEMPLATE = "Parcours cancer du groupement HPSM"
DAY = timedelta(days=1)


def _user(email: str) -> User:
    return User.objects.get(email=email)


def _org(slug: str) -> Organisation:
    return Organisation.objects.get(slug=slug)


def accounts() -> dict[str, User]:
    return {
        "coordinator": _user("coordination@demo.maillage.test"),
        "fives": _user("referent.fives@demo.maillage.test"),
        "wazemmes": _user("referent.wazemmes@demo.maillage.test"),
        "pass_roubaix": _user("as.pass.roubaix@demo.maillage.test"),
        "pass_chru": _user("medecin.pass.chru@demo.maillage.test"),
    }


def cancer_template(coordinator: User) -> PathwayTemplate:
    existing = PathwayTemplate.objects.filter(name=TEMPLATE).first()
    if existing:
        return existing
    step = services.StepSpec
    return services.pathway_template_create(
        actor=coordinator,
        name=TEMPLATE,
        description="Dépistage, diagnostic au CHRU de Lille, traitement au Centre de Référence "
        "Régional en Cancérologie, suivi au CH de Seclin (délais cibles de démonstration).",
        network=Network.objects.filter(slug="hpsm").first(),
        steps=[
            step("Dépistage", _org("departement-du-nord-service-de-prevention-sante"), 30),
            step("Diagnostic au CHRU de Lille", _org("chru-de-lille"), 21),
            step(
                "Traitement au C.R.R.C.", _org("centre-de-reference-regional-en-cancerologie"), 30
            ),
            step("Suivi au CH de Seclin", _org("ch-de-seclin"), 90),
        ],
    )


def _open(actor: User, first: str, last: str, **fields: Any) -> Beneficiary | None:
    """None when this person is already in the demo (loading is idempotent)."""
    if Beneficiary.objects.filter(first_name=first, last_name=last).exists():
        return None
    b = services.beneficiary_create(
        actor=actor, data={"first_name": first, "last_name": last, **fields}
    )
    services.information_notice_record(
        actor=actor, beneficiary=b, method="oral_and_leaflet", language="français"
    )
    return b


def jeanne(u: dict[str, User]) -> None:
    """A PASS orients to a pôle's service: accepted, appointment set; AME expiring soon."""
    b = _open(
        u["pass_roubaix"],
        "Jeanne",
        "Exemple-Fictive",
        birth_year=1971,
        birth_month=3,
        sex=Sex.FEMALE,
        languages="français, arabe",
        housing="shelter",
        health_cover="ame",
        health_cover_expires_on=timezone.localdate() + 20 * DAY,
    )
    if b is None:
        return
    services.need_add(
        actor=u["pass_roubaix"], beneficiary=b, domain="rights", description="Renouvellement AME"
    )
    services.need_add(actor=u["pass_roubaix"], beneficiary=b, domain="physical_health")
    services.note_add(
        actor=u["pass_roubaix"], beneficiary=b, text="Hébergée au CHRS depuis deux mois (fictif)."
    )
    services.care_team_add(
        actor=u["pass_roubaix"],
        beneficiary=b,
        organisation=_org("pass-du-chru-de-lille"),
        professional=u["pass_chru"],
        basis="formal_team",
    )
    services.note_add(
        actor=u["pass_chru"],
        beneficiary=b,
        sensitivity="health",
        text="Diabète de type 2 à équilibrer (donnée fictive, visible des soignants).",
    )
    fives = _org("association-de-quartier-fives-fictive")
    service = Service.objects.filter(organisation=fives, name__icontains="bilan").first()
    referral = services.referral_create(
        actor=u["pass_roubaix"],
        beneficiary=b,
        to_organisation=fives,
        service=service,
        reason="Bilan de santé et accompagnement vers un médecin traitant.",
        urgency="soon",
    )
    services.referral_transition(actor=u["fives"], referral=referral, to_status="accepted")
    services.referral_transition(
        actor=u["fives"],
        referral=referral,
        to_status="appointment_set",
        appointment_at=timezone.now() + 5 * DAY,
    )


def ion(u: dict[str, User]) -> None:
    """An emergency admission at the CHRU; discharge planned this week, checklist half done."""
    b = _open(
        u["pass_chru"],
        "Ion",
        "Modèle (fictif)",
        birth_year=1985,
        sex=Sex.MALE,
        languages="roumain",
        housing="squat",
        health_cover="none",
    )
    if b is None:
        return
    stay = services.stay_admit(
        actor=u["pass_chru"],
        beneficiary=b,
        establishment=_org("chru-de-lille"),
        unit="Médecine polyvalente",
        via_emergency=True,
        planned_discharge_on=timezone.localdate() + 2 * DAY,
    )
    services.stay_checklist_update(
        actor=u["pass_chru"], stay=stay, data={"rights_opened": True, "treatment_available": True}
    )
    services.need_add(
        actor=u["pass_chru"], beneficiary=b, domain="housing", description="Hébergement à la sortie"
    )


def fatou(u: dict[str, User]) -> None:
    """Follows the HPSM cancer pathway; the diagnosis step is overdue."""
    b = _open(
        u["wazemmes"],
        "Fatou",
        "Essai (fictive)",
        birth_year=1962,
        sex=Sex.FEMALE,
        housing="hosted",
        health_cover="css",
        health_cover_expires_on=timezone.localdate() + 200 * DAY,
    )
    if b is None:
        return
    template = cancer_template(u["coordinator"])
    start = timezone.localdate() - 70 * DAY
    pathway = services.pathway_start(
        actor=u["wazemmes"], beneficiary=b, template=template, started_on=start
    )
    screening = pathway.steps.get(order=1)
    services.pathway_step_complete(
        actor=u["wazemmes"], step=screening, completed_on=start + 26 * DAY
    )


def karim(u: dict[str, User]) -> None:
    """Two no-shows in a row, and a referral nobody answered for ten days."""
    b = _open(
        u["fives"],
        "Karim",
        "Témoin (fictif)",
        birth_year=1990,
        sex=Sex.MALE,
        housing="street",
        health_cover="puma",
    )
    if b is None:
        return
    chru = _org("pass-du-chru-de-lille")
    for _ in range(2):
        referral = services.referral_create(
            actor=u["fives"],
            beneficiary=b,
            to_organisation=chru,
            reason="Consultation de médecine générale.",
        )
        services.referral_transition(actor=u["pass_chru"], referral=referral, to_status="accepted")
        services.referral_transition(
            actor=u["pass_chru"],
            referral=referral,
            to_status="appointment_set",
            appointment_at=timezone.now() - 3 * DAY,
        )
        services.referral_transition(actor=u["pass_chru"], referral=referral, to_status="no_show")
    waiting = services.referral_create(
        actor=u["fives"],
        beneficiary=b,
        to_organisation=_org("ccas-de-lille"),
        reason="Domiciliation administrative.",
    )
    Referral.objects.filter(pk=waiting.pk).update(sent_at=timezone.now() - 10 * DAY)


def elena(u: dict[str, User]) -> None:
    """Consent to share with the CCAS (social scope); a discharge without follow-up."""
    b = _open(
        u["pass_roubaix"],
        "Elena",
        "Factice (fictive)",
        birth_year=1958,
        birth_month=11,
        birth_day=2,
        sex=Sex.FEMALE,
        housing="housed",
        health_cover="puma",
    )
    if b is None:
        return
    services.consent_record(
        actor=u["pass_roubaix"],
        beneficiary=b,
        scope="social",
        recipients=[_org("ccas-de-roubaix")],
        method="written",
        purpose="Aide au maintien dans le logement",
    )
    stay = services.stay_admit(
        actor=u["pass_roubaix"],
        beneficiary=b,
        establishment=_org("centre-hospitalier-de-roubaix"),
        unit="Cardiologie",
    )
    services.stay_discharge(actor=u["pass_roubaix"], stay=stay, force=True)


PEOPLE: list[Callable[[dict[str, User]], None]] = [jeanne, ion, fatou, karim, elena]


def load() -> dict[str, Any]:
    u = accounts()
    cancer_template(u["coordinator"])
    for person in PEOPLE:
        person(u)
    return {"alerts": rules_run()}
