"""The demo network, built from the seed documents with their real institutional names.

Facts come from the seeds; anything the seeds do not say (host associations, addresses,
exact days) is fictitious and marked so in `facts`.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils.text import slugify

from maillage.demo import territories as T
from maillage.network.models import Convention, Hub, Membership, Network, Organisation, Territory

FICTITIOUS = {"fictif": "oui — donnée de démonstration"}
PRS_HUBS = ["Faubourg de Béthune", "Fives", "Lille-Sud", "Moulins", "Wazemmes"]


def _territory(name: str, kind: str, **fields: Any) -> Territory:
    territory, _ = Territory.objects.update_or_create(
        slug=slugify(f"{kind}-{name}"), defaults={"name": name, "kind": kind, **fields}
    )
    return territory


def load_territories() -> dict[str, Territory]:
    name, code, lat, lon = T.MEL
    mel = _territory(name, "metropole", insee_code=code, latitude=lat, longitude=lon)
    places = {name: mel}
    for name, code, lat, lon in T.MEL_COMMUNES:
        places[name] = _territory(
            name, "commune", insee_code=code, latitude=lat, longitude=lon, parent=mel
        )
    for name, lat, lon in T.LILLE_QUARTIERS:
        places[name] = _territory(
            name,
            "quartier",
            insee_code="59350",
            latitude=lat,
            longitude=lon,
            parent=places["Lille"],
        )
    for name, code, lat, lon in T.OTHER_COMMUNES:
        places[name] = _territory(name, "commune", insee_code=code, latitude=lat, longitude=lon)
    return places


def _organisation(name: str, kind: str, place: Territory, **fields: Any) -> Organisation:
    organisation, _ = Organisation.objects.update_or_create(
        slug=slugify(name)[:180],
        defaults={
            "name": name,
            "kind": kind,
            "territory": place,
            "city": fields.pop("city", place.name),
            **fields,
        },
    )
    return organisation


def load_organisations(places: dict[str, Territory]) -> dict[str, Organisation]:
    lille, p = places["Lille"], places
    o: dict[str, Organisation] = {}
    o["lille"] = _organisation(
        "Ville de Lille / Lomme", "city", lille, postcode="59000", address="Place Augustin Laurent"
    )
    o["sante"] = _organisation(
        "Ville de Lille — Service Santé",
        "city_health_service",
        lille,
        parent=o["lille"],
        address="Place Augustin Laurent",
        postcode="59000",
        phone="03 20 49 56 14",
        description="Coopère avec les acteurs santé du territoire, coordonne les pôles ressources "
        "santé, le réseau asthme et allergies, le CLSM et gère les trois échangeurs/récupérateurs "
        "de seringues.",
        facts={
            "Pôles ressources santé": "depuis 2012, 150 professionnels membres",
            "Budget des pôles": "80 000 € (Ville de Lille, Atelier Santé Ville)",
        },
    )
    o["ccas_lille"] = _organisation("CCAS de Lille", "ccas", lille, postcode="59000")
    o["ccas_roubaix"] = _organisation("CCAS de Roubaix", "ccas", p["Roubaix"], postcode="59100")
    o["tourcoing"] = _organisation("Ville de Tourcoing", "city", p["Tourcoing"], postcode="59200")
    for city, key in [("Roubaix", "roubaix"), ("Tourcoing", "tourcoing")]:
        o[f"ch_{key}"] = _organisation(f"Centre Hospitalier de {city}", "hospital", p[city])
        o[f"pass_{key}"] = _organisation(
            f"PASS du Centre Hospitalier de {city}", "pass_unit", p[city], parent=o[f"ch_{key}"]
        )
    o["chru"] = _organisation("CHRU de Lille", "hospital", lille, postcode="59000")
    o["pass_chru"] = _organisation(
        "PASS du CHRU de Lille", "pass_unit", lille, parent=o["chru"], postcode="59000"
    )
    o["seclin"] = _organisation(
        "CH de Seclin",
        "hospital",
        p["Seclin"],
        postcode="59113",
        facts={
            "Lits": "647, dont 98 en chirurgie et 75 en médecine",
            "Bassin de population": "200 000 habitants",
        },
    )
    o["crrc"] = _organisation(
        "Centre de Référence Régional en Cancérologie",
        "cancer_centre",
        lille,
        short_name="C.R.R.C.",
        postcode="59000",
    )
    o["hpsm"] = _organisation(
        "HPSM — Hôpitaux du service Public du Sud de la Métropole lilloise",
        "hospital_grouping",
        p["Seclin"],
        short_name="HPSM",
        description="Groupement de coopération sanitaire : continuité des soins entre le CH de "
        "Seclin, le CHRU de Lille et le C.R.R.C. pour la cancérologie.",
    )
    o["mutualite"] = _organisation(
        "Mutualité Française Nord-Pas-de-Calais",
        "mutual",
        lille,
        short_name="Mutualité Française NPDC",
    )
    o["cpam"] = _organisation("CPAM Lille-Douai", "funder", lille)
    o["departement"] = _organisation(
        "Département du Nord — Service de Prévention Santé", "departement", lille
    )
    o["ars"] = _organisation("ARS Hauts-de-France", "funder", lille, short_name="ARS")
    o["ddcs"] = _organisation("DDCS du Nord", "prefecture", lille, short_name="DDCS")
    o["lmde"] = _organisation(
        "LMDE",
        "mutual",
        lille,
        description="Mutuelle étudiante ; forme les étudiants de Nocta'Lille.",
    )
    for quartier in PRS_HUBS:
        o[f"host_{quartier}"] = _organisation(
            f"Association de quartier {quartier} (fictive)",
            "association",
            p[quartier],
            postcode="59000",
            city="Lille",
            facts=FICTITIOUS,
        )
    return o


def load_rosny_organisations(places: dict[str, Territory]) -> list[Organisation]:
    p = places
    return [
        _organisation("ARS Île-de-France", "funder", p["Rosny-sous-Bois"], city="Saint-Denis"),
        _organisation("Ville de Rosny-sous-Bois", "city", p["Rosny-sous-Bois"]),
        _organisation("CPAM de la Seine-Saint-Denis", "funder", p["Bobigny"]),
        _organisation("Conseil départemental de la Seine-Saint-Denis", "departement", p["Bobigny"]),
        _organisation("Préfecture de la Seine-Saint-Denis", "prefecture", p["Bobigny"]),
        _organisation(
            "Centre hospitalier intercommunal André-Grégoire", "hospital", p["Montreuil"]
        ),
        _organisation(
            "Établissement public de santé Ville-Evrard", "hospital", p["Neuilly-sur-Marne"]
        ),
        _organisation("Clinique Floréal de Bagnolet", "clinic", p["Bagnolet"]),
    ]


def _network(name: str, **fields: Any) -> Network:
    network, _ = Network.objects.update_or_create(
        slug=slugify(fields.pop("slug", name)), defaults={"name": name, **fields}
    )
    return network


def _member(network: Network, organisation: Organisation, role: str, **fields: Any) -> None:
    Membership.objects.update_or_create(
        network=network, organisation=organisation, role=role, defaults=fields
    )


RSSLM_OBJECTIVES = [
    "Améliorer et éviter les ruptures du parcours de santé des personnes en situation de grande "
    "précarité",
    "Harmoniser la prise en charge en favorisant l'accès et le recours aux soins et en assurant la "
    "continuité des soins dans le respect de la confidentialité",
    "Améliorer la communication entre le secteur de ville et le secteur hospitalier",
    "Intervenir en amont de l'hospitalisation pour éviter les ruptures et les hospitalisations en "
    "urgence",
    "Améliorer les conditions d'accueil et de sortie de l'hôpital",
    "Favoriser la coordination des différents acteurs",
    "Assurer une mission d'appui à la coordination des parcours complexes de santé",
    "Garantir la qualité de la prise en charge par la formation et l'information des acteurs",
    "Favoriser le développement et la diversification des réponses extrahospitalières",
    "Développer de bonnes pratiques d'éducation des patients et d'approche globale",
    "Jouer un rôle de veille sanitaire et sociale, particulièrement en cas d'épidémie",
]


def load_rsslm(places: dict[str, Territory], o: dict[str, Organisation]) -> Network:
    rsslm = _network(
        "Réseau Santé Solidarité Lille Métropole",
        short_name="RSSLM",
        is_primary=True,
        territory=places["Métropole Européenne de Lille"],
        objectives=RSSLM_OBJECTIVES,
        description="Un réseau de santé territorial autour des personnes en situation de grande "
        "précarité : ville, hôpitaux et leurs PASS, CCAS et associations. Limité à Lille intra "
        "muros, il s'étend depuis 2019 à la Métropole Européenne de Lille.",
    )
    Convention.objects.update_or_create(
        network=rsslm,
        version=1,
        defaults={
            "title": "Charte constitutive du réseau (Lille intra muros)",
        },
    )
    convention, _ = Convention.objects.update_or_create(
        network=rsslm,
        version=2,
        defaults={
            "title": "Convention constitutive du Réseau Santé Solidarité Lille Métropole",
            "validated_on": date(2020, 12, 18),
            "validated_by": "Comité de pilotage du réseau",
            "signed_on": date(2021, 4, 7),
            "signature_note": "Signature autorisée par le conseil communal de Lomme (délibération "
            "2021/34)",
            "text": "Charte retravaillée en 2020 après l'extension du réseau à la Métropole "
            "Européenne de Lille décidée en 2019.",
        },
    )
    _member(rsslm, o["lille"], "founding", convention=convention, note="membre fondateur")
    extension = date(2019, 1, 1)
    for key in ["ccas_roubaix", "tourcoing", "pass_roubaix", "pass_tourcoing"]:
        _member(
            rsslm,
            o[key],
            "associated",
            started_on=extension,
            convention=convention,
            note="extension à la MEL décidée en 2019",
        )
    return rsslm


def load_poles(places: dict[str, Territory], o: dict[str, Organisation]) -> Network:
    poles = _network(
        "Pôles ressources santé de Lille",
        short_name="PRS",
        territory=places["Lille"],
        founded_on=date(2012, 1, 1),
        description="Cinq lieux de proximité (Faubourg de Béthune, Fives, Lille Sud, Moulins, "
        "Wazemmes) qui orientent les Lillois pour l'accès aux droits, les bilans de santé et les "
        "dépistages, et réunissent les partenaires toutes les six semaines. 1 926 personnes "
        "touchées en 2015, 2 410 en 2016.",
    )
    _member(poles, o["sante"], "founding", started_on=date(2012, 1, 1), note="coordination")
    for key in ["mutualite", "cpam", "departement"]:
        _member(poles, o[key], "partner", started_on=date(2012, 1, 1))
    for key in ["ars", "ddcs"]:
        _member(poles, o[key], "funder", started_on=date(2012, 1, 1))
    for quartier in PRS_HUBS:
        host = o[f"host_{quartier}"]
        _member(poles, host, "partner", started_on=date(2012, 1, 1), note="structure porteuse")
        Hub.objects.update_or_create(
            slug=slugify(f"pole-{quartier}"),
            defaults={
                "network": poles,
                "name": f"Pôle ressources santé {quartier}",
                "quartier": places[quartier],
                "host": host,
                "started_on": date(2012, 1, 1),
            },
        )
    return poles


def load_hpsm(places: dict[str, Territory], o: dict[str, Organisation]) -> Network:
    hpsm = _network(
        "HPSM", slug="hpsm", territory=places["Seclin"], description=o["hpsm"].description
    )
    for key in ["chru", "seclin", "crrc"]:
        _member(hpsm, o[key], "founding")
    return hpsm


def load_contract_partners(places: dict[str, Territory]) -> None:
    """The signatories of Rosny-sous-Bois's CLS; the contracts themselves are the programmes
    app's (`maillage.demo.programmes`)."""
    load_rosny_organisations(places)


def load() -> dict[str, Any]:
    places = load_territories()
    organisations = load_organisations(places)
    load_rsslm(places, organisations)
    load_poles(places, organisations)
    load_hpsm(places, organisations)
    load_contract_partners(places)
    return {"places": places, "organisations": organisations}
