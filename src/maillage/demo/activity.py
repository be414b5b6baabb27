"""Demo activity: two years of contacts at the five pôles, prevention events from the seeds.

The people are fictitious, drawn at random from common first and last names, and their
identities are encoded as the quick entry does: no name is stored. Some contacts carry a
variant spelling (accents dropped, compound names split, a partial birth date) or no
identity at all, as partners' records do. The hubs' reports say 1,926 different people
were reached in 2015 and 2,410 in 2016: the demo draws that many people per year, and the
count run at the end finds them again (within the linkage's errors).

Prevention events are the seeds' Modéra'teuf stands and Nocta'Lille's 5,780 students
reached in 2014; their dates and audience splits are fictitious.
"""

from __future__ import annotations

import datetime as dt
import random
import unicodedata
from dataclasses import dataclass

from django.conf import settings

from maillage.activity.identity import Identity, age_band_from, encode
from maillage.activity.models import (
    AudienceCount,
    Contact,
    CountRun,
    Kind,
    PreventionEvent,
    Sex,
    Source,
    Theme,
)
from maillage.activity.services import count_run_execute
from maillage.network.models import Hub, Organisation, Territory

PEOPLE_PER_YEAR = {2015: 1926, 2016: 2410}
# Test suites load the demo often: they get a twentieth of the people (same shape, faster).
TEST_SCALE = 0.05
KNOWN_SHARE = 0.3  # of 2016's people, already seen in 2015
SEED = 20160101

FIRST_NAMES_F = (
    "Fatima Aïcha Nadia Samira Karima Malika Leïla Yasmina Soraya Naïma Houria Rachida Zohra "
    "Amina Khadija Salima Farida Djamila Meriem Sabrina Marie Nathalie Isabelle Sylvie Sandrine "
    "Céline Valérie Christine Sophie Stéphanie Aurélie Émilie Julie Laura Camille Manon Chloé "
    "Léa Inès Sarah Océane Justine Pauline Mathilde Françoise Monique Jacqueline Josiane "
    "Ginette Aminata Fatoumata Mariama Awa Aïssatou Oksana Irina Ana Elena Roxana Gülsen"
).split()
FIRST_NAMES_M = (
    "Mohamed Ahmed Karim Rachid Mustapha Abdel Farid Said Youssef Mehdi Hakim Nordine "
    "Brahim Djamel Kamel Samir Yacine Bilal Hamza Omar Jean Pierre Michel Philippe Alain "
    "Patrick Christophe Thierry Laurent Frédéric Stéphane Olivier Nicolas Julien Sébastien "
    "Kévin Maxime Thomas Lucas Hugo Théo Antoine Bernard Gérard Daniel Marcel René Mamadou "
    "Moussa Ibrahima Ousmane Seydou Abdoulaye Vasile Ion Dmitri Sergueï Mehmet Ali"
).split()
LAST_NAMES = (
    "Martin Bernard Dubois Thomas Robert Richard Petit Durand Leroy Moreau Simon Laurent "
    "Lefebvre Michel Garcia David Bertrand Roux Vincent Fournier Morel Girard André Lefèvre "
    "Mercier Dupont Lambert Bonnet François Martinez Legrand Garnier Faure Rousseau Blanc "
    "Guérin Muller Henry Roussel Nicolas Perrin Morin Mathieu Clément Gauthier Dumont Lopez "
    "Fontaine Chevalier Robin Masson Sanchez Gérard Nguyen Boyer Denis Lemaire Duval Joly "
    "Gautier Roger Roche Roy Noël Meyer Lucas Meunier Jean Pérez Marchand Dufour Blanchard "
    "Marie Barbier Brun Dumas Brunet Schmitt Leroux Colin Fernandez Pierre Renard Arnaud "
    "Rolland Caron Aubert Giraud Leclerc Vidal Bourgeois Renaud Lemoine Picard Gaillard "
    "Philippe Leclercq Lacroix Fabre Dupuis Olivier Rodriguez Da Silva Hubert Louis Charles "
    "Guillot Rivière Lemaire Deschamps Vandenberghe Delannoy Dewulf Vandamme Desmet "
    "Benali Bouzid Haddad Khelifi Mansouri Belkacem Saïdi Amrani Cherif Boukhari Meziane "
    "Hamidi Brahimi Rahmani Zerrouki Benhamou Tahiri Ouali Aït Ahmed Ben Salah Diallo Traoré "
    "Diop Ndiaye Sow Camara Keïta Coulibaly Cissé Konaté Yilmaz Kaya Demir Popescu Ionescu "
    "Kowalski Nowak Wiśniewski Ivanova Petrov Santos Ferreira Oliveira Pereira Costa"
).split()
COMPOUND = ("Ben Ali", "Ben Salah", "Aït Ahmed", "Da Silva", "Van Hecke", "De Smet", "El Idrissi")

