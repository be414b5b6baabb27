"""Demo Contrats Locaux de Santé: Lille's 2012 contract with the actions the seeds name, and
Rosny-sous-Bois's 2019 contract (eight signatories, six axes, 31 actions), plus the prevention
campaigns every demo event belongs to.

What the seeds say is kept as they say it; what is invented (titles of Rosny's actions beyond the
seeds' examples, dates, leads, budgets, targets) is marked « (fictif) »."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model

from maillage.activity.models import PreventionEvent
from maillage.meetings.models import Decision, MeetingSeries, SeriesKind
from maillage.network.models import Organisation, Territory
from maillage.programmes.models import (
    Action,
    ActionStatus,
    Axis,
    BudgetLine,
    Campaign,
    CampaignEvent,
    CampaignScope,
    ContractStatus,
    FollowUpNote,
    Indicator,
    IndicatorSource,
    LocalHealthContract,
    Measurement,
    Milestone,
    Participation,
    Signatory,
    Target,
)
from maillage.programmes.services import indicator_recompute

D = dt.date


def _org(name: str) -> Organisation:
    return Organisation.objects.get(name=name)


def _contract(slug: str, **fields: Any) -> LocalHealthContract:
    contract, _ = LocalHealthContract.objects.update_or_create(slug=slug, defaults=fields)
    return contract


def _axis(contract: LocalHealthContract, number: int, title: str, description: str = "") -> Axis:
    axis, _ = Axis.objects.update_or_create(
        contract=contract, number=number, defaults={"title": title, "description": description}
    )
    return axis


def _action(axis: Axis, number: str, title: str, **fields: Any) -> Action:
    many = {k: fields.pop(k) for k in ("partners", "territories") if k in fields}
    action, _ = Action.objects.update_or_create(
        axis=axis, number=number, defaults={"title": title, **fields}
    )
    for name, values in many.items():
        getattr(action, name).set(values)
    return action


def _indicator(action: Action, definition: str, **fields: Any) -> Indicator:
    targets = fields.pop("targets", {})
    indicator, _ = Indicator.objects.update_or_create(
        action=action, definition=definition, defaults=fields
    )
    for year, value in targets.items():
        Target.objects.update_or_create(indicator=indicator, year=year, defaults={"value": value})
    return indicator


def _budget(action: Action, year: int, funder: Organisation, planned: int, spent: int) -> None:
    BudgetLine.objects.update_or_create(
        action=action,
        year=year,
        funder=funder,
        defaults={
            "planned": Decimal(planned),
            "committed": Decimal(planned),
            "spent": Decimal(spent),
        },
    )


# --- Lille, 2012 ------------------------------------------------------------------------------


def load_lille() -> LocalHealthContract:
    lille = Territory.objects.get(name="Lille", kind=Territory.Kind.COMMUNE)
    contract = _contract(
        "cls-lille",
        title="Contrat local de santé de Lille",
        territory=lille,
        signed_on=D(2012, 1, 1),
        start=D(2012, 1, 1),
        status=ContractStatus.IN_FORCE,
    )
    for name, role in [
        ("Ville de Lille / Lomme", "Ville"),
        ("ARS Hauts-de-France", "Agence régionale de santé"),
    ]:
        Signatory.objects.update_or_create(
            contract=contract,
            organisation=_org(name),
            defaults={"role": role, "signed_on": D(2012, 1, 1)},
        )
    contract.governance.set(
        MeetingSeries.objects.filter(
            kind__in=(SeriesKind.CLS_STEERING, SeriesKind.CLSM_WORKING_GROUP)
        )
    )
    _lille_actions(contract)
    return contract


def _lille_actions(contract: LocalHealthContract) -> None:
    city, health = _org("Ville de Lille / Lomme"), _org("Ville de Lille — Service Santé")
    ars = _org("ARS Hauts-de-France")
    coordinator = get_user_model().objects.filter(email="coordination@demo.maillage.test").first()
    access = _axis(
        contract, 1, "Accès aux droits et aux soins", "Réduire les inégalités de santé (2012)."
    )
    poles = _action(
        access,
        "1.1",
        "Pôles ressources santé",
        objectives="Informer, orienter et accompagner les habitants vers les droits et les soins.",
        description="Démarrés en 2012 ; 4 personnes ; financés par la Ville de Lille et "
        "l'Atelier Santé Ville.",
        lead_organisation=health,
        lead_person=coordinator,
        partners=[_org("CCAS de Lille"), _org("CPAM Lille-Douai")],
        publics=["tous-publics", "residents-qpv-frr"],
        territories=Territory.objects.filter(
            kind=Territory.Kind.QUARTIER, parent=contract.territory
        ),
        start=D(2012, 1, 1),
        status=ActionStatus.IN_PROGRESS,
        participation=Participation.CONSULTATION,
    )
    _budget(poles, 2016, city, 80_000, 80_000)
    _indicator(
        poles,
        "Personnes informées ou accompagnées par les pôles ressources santé",
        unit="personnes",
        source=IndicatorSource.UNIQUE_PEOPLE,
        targets={2015: 1800, 2016: 2200},
    )
    FollowUpNote.objects.get_or_create(
        action=poles,
        text="Bilan 2016 présenté au comité de pilotage (fictif).",
        defaults={"written_by": coordinator},
    )
    first_of_each: dict[str, Decision] = {}
    for decision in Decision.objects.filter(programme_link__startswith="Action CLS"):
        first_of_each.setdefault(decision.statement, decision)
    poles.decisions.set(first_of_each.values())
    environment = _axis(contract, 2, "Santé environnementale")
    _action(
        environment,
        "2.1",
        "Réseau asthme et allergies",
        description="Audits à domicile par des conseillers médicaux en environnement intérieur.",
        lead_organisation=health,
        publics=["familles"],
        start=D(2012, 1, 1),
        status=ActionStatus.IN_PROGRESS,
    )
    mental = _axis(contract, 3, "Santé mentale")
    _action(
        mental,
        "3.1",
        "Conseil lillois de santé mentale (CLSM)",
        lead_organisation=city,
        partners=[ars],
        start=D(2012, 1, 1),
        status=ActionStatus.IN_PROGRESS,
        participation=Participation.CONCERTATION,
    )
    _lille_addictions(contract, health, coordinator)


def _lille_addictions(contract: LocalHealthContract, health: Organisation, lead: Any) -> None:
    addictions = _axis(contract, 4, "Addictions et conduites à risque")
    _action(
        addictions,
        "4.1",
        "Trois échangeurs-récupérateurs de seringues",
        lead_organisation=health,
        start=D(2012, 1, 1),
        status=ActionStatus.IN_PROGRESS,
    )
    festive = _action(
        addictions,
        "4.2",
        "Modéra'teuf : stands de prévention en milieu festif",
        lead_organisation=health,
        lead_person=lead,
        publics=["jeunes", "etudiants"],
        start=D(2013, 1, 1),
        status=ActionStatus.IN_PROGRESS,
    )
    festive.events.set(PreventionEvent.objects.filter(title__startswith="Modéra'teuf"))
    _indicator(
        festive,
        "Public des stands Modéra'teuf",
        unit="personnes",
        source=IndicatorSource.AUDIENCE,
    )
    peers = _action(
        addictions,
        "4.3",
        "Nocta'Lille : sensibilisation par les pairs",
        lead_organisation=health,
        lead_person=lead,
        publics=["jeunes", "etudiants"],
        start=D(2013, 1, 1),
        status=ActionStatus.IN_PROGRESS,
    )
    youth = _indicator(peers, "Jeunes sensibilisés en milieu festif", unit="jeunes")
    Measurement.objects.get_or_create(
        indicator=youth,
        year=2014,
        value=5780,
        defaults={"comment": "Chiffre du bilan Nocta'Lille 2014.", "entered_by": lead},
    )
    _action(
        addictions,
        "4.4",
        "Label « quality bar » des établissements de nuit",
        lead_organisation=health,
        start=D(2014, 1, 1),
        status=ActionStatus.PLANNED,
    )


# --- Rosny-sous-Bois, 2019 --------------------------------------------------------------------

ROSNY_SIGNATORIES = [
    ("ARS Île-de-France", "Agence régionale de santé", "Directeur général"),
    ("Ville de Rosny-sous-Bois", "Ville", "Maire"),
    ("CPAM de la Seine-Saint-Denis", "Assurance maladie", "Directeur"),
    ("Conseil départemental de la Seine-Saint-Denis", "Département", "Président"),
    ("Préfecture de la Seine-Saint-Denis", "État", "Préfet"),
    ("Centre hospitalier intercommunal André-Grégoire", "Hôpital", "Directeur"),
    ("Établissement public de santé Ville-Evrard", "Santé mentale", "Directrice"),
    ("Clinique Floréal de Bagnolet", "Clinique", "Directeur"),
]
ROSNY_AXES: list[tuple[str, list[str]]] = [
    (
        "Prévention et promotion de la santé",
        [
            "Santé bucco-dentaire des enfants",
            "Promotion de la vaccination",
            "Nutrition : ateliers cuisine et bien-être",
            "Prévention de l'obésité par le sport",
            "Prévention des conduites addictives des jeunes (fictif)",
            "Santé sexuelle des jeunes (fictif)",
        ],
    ),
    (
        "Dépistages organisés des cancers",
        [
            "Dépistage du cancer du sein",
            "Dépistage du cancer colorectal",
            "Dépistage du cancer du col de l'utérus",
            "Formation des relais au dépistage (fictif)",
            "Information des médecins généralistes (fictif)",
        ],
    ),
    (
        "Accès aux droits et aux soins",
        [
            "Cabine de téléconsultation au centre médicosocial Paul-Schmierer",
            "Permanences d'accès aux droits (fictif)",
            "Accompagnement vers un médecin traitant (fictif)",
            "Annuaire partagé des professionnels (fictif)",
            "Interprétariat en santé (fictif)",
            "Accès aux soins des personnes exilées (fictif)",
        ],
    ),
    (
        "Atelier santé ville et quartiers prioritaires",
        [
            "Actions de l'atelier santé ville",
            "Diagnostics en marchant avec les habitants (fictif)",
            "Habitants relais santé (fictif)",
            "Santé et logement indigne (fictif)",
            "Forum santé des quartiers (fictif)",
        ],
    ),
    (
        "Santé mentale",
        [
            "Conseil local de santé mentale",
            "Premiers secours en santé mentale (fictif)",
            "Cellule de situations complexes (fictif)",
            "Semaines d'information sur la santé mentale (fictif)",
        ],
    ),
    (
        "Vieillissement et perte d'autonomie",
        [
            "Aide à domicile",
            "Prévention des chutes (fictif)",
            "Lutte contre l'isolement des aînés (fictif)",
            "Aidants familiaux (fictif)",
            "Sortie d'hospitalisation des aînés (fictif)",
        ],
    ),
]


def load_rosny() -> LocalHealthContract:
    rosny = Territory.objects.get(name="Rosny-sous-Bois")
    contract = _contract(
        "cls-rosny-sous-bois",
        title="Contrat local de santé de Rosny-sous-Bois",
        territory=rosny,
        diagnosis_start=D(2016, 1, 1),
        diagnosis_end=D(2017, 9, 30),
        adopted_on=D(2019, 9, 26),
        signed_on=D(2019, 10, 28),
        start=D(2019, 10, 28),
        end=D(2024, 12, 31),
        status=ContractStatus.UNDER_EVALUATION,
    )
    for name, role, title in ROSNY_SIGNATORIES:
        Signatory.objects.update_or_create(
            contract=contract,
            organisation=_org(name),
            defaults={"role": role, "signer_title": title, "signed_on": D(2019, 10, 28)},
        )
    city = _org("Ville de Rosny-sous-Bois")
    for number, (title, actions) in enumerate(ROSNY_AXES, start=1):
        axis = _axis(contract, number, title)
        for index, action_title in enumerate(actions, start=1):
            _rosny_action(axis, index, action_title, city)
    return contract


def _rosny_action(axis: Axis, index: int, title: str, city: Organisation) -> None:
    """Statuses and dates vary so the steering page shows each state (fictif)."""
    statuses = [ActionStatus.DONE, ActionStatus.IN_PROGRESS, ActionStatus.IN_PROGRESS]
    status = statuses[(axis.number + index) % 3]
    if (axis.number, index) == (3, 5):
        status = ActionStatus.PAUSED
    action = _action(
        axis,
        f"{axis.number}.{index}",
        title,
        lead_organisation=city,
        territories=[axis.contract.territory],
        start=D(2020, 1, 1),
        planned_end=D(2022 + index % 3, 12, 31),
        status=status,
    )
    if index == 1:
        Milestone.objects.update_or_create(
            action=action,
            title="Bilan intermédiaire (fictif)",
            defaults={"due_on": D(2022, 6, 30), "done_on": D(2022, 6, 28)},
        )


# --- campaigns --------------------------------------------------------------------------------

CAMPAIGNS = [
    ("nocta-lille-2014", "Nocta'Lille 2014", CampaignScope.LOCAL, D(2014, 1, 1), D(2014, 12, 31),
     "Nocta'Lille", ["alcohol", "addictions"], "4.3"),
    ("moderateuf-2015-2016", "Modéra'teuf 2015-2016", CampaignScope.LOCAL, D(2015, 9, 1),
     D(2016, 9, 30), "Modéra'teuf", ["alcohol", "addictions"], "4.2"),
    ("mars-bleu-2016", "Mars bleu 2016", CampaignScope.NATIONAL, D(2016, 3, 1), D(2016, 3, 31),
     "Journée de dépistage", ["cancer_screening"], ""),
    ("bien-manger-2016", "Bien manger à petit budget 2016 (fictif)", CampaignScope.LOCAL,
     D(2016, 3, 1), D(2016, 4, 30), "Atelier nutrition", ["nutrition"], ""),
    ("droits-sante-2015", "Semaine de l'accès aux droits de santé 2015 (fictif)",
     CampaignScope.LOCAL, D(2015, 10, 5), D(2015, 10, 11), "Formation des professionnels",
     ["rights"], "1.1"),
    ("octobre-rose-2026", "Octobre rose 2026", CampaignScope.NATIONAL, D(2026, 10, 1),
     D(2026, 10, 31), "", ["cancer_screening"], ""),
    ("mois-sans-tabac-2026", "Mois sans tabac 2026", CampaignScope.NATIONAL, D(2026, 11, 1),
     D(2026, 11, 30), "", ["tobacco"], ""),
    ("journee-sida-2026", "Journée mondiale de lutte contre le sida 2026", CampaignScope.NATIONAL,
     D(2026, 12, 1), D(2026, 12, 1), "", ["sexual_health"], ""),
    ("vaccination-2027", "Semaine européenne de la vaccination 2027", CampaignScope.NATIONAL,
     D(2027, 4, 24), D(2027, 4, 30), "", ["vaccination"], ""),
]  # fmt: skip


def load_campaigns(lille: LocalHealthContract) -> None:
    for slug, title, scope, start, end, events, themes, action in CAMPAIGNS:
        campaign, _ = Campaign.objects.update_or_create(
            slug=slug,
            defaults={
                "title": title,
                "scope": scope,
                "starts_on": start,
                "ends_on": end,
                "themes": themes,
            },
        )
        if action:
            campaign.actions.set(Action.objects.filter(axis__contract=lille, number=action))
        if events:
            for event in PreventionEvent.objects.filter(
                title__startswith=events, date__range=(start, end)
            ):
                CampaignEvent.objects.update_or_create(event=event, defaults={"campaign": campaign})


def load() -> dict[str, int]:
    lille = load_lille()
    load_rosny()
    load_campaigns(lille)
    computed = Indicator.objects.exclude(source=IndicatorSource.ENTERED)
    recorded = sum(indicator_recompute(indicator=i) for i in computed.select_related("action"))
    return {"contracts": LocalHealthContract.objects.count(), "computed": recorded}
