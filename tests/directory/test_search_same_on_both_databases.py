"""The same queries give the same ordered results on SQLite and PostgreSQL.

The expected lists were recorded once; the suite runs on both databases (`make test`), so each
database is compared with the same record. Regenerate with `DIRECTORY_RECORD=1` if the demo
directory changes on purpose, and check the diff.
"""

import json
import os
from datetime import datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from maillage.directory.models import Service
from maillage.directory.selectors import SearchParams, services_search
from maillage.directory.services import slots_refresh
from tests.directory.factories import MONDAY

pytestmark = pytest.mark.django_db
RECORD = Path(__file__).with_name("search_same_on_both_databases.json")
NOW = datetime(2026, 11, 24, 10, 30, tzinfo=ZoneInfo("Europe/Paris"))

QUERIES = {
    "words": SearchParams(q="dépistage"),
    "words-prefix": SearchParams(q="acces droit"),
    "near-fives": SearchParams(near="Fives", radius_km=30),
    "screening-fives-tuesday": SearchParams(
        q="depistage cancer", near="Fives", conditions=["free"], open_day=1, open_time=time(10)
    ),
    "ame-in-romanian": SearchParams(theme="sante--droits-ame", language="ro"),
    "open-now-near-wazemmes": SearchParams(near="Wazemmes", open_now=True, radius_km=30),
    "home-visit": SearchParams(mode="home-visit"),
    "page-2": SearchParams(near="Lille", radius_km=30, page=2, page_size=7),
    "address": SearchParams(near="rue pierre legrand", q="prevention"),
    "health-category-free-anonymous": SearchParams(category="sante", conditions=["anonymous"]),
}


def test_it_orders_results_identically_on_both_databases(demo_directory):
    slots_refresh(services=Service.objects.all(), start=MONDAY)
    results = {}
    for name, params in QUERIES.items():
        page = services_search(actor=None, params=params, now=NOW)
        results[name] = [hit.service.source_id for hit in page.hits]
    if os.environ.get("DIRECTORY_RECORD"):
        RECORD.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n")
    assert results == json.loads(RECORD.read_text())
    assert results["screening-fives-tuesday"][0] == "maillage-demo--pole-fives-depistage-mardi"