THEMES = [
    (Theme.RIGHTS, 30),
    (Theme.HEALTH_CHECK, 16),
    (Theme.ACCESS_TO_CARE, 12),
    (Theme.SCREENING, 7),
    (Theme.CANCER_SCREENING, 5),
    (Theme.MENTAL_HEALTH, 7),
    (Theme.NUTRITION, 6),
    (Theme.ALCOHOL, 4),
    (Theme.TOBACCO, 4),
    (Theme.CONTRACEPTION, 3),
    (Theme.ORAL_HEALTH, 3),
    (Theme.VACCINATION, 3),
]
KINDS = [(Kind.INFORMATION, 50), (Kind.ORIENTATION, 35), (Kind.ACCOMPANIMENT, 15)]
CONTACTS_PER_YEAR = [(1, 62), (2, 23), (3, 9), (4, 4), (6, 2)]


@dataclass
class Person:
    first_name: str
    last_name: str
    birth_date: dt.date
    sex: str
    hub: int  # index of the home hub
    lives_in: int | None  # index of the quartier, None when not known


def _weighted(rng: random.Random, pairs: list) -> object:
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights)[0]


def _person(rng: random.Random, hubs: int) -> Person:
    sex = Sex.FEMALE if rng.random() < 0.58 else Sex.MALE
    first = rng.choice(FIRST_NAMES_F if sex == Sex.FEMALE else FIRST_NAMES_M)
    last = rng.choice(COMPOUND) if rng.random() < 0.05 else rng.choice(LAST_NAMES)
    if rng.random() < 0.1:
        last = f"{last}-{rng.choice(LAST_NAMES)}"
    born = dt.date(1940, 1, 1) + dt.timedelta(days=rng.randrange(365 * 66))
    hub = rng.randrange(hubs)
    lives_in = hub if rng.random() < 0.8 else (None if rng.random() < 0.5 else rng.randrange(10))
    return Person(first, last, born, sex, hub, lives_in)


def _strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _as_typed(rng: random.Random, person: Person) -> Identity:
    """The identity as one professional types it: mostly right, sometimes not quite."""
    first, last = person.first_name, person.last_name
    birth = person.birth_date.isoformat()
    roll = rng.random()
    if roll < 0.06:
        first, last = _strip_accents(first).upper(), _strip_accents(last).upper()
    elif roll < 0.09 and " " in last:
        last = last.replace(" ", "")  # "Ben Ali" written "Benali"
    elif roll < 0.11 and len(first) > 4:
        cut = rng.randrange(1, len(first) - 1)
        first = first[:cut] + first[cut + 1 :]  # one letter missed
    if rng.random() < 0.12:
        birth = birth[:4]  # only the year was given
    return Identity(first_name=first, last_name=last, birth_date=birth, sex=person.sex)


def _working_day(rng: random.Random, year: int) -> dt.date:
    while True:
        day = dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(365))
        if day.weekday() < 5:
            return day


def people_per_year() -> dict[int, int]:
    scale = TEST_SCALE if settings.TESTING else 1.0
    return {year: round(people * scale) for year, people in PEOPLE_PER_YEAR.items()}


