"""The demo directory of the Lille network, built from the seed documents.

The services are those the seeds name (PASS units, CCAS, the five pôles ressources santé,
the three syringe exchangers, the asthma network's home audits, the CLSM, screening and
vaccination). Addresses marked "(adresse fictive)" and hours marked "horaires fictifs" are
invented for the demonstration; coordinates are approximate.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils.text import slugify

from maillage.directory.models import Location, Service
from maillage.directory.services import (
    place_for_location,
    places_rebuild,
    search_index_refresh,
    service_save_derived,
)
from maillage.network.models import Organisation, Territory

SOURCE = "maillage-demo"
FICTIVE = "(adresse fictive)"
FICTIVE_HOURS = "Horaires fictifs (démonstration)."
VERIFIED = date(2026, 9, 15)
LONG_AGO = date(2025, 10, 1)  # older than six months: flagged for re-verification
PRS = ["Faubourg de Béthune", "Fives", "Lille-Sud", "Moulins", "Wazemmes"]


@dataclass(frozen=True)
class Place:
    key: str
    organisation: str
    address: str
    postcode: str
    city: str
    latitude: float
    longitude: float
    territory: str
    transit_stop: str = ""
    fictive: bool = True
    name: str = ""


@dataclass(frozen=True)
class Offer:
    key: str
    organisation: str
    places: list[str]
    name: str
    description: str
    themes: list[str]
    opening_hours: str
    types: list[str] = field(default_factory=lambda: ["accompagnement"])
    publics: list[str] = field(default_factory=lambda: ["tous-publics"])
    conditions: list[str] = field(default_factory=lambda: ["free"])
    languages: list[str] = field(default_factory=lambda: ["fr"])
    modes: list[str] = field(default_factory=lambda: ["on-site"])
    what_to_bring: str = ""
    access_note: str = ""
    phone: str = ""
    verified: date = VERIFIED


HUB_POINTS = {
    "Faubourg de Béthune": (
        "Rue Jean Baptiste Lebas",
        "59000",
        50.6195,
        3.0335,
        "Métro Porte des Postes (lignes 1 et 2)",
    ),
    "Fives": ("Rue Pierre Legrand", "59800", 50.6318, 3.0905, "Métro Fives (ligne 1)"),
    "Lille-Sud": (
        "Rue du Faubourg des Postes",
        "59000",
        50.6090,
        3.0530,
        "Métro Porte d'Arras (ligne 2)",
    ),
    "Moulins": ("Rue d'Arras", "59000", 50.6205, 3.0680, "Métro Porte de Valenciennes (ligne 2)"),
    "Wazemmes": (
        "Place de la Nouvelle Aventure",
        "59000",
        50.6255,
        3.0505,
        "Métro Gambetta (ligne 1)",
    ),
}


def _places() -> list[Place]:
    places = [
        Place(
            "chru",
            "pass-du-chru-de-lille",
            "2 avenue Oscar Lambret",
            "59000",
            "Lille",
            50.6103,
            3.0349,
            "Lille-Sud",
            "Métro CHU-Centre Oscar Lambret (ligne 1)",
            fictive=False,
            name="CHRU de Lille — Hôpital Claude Huriez",
        ),
        Place(
            "ch-roubaix",
            "pass-du-centre-hospitalier-de-roubaix",
            "11-17 boulevard Lacordaire",
            "59100",
            "Roubaix",
            50.6840,
            3.1770,
            "Roubaix",
            "Métro Gare Jean Lebas (ligne 2)",
            fictive=False,
            name="Centre hospitalier de Roubaix",
        ),
        Place(
            "ch-tourcoing",
            "pass-du-centre-hospitalier-de-tourcoing",
            "155 rue du Président Coty",
            "59200",
            "Tourcoing",
            50.7310,
            3.1610,
            "Tourcoing",
            "Métro Tourcoing Centre (ligne 2)",
            fictive=False,
            name="Centre hospitalier de Tourcoing",
        ),
        Place(
            "ccas",
            "ccas-de-lille",
            "Rue de la Monnaie",
            "59000",
            "Lille",
            50.6405,
            3.0620,
            "Vieux-Lille",
            "Métro Rihour (ligne 1)",
        ),
        Place(
            "ccas-roubaix",
            "ccas-de-roubaix",
            "Rue du Château",
            "59100",
            "Roubaix",
            50.6915,
            3.1740,
            "Roubaix",
            "Métro Roubaix Grand-Place (ligne 2)",
        ),
        Place(
            "sante",
            "ville-de-lille-service-sante",
            "Place Augustin Laurent",
            "59000",
            "Lille",
            50.6330,
            3.0700,
            "Lille-Centre",
            "Métro Mairie de Lille (ligne 2)",
            fictive=False,
            name="Hôtel de Ville de Lille",
        ),
        Place(
            "seringues-centre",
            "ville-de-lille-service-sante",
            "Rue de Tournai",
            "59000",
            "Lille",
            50.6355,
            3.0725,
            "Lille-Centre",
            "Métro Gare Lille Flandres (lignes 1 et 2)",
        ),
        Place(
            "seringues-wazemmes",
            "ville-de-lille-service-sante",
            "Rue des Sarrazins",
            "59000",
            "Lille",
            50.6262,
            3.0480,
            "Wazemmes",
            "Métro Gambetta (ligne 1)",
        ),
        Place(
            "seringues-moulins",
            "ville-de-lille-service-sante",
            "Rue de Douai",
            "59000",
            "Lille",
            50.6215,
            3.0700,
            "Moulins",
            "Métro Porte de Douai (ligne 2)",
        ),
        Place(
            "crrc",
            "centre-de-reference-regional-en-cancerologie",
            "Rue Frédéric Combemale",
            "59000",
            "Lille",
            50.6085,
            3.0370,
            "Lille-Sud",
            "Métro CHU-Eurasanté (ligne 1)",
        ),
        Place(
            "departement",
            "departement-du-nord-service-de-prevention-sante",
            "Rue Gustave Delory",
            "59000",
            "Lille",
            50.6290,
            3.0620,
            "Lille-Centre",
            "Métro République Beaux-Arts (ligne 1)",
        ),
        Place(
            "cpam",
            "cpam-lille-douai",
            "Rue d'Iéna",
            "59000",
            "Lille",
            50.6300,
            3.0480,
            "Vauban-Esquermes",
            "Métro Cormontaigne (ligne 2)",
        ),
        Place(
            "mutualite",
            "mutualite-francaise-nord-pas-de-calais",
            "Boulevard Vauban",
            "59000",
            "Lille",
            50.6335,
            3.0470,
            "Vauban-Esquermes",
            "Métro Port de Lille (ligne 2)",
        ),
        Place(
            "lmde",
            "lmde",
            "Rue de Valmy",
            "59000",
            "Lille",
            50.6280,
            3.0580,
            "Wazemmes",
            "Métro Gambetta (ligne 1)",
        ),
    ]
    for quartier, (street, postcode, lat, lon, stop) in HUB_POINTS.items():
        organisation = slugify(f"Association de quartier {quartier} (fictive)")
        places.append(
            Place(
                f"pole-{slugify(quartier)}",
                organisation,
                street,
                postcode,
                "Lille",
                lat,
                lon,
                quartier,
                stop,
                name=f"Pôle ressources santé {quartier}",
            )
        )
    return places


ID_PAPERS = (
    "Une pièce d'identité ou tout document en votre possession, un justificatif d'adresse ou "
    "de domiciliation si vous en avez, vos éventuels courriers de l'Assurance maladie."
)
RIGHTS = [
    "sante--droits-puma",
    "sante--droits-complementaire-sante-solidaire",
    "sante--droits-ame",
    "difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits",
]
SCREENING = [
    "sante--depistage-cancer-sein",
    "sante--depistage-cancer-colon",
    "sante--depistage-cancer-col-uterus",
]


def _offers() -> list[Offer]:
    offers = [
        Offer(
            "pass-chru",
            "pass-du-chru-de-lille",
            ["chru"],
            "Permanence d'accès aux soins de santé (PASS) du CHRU",
            "Consultations médicales et sociales pour les personnes sans couverture maladie "
            "ou avec des droits incomplets ; ouverture des droits (PUMa, C2S, AME), "
            "délivrance de médicaments, orientation vers le droit commun.",
            ["sante--acces-aux-soins", *RIGHTS],
            "Mo-Fr 08:30-16:30; PH off",
            publics=["personnes-en-situation-durgence", "personnes-exilees"],
            conditions=["free", "without-health-cover", "without-appointment"],
            languages=["fr", "en", "ar", "ro"],
            what_to_bring=ID_PAPERS,
            phone="03 20 44 59 62",
        ),
        Offer(
            "pass-roubaix",
            "pass-du-centre-hospitalier-de-roubaix",
            ["ch-roubaix"],
            "PASS du Centre hospitalier de Roubaix",
            "Accueil, consultations et accompagnement social des personnes en situation de "
            "précarité sans couverture maladie. " + FICTIVE_HOURS,
            ["sante--acces-aux-soins", *RIGHTS],
            "Mo-Fr 09:00-12:30,13:30-16:30; PH off",
            publics=["personnes-en-situation-durgence"],
            conditions=["free", "without-health-cover"],
            languages=["fr", "ar", "ro"],
            what_to_bring=ID_PAPERS,
        ),
        Offer(
            "pass-tourcoing",
            "pass-du-centre-hospitalier-de-tourcoing",
            ["ch-tourcoing"],
            "PASS du Centre hospitalier de Tourcoing",
            "Consultations et accès aux droits pour les personnes sans couverture maladie. "
            + FICTIVE_HOURS,
            ["sante--acces-aux-soins", *RIGHTS],
            "Mo-Fr 09:00-16:00; PH off",
            conditions=["free", "without-health-cover"],
            languages=["fr", "en"],
            what_to_bring=ID_PAPERS,
            verified=LONG_AGO,
        ),
        Offer(
            "ccas-droits",
            "ccas-de-lille",
            ["ccas"],
            "Accès aux droits et domiciliation — CCAS de Lille",
            "Accueil social, domiciliation administrative, aide à la constitution des "
            "dossiers de protection maladie (PUMa, Complémentaire santé solidaire, AME). "
            + FICTIVE_HOURS,
            RIGHTS,
            "Mo-Fr 08:30-12:00,13:30-17:00; PH off",
            types=["accompagnement", "information"],
            conditions=["free", "without-health-cover"],
            languages=["fr", "ar"],
            modes=["on-site", "phone"],
            what_to_bring=ID_PAPERS,
        ),
        Offer(
            "ccas-roubaix-droits",
            "ccas-de-roubaix",
            ["ccas-roubaix"],
            "Accueil social et accès aux droits — CCAS de Roubaix",
            "Accueil, information et accompagnement vers les droits sociaux et de santé. "
            + FICTIVE_HOURS,
            RIGHTS,
            "Mo-Fr 08:30-12:00,13:30-17:00; PH off",
            languages=["fr", "ar", "tr"],
            conditions=["free"],
        ),
        Offer(
            "seringues-centre",
            "ville-de-lille-service-sante",
            ["seringues-centre"],
            "Échangeur-récupérateur de seringues — Lille-Centre",
            "Automate de mise à disposition de kits d'injection stériles et de récupération "
            "des seringues usagées, anonyme et gratuit, accessible jour et nuit.",
            ["sante--echange-de-seringues", "sante--reduction-des-risques", "sante--addictions"],
            "24/7",
            types=["aide-materielle"],
            conditions=["free", "anonymous", "without-appointment", "without-health-cover"],
        ),
        Offer(
            "seringues-wazemmes",
            "ville-de-lille-service-sante",
            ["seringues-wazemmes"],
            "Échangeur-récupérateur de seringues — Wazemmes",
            "Automate de mise à disposition de kits d'injection stériles et de récupération "
            "des seringues usagées, anonyme et gratuit, accessible jour et nuit.",
            ["sante--echange-de-seringues", "sante--reduction-des-risques", "sante--addictions"],
            "24/7",
            types=["aide-materielle"],
            conditions=["free", "anonymous", "without-appointment", "without-health-cover"],
        ),
        Offer(
            "seringues-moulins",
            "ville-de-lille-service-sante",
            ["seringues-moulins"],
            "Échangeur-récupérateur de seringues — Moulins",
            "Automate de mise à disposition de kits d'injection stériles et de récupération "
            "des seringues usagées, anonyme et gratuit, accessible jour et nuit.",
            ["sante--echange-de-seringues", "sante--reduction-des-risques", "sante--addictions"],
            "24/7",
            types=["aide-materielle"],
            conditions=["free", "anonymous", "without-appointment", "without-health-cover"],
        ),
        Offer(
            "asthme-audit",
            "ville-de-lille-service-sante",
            ["sante"],
            "Réseau asthme et allergies — audit de l'environnement intérieur à domicile",
            "Des conseillers médicaux en environnement intérieur viennent chez les malades, à "
            "leur demande, pour un audit environnemental du logement (moisissures, "
            "acariens, pollution intérieure) et des conseils pour diminuer l'exposition.",
            ["sante--environnement-interieur-asthme", "sante--acces-aux-soins"],
            "Mo-Fr 09:00-12:00,14:00-17:00; PH off",
            modes=["home-visit", "phone"],
            publics=["familles", "personnes-en-situation-de-handicap"],
            phone="03 20 49 56 14",
        ),
        Offer(
            "clsm",
            "ville-de-lille-service-sante",
            ["sante"],
            "Conseil lillois de santé mentale (CLSM) — information et orientation",
            "Le CLSM réunit les professionnels du secteur psychiatrique, du secteur social, "
            "les usagers et les familles ; il informe et oriente les Lillois et mène des "
            "journées de sensibilisation. " + FICTIVE_HOURS,
            ["sante--sante-mentale"],
            "Tu,Th 14:00-17:00; PH off",
            types=["information"],
            modes=["on-site", "phone"],
            verified=LONG_AGO,
            phone="03 20 49 56 14",
        ),
        Offer(
            "crrc-depistage",
            "centre-de-reference-regional-en-cancerologie",
            ["crrc"],
            "Dépistages organisés des cancers du sein, du côlon et du col de l'utérus",
            "Information sur les dépistages organisés, remise des kits de dépistage du "
            "cancer colorectal, orientation vers la mammographie et le frottis ; gratuit "
            "pour les personnes invitées par le programme national. " + FICTIVE_HOURS,
            SCREENING,
            "Mo-Fr 09:00-17:00; PH off",
            types=["information", "accompagnement"],
            publics=["tous-publics"],
            conditions=["free"],
            what_to_bring="Votre carte Vitale ou attestation de droits, et le courrier "
            "d'invitation si vous l'avez reçu.",
        ),
        Offer(
            "vaccination",
            "departement-du-nord-service-de-prevention-sante",
            ["departement"],
            "Centre de vaccination gratuit du Département",
            "Vaccinations du calendrier vaccinal pour adultes et enfants, gratuites, y "
            "compris sans couverture maladie. " + FICTIVE_HOURS,
            ["sante--vaccination"],
            "We 13:30-17:00; Sa 09:00-12:00; PH off",
            conditions=["free", "without-health-cover"],
            languages=["fr", "en"],
            what_to_bring="Votre carnet de santé ou de vaccination si vous l'avez.",
        ),
        Offer(
            "cpam-bilan",
            "cpam-lille-douai",
            ["cpam"],
            "Examen de prévention en santé (bilan de santé)",
            "Bilan de santé gratuit proposé par l'Assurance maladie, avec des examens adaptés "
            "à l'âge et à la situation, et un temps d'échange avec un médecin. " + FICTIVE_HOURS,
            ["sante--bilan-de-sante", "sante--depistage-cancer-colon"],
            "Mo-Fr 08:00-16:00; PH off",
            conditions=["free"],
            what_to_bring="Votre carte Vitale ou attestation de droits.",
        ),
        Offer(
            "mutualite-nutrition",
            "mutualite-francaise-nord-pas-de-calais",
            ["mutualite"],
            "Ateliers nutrition et santé bucco-dentaire",
            "Ateliers collectifs sur l'équilibre alimentaire et la santé bucco-dentaire, "
            "ouverts à tous, sur inscription. " + FICTIVE_HOURS,
            ["sante--nutrition", "sante--sante-bucco-dentaire"],
            "Th 14:00-16:00; PH off",
            types=["atelier"],
        ),
        Offer(
            "nocta-lille",
            "lmde",
            ["lmde"],
            "Nocta'Lille — prévention en milieu festif par des étudiants relais",
            "Des étudiants formés par la mutuelle LMDE sensibilisent d'autres étudiants aux "
            "conduites à risque (alcool, produits psychoactifs) lors des soirées. " + FICTIVE_HOURS,
            ["sante--prevention-alcool", "sante--reduction-des-risques"],
            "Th-Sa 21:00-02:00",
            types=["information"],
            publics=["etudiants", "jeunes"],
            conditions=["free", "anonymous"],
        ),
    ]
    for quartier in PRS:
        offers.extend(_hub_offers(quartier))
    return offers


def _hub_offers(quartier: str) -> list[Offer]:
    organisation = slugify(f"Association de quartier {quartier} (fictive)")
    key = f"pole-{slugify(quartier)}"
    prefix = f"Pôle ressources santé {quartier}"
    offers = [
        Offer(
            f"{key}-droits",
            organisation,
            [key],
            f"{prefix} — accès aux droits santé",
            "Aide à l'ouverture et au renouvellement des droits : protection universelle "
            "maladie (PUMa), Complémentaire santé solidaire, aide médicale de l'État (AME). "
            + FICTIVE_HOURS,
            RIGHTS,
            "Mo,Th 09:00-12:00; PH off",
            conditions=["free", "without-health-cover"],
            languages=["fr", "ar"],
            what_to_bring=ID_PAPERS,
        ),
        Offer(
            f"{key}-bilans",
            organisation,
            [key],
            f"{prefix} — bilans de santé et dépistages",
            "Orientation vers les bilans de santé et les dépistages organisés des cancers "
            "(sein, côlon, col de l'utérus), prise de rendez-vous accompagnée. " + FICTIVE_HOURS,
            ["sante--bilan-de-sante", *SCREENING],
            "We 14:00-17:00; PH off",
        ),
        Offer(
            f"{key}-prevention",
            organisation,
            [key],
            f"{prefix} — prévention alcool, tabac, contraception",
            "Information et ateliers de prévention : risques liés à l'alcool, arrêt du tabac, "
            "contraception. " + FICTIVE_HOURS,
            ["sante--prevention-alcool", "sante--prevention-tabac", "sante--contraception"],
            "Fr 14:00-17:00; PH off",
            types=["information", "atelier"],
        ),
    ]
    if quartier == "Fives":
        offers.append(
            Offer(
                "pole-fives-depistage-mardi",
                organisation,
                [key],
                "Permanence dépistage des cancers — Fives, le mardi matin",
                "Permanence gratuite, sans rendez-vous : information sur les dépistages "
                "organisés des cancers du sein, du côlon et du col de l'utérus, remise du kit "
                "de dépistage colorectal, aide à la prise de rendez-vous. " + FICTIVE_HOURS,
                SCREENING,
                "Tu 09:00-12:00; PH off",
                types=["information", "accompagnement"],
                conditions=["free", "without-appointment", "without-health-cover"],
                languages=["fr", "ar", "ro"],
                what_to_bring="Votre carte Vitale ou attestation de droits si vous en avez, "
                "et le courrier d'invitation au dépistage si vous l'avez reçu.",
            )
        )
    return offers


def _location(
    place: Place, organisations: dict[str, Organisation], territories: dict[str, Territory]
) -> Location:
    location, _ = Location.objects.update_or_create(
        source_id=f"{SOURCE}--lieu-{place.key}",
        defaults={
            "organisation": organisations[place.organisation],
            "name": place.name,
            "address": place.address,
            "address_extra": FICTIVE if place.fictive else "",
            "postcode": place.postcode,
            "city": place.city,
            "insee_code": "59512"
            if place.city == "Roubaix"
            else ("59599" if place.city == "Tourcoing" else "59350"),
            "latitude": place.latitude,
            "longitude": place.longitude,
            "territory": territories.get(place.territory),
            "transit_stop": place.transit_stop,
        },
    )
    place_for_location(location)
    return location


def _service(
    offer: Offer, organisations: dict[str, Organisation], locations: dict[str, Location]
) -> Service:
    fields: dict[str, Any] = {
        "organisation": organisations[offer.organisation],
        "name": offer.name,
        "description": offer.description,
        "themes": offer.themes,
        "types": offer.types,
        "publics": offer.publics,
        "conditions": offer.conditions,
        "languages": offer.languages,
        "modes": offer.modes,
        "opening_hours": offer.opening_hours,
        "what_to_bring": offer.what_to_bring,
        "access_note": offer.access_note,
        "phone": offer.phone,
        "last_verified_on": offer.verified,
    }
    source_id = f"{SOURCE}--{offer.key}"
    service = Service.objects.filter(source=SOURCE, source_id=source_id).first()
    service = service or Service(source=SOURCE, source_id=source_id)
    for name, value in fields.items():
        setattr(service, name, value)
    service_save_derived(service)
    service.locations.set([locations[key] for key in offer.places])
    search_index_refresh(services=[service])
    return service


def load() -> dict[str, Any]:
    slugs = {place.organisation for place in _places()}
    organisations = {o.slug: o for o in Organisation.objects.filter(slug__in=slugs)}
    territories = {t.name: t for t in Territory.objects.exclude(kind="metropole")}
    places_rebuild()
    locations = {place.key: _location(place, organisations, territories) for place in _places()}
    services = [_service(offer, organisations, locations) for offer in _offers()]
    return {"locations": locations, "services": services}
