"""Generate a large synthetic directory spread over French communes.

Usage: python bench/gen_directory.py N [--seed S]
Writes into the database the settings point at (DATABASE_URL, or SQLite under MAILLAGE_VAR_DIR),
which must be migrated. Services get the same derived search data as through the app (search
columns, open slots), by bulk inserts. Progress on stderr; one JSON line on stdout.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "maillage.settings")

# name, INSEE code, postcode, latitude, longitude (approximate town-hall coordinates)
COMMUNES = [
    ("Paris", "75056", "75001", 48.8566, 2.3522),
    ("Marseille", "13055", "13001", 43.2965, 5.3698),
    ("Lyon", "69123", "69001", 45.7640, 4.8357),
    ("Toulouse", "31555", "31000", 43.6047, 1.4442),
    ("Nice", "06088", "06000", 43.7102, 7.2620),
    ("Nantes", "44109", "44000", 47.2184, -1.5536),
    ("Montpellier", "34172", "34000", 43.6108, 3.8767),
    ("Strasbourg", "67482", "67000", 48.5734, 7.7521),
    ("Bordeaux", "33063", "33000", 44.8378, -0.5792),
    ("Lille", "59350", "59000", 50.6292, 3.0573),
    ("Rennes", "35238", "35000", 48.1173, -1.6778),
    ("Reims", "51454", "51100", 49.2583, 4.0317),
    ("Toulon", "83137", "83000", 43.1242, 5.9280),
    ("Saint-Étienne", "42218", "42000", 45.4397, 4.3872),
    ("Le Havre", "76351", "76600", 49.4944, 0.1079),
    ("Grenoble", "38185", "38000", 45.1885, 5.7245),
    ("Dijon", "21231", "21000", 47.3220, 5.0415),
    ("Angers", "49007", "49000", 47.4784, -0.5632),
    ("Nîmes", "30189", "30000", 43.8367, 4.3601),
    ("Villeurbanne", "69266", "69100", 45.7719, 4.8902),
    ("Clermont-Ferrand", "63113", "63000", 45.7772, 3.0870),
    ("Le Mans", "72181", "72000", 48.0061, 0.1996),
    ("Aix-en-Provence", "13001", "13100", 43.5297, 5.4474),
    ("Brest", "29019", "29200", 48.3904, -4.4861),
    ("Tours", "37261", "37000", 47.3941, 0.6848),
    ("Amiens", "80021", "80000", 49.8941, 2.2958),
    ("Limoges", "87085", "87000", 45.8336, 1.2611),
    ("Annecy", "74010", "74000", 45.8992, 6.1294),
    ("Perpignan", "66136", "66000", 42.6887, 2.8948),
    ("Boulogne-Billancourt", "92012", "92100", 48.8397, 2.2399),
    ("Metz", "57463", "57000", 49.1193, 6.1757),
    ("Besançon", "25056", "25000", 47.2378, 6.0241),
    ("Orléans", "45234", "45000", 47.9030, 1.9093),
    ("Saint-Denis", "93066", "93200", 48.9362, 2.3574),
    ("Rouen", "76540", "76000", 49.4432, 1.0999),
    ("Argenteuil", "95018", "95100", 48.9472, 2.2467),
    ("Mulhouse", "68224", "68100", 47.7508, 7.3359),
    ("Montreuil", "93048", "93100", 48.8638, 2.4485),
    ("Caen", "14118", "14000", 49.1829, -0.3707),
    ("Nancy", "54395", "54000", 48.6921, 6.1844),
    ("Roubaix", "59512", "59100", 50.6942, 3.1746),
    ("Tourcoing", "59599", "59200", 50.7239, 3.1612),
    ("Nanterre", "92050", "92000", 48.8924, 2.2071),
    ("Vitry-sur-Seine", "94081", "94400", 48.7875, 2.3928),
    ("Avignon", "84007", "84000", 43.9493, 4.8055),
    ("Créteil", "94028", "94000", 48.7904, 2.4556),
    ("Dunkerque", "59183", "59140", 51.0343, 2.3768),
    ("Poitiers", "86194", "86000", 46.5802, 0.3404),
    ("Asnières-sur-Seine", "92004", "92600", 48.9109, 2.2854),
    ("Versailles", "78646", "78000", 48.8049, 2.1204),
    ("Colombes", "92025", "92700", 48.9226, 2.2522),
    ("Aubervilliers", "93001", "93300", 48.9146, 2.3821),
    ("Aulnay-sous-Bois", "93005", "93600", 48.9386, 2.4975),
    ("Pau", "64445", "64000", 43.2951, -0.3708),
    ("Calais", "62193", "62100", 50.9513, 1.8587),
    ("La Rochelle", "17300", "17000", 46.1603, -1.1511),
    ("Béziers", "34032", "34500", 43.3442, 3.2158),
    ("Bourges", "18033", "18000", 47.0810, 2.3988),
    ("Cayenne", "97302", "97300", 4.9224, -52.3135),
    ("Saint-Pierre", "97416", "97410", -21.3393, 55.4781),
    ("Ajaccio", "2A004", "20000", 41.9192, 8.7386),
    ("Quimper", "29232", "29000", 47.9960, -4.1024),
    ("Valence", "26362", "26000", 44.9334, 4.8924),
    ("Troyes", "10387", "10000", 48.2973, 4.0744),
    ("Lorient", "56121", "56100", 47.7483, -3.3700),
    ("Niort", "79191", "79000", 46.3237, -0.4588),
    ("Chambéry", "73065", "73000", 45.5646, 5.9178),
    ("Arras", "62041", "62000", 50.2910, 2.7775),
    ("Valenciennes", "59606", "59300", 50.3570, 3.5235),
    ("Lens", "62498", "62300", 50.4329, 2.8279),
]

HOURS = [
    "Mo-Fr 09:00-12:00,14:00-17:00; PH off",
    "Mo-Fr 08:30-12:30; PH off",
    "Tu,Th 09:00-12:00; PH off",
    "We 13:30-17:00; Sa 09:00-12:00; PH off",
    "Mo-Sa 10:00-18:00",
    "24/7",
    "Mo,We,Fr 14:00-18:00",
    "Tu 09:00-12:00; PH off",
    "Mo-Fr 08:00-16:00; PH off",
    "Th 14:00-16:00",
    "",
]
WORDS = [
    "accueil",
    "écoute",
    "orientation",
    "accompagnement",
    "permanence",
    "consultation",
    "information",
    "prévention",
    "atelier",
    "entretien",
    "bilan",
    "suivi",
    "aide",
    "soutien",
    "médiation",
    "santé",
    "social",
    "quartier",
    "familles",
    "jeunes",
    "femmes",
    "droits",
]
KINDS = ["Association", "Centre social", "Maison de santé", "CCAS", "Espace santé", "Point"]


def _vocab() -> tuple[list[str], list[str], list[str], list[str], list[str], list[str]]:
    from maillage.directory import vocabulary as V

    health = [t for t in V.THEMES if t.startswith("sante--")]
    others = list(V.THEMES)
    publics = [p for p in V.PUBLICS if p != "tous-publics"]
    return (
        health,
        others,
        publics,
        list(V.SERVICE_TYPES),
        list(V.CONDITIONS),
        list(V.LANGUAGES),
    )


def _territories(rng: random.Random) -> list:
    from maillage.directory.services import places_rebuild
    from maillage.network.models import Territory

    territories = []
    for name, insee, _postcode, lat, lon in COMMUNES:
        territory, _ = Territory.objects.update_or_create(
            slug=f"bench-{insee.lower()}",
            defaults={
                "name": name,
                "kind": "commune",
                "insee_code": insee,
                "latitude": lat,
                "longitude": lon,
            },
        )
        territories.append(territory)
    places_rebuild()
    return territories


def generate(n: int, seed: int = 0, log=lambda message: None) -> dict:
    import django

    django.setup()
    from django.db import transaction

    from maillage.directory import text
    from maillage.directory import vocabulary as V
    from maillage.directory.models import (
        Location,
        OpeningSlot,
        SearchEntry,
        Service,
        ServicePoint,
    )
    from maillage.directory.services import search_fields, slot_rows
    from maillage.network.models import Organisation

    rng = random.Random(seed)
    pool = sorted({w for label in V.THEMES.values() for w in text.words(label)} | set(WORDS))
    pool += [f"mot{n}" for n in range(2000)]  # a long tail of rare words, as in real text
    health, others, publics, types, conditions, languages = _vocab()
    started = time.perf_counter()
    _fast_bulk_loading()
    run = f"{seed}-{int(time.time())}"
    with transaction.atomic():
        territories = _territories(rng)
        n_orgs = max(1, n // 8)
        organisations = Organisation.objects.bulk_create(
            [
                Organisation(
                    name=f"{rng.choice(KINDS)} {rng.choice(WORDS).capitalize()} {i}",
                    slug=f"bench-{run}-{i}",
                    kind="association",
                )
                for i in range(n_orgs)
            ],
            batch_size=2000,
        )
        log(f"{len(organisations)} organisations")
        org_commune = [rng.randrange(len(COMMUNES)) for _ in organisations]
        today = __import__("datetime").date.today()
        batch = 5000
        for start in range(0, n, batch):
            size = min(batch, n - start)
            picks = [rng.randrange(len(organisations)) for _ in range(size)]
            locations = []
            for k in picks:
                name, insee, postcode, lat, lon = COMMUNES[org_commune[k]]
                locations.append(
                    Location(
                        organisation=organisations[k],
                        address=f"{rng.randint(1, 200)} rue {rng.choice(WORDS).capitalize()}",
                        postcode=postcode,
                        city=name,
                        insee_code=insee,
                        latitude=lat + rng.gauss(0, 0.05),
                        longitude=lon + rng.gauss(0, 0.07),
                        territory=territories[org_commune[k]],
                    )
                )
            Location.objects.bulk_create(locations, batch_size=2000)
            services = []
            for k in picks:
                themes = rng.sample(others, rng.randint(1, 2))
                if rng.random() < 0.3:
                    themes.append(rng.choice(health))
                themes = list(dict.fromkeys(themes))
                service = Service(
                    organisation=organisations[k],
                    name=f"{V.THEMES[themes[0]]} — {rng.choice(WORDS)} {rng.choice(pool)}",
                    description=" ".join(rng.choice(pool) for _ in range(30)),
                    themes=themes,
                    types=[rng.choice(types)],
                    publics=rng.sample(publics, rng.randint(1, 2))
                    if rng.random() < 0.6
                    else ["tous-publics"],
                    conditions=[c for c in conditions if rng.random() < 0.35],
                    languages=["fr"] + rng.sample(languages[1:], rng.randint(0, 2)),
                    modes=rng.sample(
                        ["on-site", "phone", "home-visit", "remote"], rng.randint(1, 2)
                    ),
                    opening_hours=rng.choice(HOURS),
                    last_verified_on=today,
                    source="bench",
                    source_id=f"bench-{run}-{start + len(services)}",
                )
                search_fields(service, organisations[k])
                services.append(service)
            Service.objects.bulk_create(services, batch_size=2000)
            through = Service.locations.through
            through.objects.bulk_create(
                [
                    through(service_id=s.pk, location_id=loc.pk)
                    for s, loc in zip(services, locations, strict=True)
                ],
                batch_size=5000,
            )
            SearchEntry.objects.bulk_create(
                [SearchEntry(service_id=s.pk, title=s.search_title) for s in services],
                batch_size=5000,
            )
            ServicePoint.objects.bulk_create(
                [
                    ServicePoint(service_id=s.pk, latitude=loc.latitude, longitude=loc.longitude)
                    for s, loc in zip(services, locations, strict=True)
                ],
                batch_size=5000,
            )
            slots = [row for s in services for row in slot_rows(s, today)]
            OpeningSlot.objects.bulk_create(slots, batch_size=5000)
            Service.objects.filter(pk__in=[s.pk for s in services]).update(slots_from=today)
            log(f"{start + size}/{n} services")
    _analyze()
    return {"services": n, "organisations": n_orgs, "seconds": time.perf_counter() - started}


def _fast_bulk_loading() -> None:
    from django.db import connection

    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size = -400000")  # 400 MB: keep the load in memory
            cursor.execute("PRAGMA temp_store = MEMORY")


def _analyze() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "INSERT INTO directory_service_fts(directory_service_fts) VALUES('optimize')"
            )
        cursor.execute("ANALYZE")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("n", type=int)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    result = generate(args.n, args.seed, log=lambda m: print(m, file=sys.stderr, flush=True))
    print(json.dumps(result))


if __name__ == "__main__":
    main()