def _population(rng: random.Random, hubs: int) -> dict[int, list[Person]]:
    sizes = people_per_year()
    first_year = [_person(rng, hubs) for _ in range(sizes[2015])]
    known = rng.sample(first_year, round(sizes[2016] * KNOWN_SHARE))
    newcomers = [_person(rng, hubs) for _ in range(sizes[2016] - len(known))]
    return {2015: first_year, 2016: known + newcomers}


def _contacts(
    rng: random.Random, hubs: list[Hub], places: list[Territory], pass_unit: Organisation | None
) -> list[Contact]:
    contacts: list[Contact] = []
    seen: set[tuple[int, int]] = set()
    for year, people in _population(rng, len(hubs)).items():
        for person in people:
            count = int(_weighted(rng, CONTACTS_PER_YEAR))  # type: ignore[call-overload]
            for day in sorted(_working_day(rng, year) for _ in range(count)):
                contacts.append(_contact(rng, person, day, hubs, places, pass_unit, seen))
    return contacts


def _contact(
    rng: random.Random,
    person: Person,
    day: dt.date,
    hubs: list[Hub],
    places: list[Territory],
    pass_unit: Organisation | None,
    seen: set[tuple[int, int]],
) -> Contact:
    where = person.hub if rng.random() < 0.9 else rng.randrange(len(hubs))
    hub: Hub | None = hubs[where]
    organisation = hubs[where].host
    if pass_unit is not None and rng.random() < 0.04:
        hub, organisation, where = None, pass_unit, -1
    key = (id(person), where)
    anonymous = rng.random() < 0.03
    themes = {_weighted(rng, THEMES) for _ in range(1 if rng.random() < 0.7 else 2)}
    contact = Contact(
        date=day,
        organisation=organisation,
        hub=hub,
        kind=str(_weighted(rng, KINDS)),
        themes=sorted(themes),  # type: ignore[type-var]
        encoding=None if anonymous else encode(_as_typed(rng, person)),
        quartier=places[person.lives_in] if person.lives_in is not None else None,
        age_band=age_band_from(person.birth_date.isoformat(), day),
        sex=person.sex,
        is_new=key not in seen,
        source=Source.DEMO,
        recorded_by=hub.referent if hub else None,
    )
    seen.add(key)
    return contact


def load_contacts() -> int:
    if Contact.objects.filter(source=Source.DEMO).exists():
        return 0
    hubs = list(Hub.objects.select_related("host", "quartier", "referent").order_by("name"))
    if not hubs:
        return 0
    places = [hub.quartier for hub in hubs]
    places += list(
        Territory.objects.filter(kind=Territory.Kind.QUARTIER)
        .exclude(pk__in=[p.pk for p in places])
        .order_by("name")
    )
    pass_unit = Organisation.objects.filter(slug="pass-du-chru-de-lille").first()
    contacts = _contacts(random.Random(SEED), hubs, places, pass_unit)
    Contact.objects.bulk_create(contacts, batch_size=1000)
    return len(contacts)


@dataclass(frozen=True)
class DemoEvent:
    title: str
    kind: str
    date: dt.date
    ended_on: dt.date | None
    organiser: str
    partners: tuple[str, ...]
    hub: str
    themes: tuple[str, ...]
    description: str
    audience: dict[tuple[str, str], int]


