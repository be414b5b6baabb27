from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest

from maillage.directory.selectors import SearchParams, services_search
from tests.directory.factories import make_service

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")
TUESDAY_10 = datetime(2026, 11, 24, 10, 0, tzinfo=PARIS)
TUESDAY_15 = datetime(2026, 11, 24, 15, 0, tzinfo=PARIS)


def names(now, **params):
    page = services_search(actor=None, params=SearchParams(**params), now=now)
    return sorted(hit.service.name for hit in page.hits)


@pytest.fixture
def services():
    make_service("Mardi matin", opening_hours="Tu 09:00-12:00; PH off")
    make_service("Semaine", opening_hours="Mo-Fr 08:30-12:00,13:30-17:00")
    make_service("Toujours", opening_hours="24/7")
    make_service("Nuit", opening_hours="Mo 22:00-02:00")
    make_service("Inconnu", opening_hours="")


def test_it_finds_what_is_open_now(services):
    assert names(TUESDAY_10, open_now=True) == ["Mardi matin", "Semaine", "Toujours"]
    assert names(TUESDAY_15, open_now=True) == ["Semaine", "Toujours"]


def test_it_finds_what_is_open_on_a_coming_day_and_time(services):
    assert names(TUESDAY_15, open_day=1, open_time=time(9, 30)) == [
        "Mardi matin",
        "Semaine",
        "Toujours",
    ]
    assert names(TUESDAY_15, open_day=1, open_time=time(1, 0)) == ["Nuit", "Toujours"]
    assert names(TUESDAY_15, open_day=6, open_time=time(11, 0)) == ["Toujours"]


def test_it_shows_open_or_closed_on_each_result(services):
    page = services_search(actor=None, params=SearchParams(q="mardi"), now=TUESDAY_15)
    assert [hit.is_open for hit in page.hits] == [False]  # no "at": now
    page = services_search(
        actor=None, params=SearchParams(q="mardi", open_day=1, open_time=time(10)), now=TUESDAY_15
    )
    assert [hit.is_open for hit in page.hits] == [True]
