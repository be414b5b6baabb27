import pytest

from maillage.directory.selectors import SearchParams, place_resolve, services_search
from maillage.directory.services import places_rebuild
from tests.directory.factories import make_location, make_service
from tests.factories import make_territory

pytestmark = pytest.mark.django_db

FIVES = (50.6320, 3.0900)


@pytest.fixture
def places():
    make_territory("Fives", kind="quartier", latitude=FIVES[0], longitude=FIVES[1])
    make_territory(
        "Roubaix", kind="commune", insee_code="59512", latitude=50.6942, longitude=3.1746
    )
    places_rebuild()


def test_it_orders_by_distance_and_shows_it(places):
    far = make_service("Loin", locations=[make_location(latitude=50.6360, longitude=3.0640)])
    near = make_service("Proche", locations=[make_location(latitude=50.6322, longitude=3.0905)])
    page = services_search(actor=None, params=SearchParams(near="fives"))
    assert [hit.service.pk for hit in page.hits] == [near.pk, far.pk]
    assert page.hits[0].distance_km == pytest.approx(0.04, abs=0.02)
    assert page.hits[1].distance_km == pytest.approx(1.9, abs=0.2)


def test_it_keeps_within_the_radius(places):
    make_service("Roubaix", locations=[make_location(latitude=50.6942, longitude=3.1746)])
    make_service("Fives", locations=[make_location(latitude=50.6321, longitude=3.0901)])
    page = services_search(actor=None, params=SearchParams(near="Fives", radius_km=3))
    assert [hit.service.name for hit in page.hits] == ["Fives"]


def test_it_uses_the_nearest_of_several_locations(places):
    service = make_service(
        "Deux lieux",
        locations=[
            make_location(latitude=50.6942, longitude=3.1746),
            make_location(latitude=50.6330, longitude=3.0900),
        ],
    )
    page = services_search(actor=None, params=SearchParams(near="Fives"))
    assert [hit.service.pk for hit in page.hits] == [service.pk]
    assert page.hits[0].distance_km < 0.2


def test_it_resolves_communes_quartiers_postcodes_and_addresses_locally(places):
    make_location(
        address="12 rue Pierre Legrand", postcode="59800", latitude=50.6318, longitude=3.0905
    )
    assert place_resolve("Roubaix").latitude == pytest.approx(50.6942)
    assert place_resolve("fives").label == "Fives"
    assert place_resolve("59800").latitude == pytest.approx(50.6318)
    assert place_resolve("12 rue Pierre-Legrand").longitude == pytest.approx(3.0905)
    assert place_resolve("Atlantis") is None


def test_it_says_when_the_place_is_unknown(places):
    make_service("Partout")
    page = services_search(actor=None, params=SearchParams(near="Atlantis"))
    assert page.place_not_found and page.hits == []


def test_it_accepts_a_point(places):
    make_service("Ici", locations=[make_location(latitude=48.85, longitude=2.35)])
    page = services_search(actor=None, params=SearchParams(lat=48.851, lon=2.351))
    assert [hit.service.name for hit in page.hits] == ["Ici"]