SERVICE = "ville-de-lille-service-sante"
EVENTS = [
    DemoEvent(
        "Nocta'Lille 2014 — des étudiants sensibilisent d'autres étudiants",
        PreventionEvent.Kind.AWARENESS,
        dt.date(2014, 1, 6),
        dt.date(2014, 12, 19),
        SERVICE,
        ("lmde",),
        "",
        (Theme.ALCOHOL, Theme.ADDICTIONS),
        "Sensibilisation des étudiants par d'autres étudiants formés par la mutuelle LMDE : "
        "5 780 jeunes sensibilisés en 2014 (répartition par âge et sexe fictive).",
        {("18-25", "F"): 3012, ("18-25", "M"): 2652, ("0-17", "F"): 61, ("0-17", "M"): 55},
    ),
    *(
        DemoEvent(
            f"Modéra'teuf — stand {place}",
            PreventionEvent.Kind.STAND,
            day,
            None,
            SERVICE,
            (),
            "",
            (Theme.ALCOHOL, Theme.ADDICTIONS),
            "Stand de sensibilisation aux conduites à risque et à la consommation de produits "
            "psychoactifs en milieu festif (date et fréquentation fictives).",
            {("18-25", "F"): women, ("18-25", "M"): men, ("26-44", "U"): other},
        )
        for place, day, women, men, other in [
            ("festival de rentrée", dt.date(2015, 9, 19), 96, 121, 14),
            ("soirée étudiante", dt.date(2015, 11, 26), 64, 88, 9),
            ("fête de la musique", dt.date(2016, 6, 21), 142, 167, 31),
            ("braderie", dt.date(2016, 9, 3), 118, 135, 22),
        ]
    ),
    DemoEvent(
        "Atelier nutrition « bien manger avec un petit budget »",
        PreventionEvent.Kind.WORKSHOP,
        dt.date(2016, 3, 15),
        None,
        "association-de-quartier-moulins-fictive",
        ("mutualite-francaise-nord-pas-de-calais",),
        "pole-moulins",
        (Theme.NUTRITION,),
        "Atelier cuisine au pôle ressources santé (fictif).",
        {("26-44", "F"): 9, ("45-64", "F"): 4, ("26-44", "M"): 3},
    ),
    DemoEvent(
        "Journée de dépistage des cancers",
        PreventionEvent.Kind.SCREENING_DAY,
        dt.date(2016, 3, 24),
        None,
        "association-de-quartier-lille-sud-fictive",
        ("cpam-lille-douai", "centre-de-reference-regional-en-cancerologie"),
        "pole-lille-sud",
        (Theme.CANCER_SCREENING,),
        "Information et prise de rendez-vous de dépistage (fictif).",
        {("45-64", "F"): 38, ("45-64", "M"): 21, ("65+", "F"): 12, ("65+", "M"): 7},
    ),
    DemoEvent(
        "Formation des professionnels des pôles : l'accès aux droits de santé",
        PreventionEvent.Kind.TRAINING,
        dt.date(2015, 10, 8),
        None,
        SERVICE,
        ("cpam-lille-douai",),
        "",
        (Theme.RIGHTS,),
        "Formation des membres des pôles ressources santé (fréquentation fictive).",
        {("26-44", "F"): 24, ("26-44", "M"): 8, ("45-64", "F"): 11, ("45-64", "M"): 5},
    ),
]


def load_events() -> None:
    organisations = {o.slug: o for o in Organisation.objects.all()}
    hubs = {h.slug: h for h in Hub.objects.select_related("quartier")}
    for spec in EVENTS:
        if spec.organiser not in organisations:
            continue
        hub = hubs.get(spec.hub)
        event, _ = PreventionEvent.objects.update_or_create(
            title=spec.title,
            date=spec.date,
            defaults={
                "kind": spec.kind,
                "ended_on": spec.ended_on,
                "organiser": organisations[spec.organiser],
                "hub": hub,
                "quartier": hub.quartier if hub else None,
                "themes": sorted(spec.themes),
                "description": spec.description,
            },
        )
        event.partners.set([organisations[s] for s in spec.partners if s in organisations])
        for (band, sex), count in spec.audience.items():
            AudienceCount.objects.update_or_create(
                event=event, age_band=band, sex=sex, defaults={"count": count}
            )


def load() -> dict[str, int]:
    created = load_contacts()
    load_events()
    if created or not CountRun.objects.filter(status=CountRun.Status.DONE).exists():
        count_run_execute()
    return {"contacts": created}
