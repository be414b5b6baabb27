from datetime import time

import pytest

from maillage.demo import directory
from maillage.directory.models import Location, Service
from maillage.directory.selectors import SearchParams, services_search
from maillage.directory.services import slots_refresh
from tests.directory.factories import MONDAY

pytestmark = pytest.mark.django_db


def test_it_loads_the_seeded_services_once(demo_directory):
    count, places = Service.objects.count(), Location.objects.count()
    directory.load()
    assert (Service.objects.count(), Location.objects.count()) == (count, places)
    assert Service.objects.filter(name__startswith="Échangeur-récupérateur").count() == 3
    assert Service.objects.filter(name__startswith="Pôle ressources santé").count() == 15
    assert Service.objects.filter(organisation__kind="pass_unit").count() == 3


def test_it_has_a_free_screening_near_fives_open_on_tuesday_morning(demo_directory):
    slots_refresh(services=Service.objects.all(), start=MONDAY)
    params = SearchParams(
        q="dépistage cancer", near="Fives", conditions=["free"], open_day=1, open_time=time(10)
    )
    hit = services_search(actor=None, params=params).hits[0]
    assert hit.service.name == "Permanence dépistage des cancers — Fives, le mardi matin"
    assert hit.distance_km < 0.5 and hit.is_open


def test_it_marks_invented_addresses_and_hours(demo_directory):
    assert Location.objects.filter(address_extra="(adresse fictive)").exists()
    assert Service.objects.filter(description__contains="Horaires fictifs").count() >= 10
