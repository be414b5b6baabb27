import pytest

from maillage.directory.selectors import SearchParams, services_search
from tests.directory.factories import make_service

pytestmark = pytest.mark.django_db


def names(**params):
    page = services_search(actor=None, params=SearchParams(**params))
    return sorted(hit.service.name for hit in page.hits)


@pytest.fixture
def services():
    make_service(
        "PASS",
        themes=["sante--acces-aux-soins", "sante--droits-ame"],
        conditions=["free", "without-health-cover"],
        languages=["fr", "ar", "ro"],
        modes=["on-site"],
        publics=["personnes-exilees"],
        types=["accompagnement"],
    )
    make_service(
        "Audit asthme",
        themes=["sante--environnement-interieur-asthme"],
        conditions=["free"],
        languages=["fr"],
        modes=["home-visit"],
        publics=["familles"],
        types=["information"],
    )
    make_service(
        "Droits",
        themes=["difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits"],
        conditions=[],
        languages=["fr", "ar"],
        modes=["phone"],
    )


def test_it_filters_by_conditions_all_of_them(services):
    assert names(conditions=["free"]) == ["Audit asthme", "PASS"]
    assert names(conditions=["free", "without-health-cover"]) == ["PASS"]


def test_it_filters_by_language_mode_public_and_type(services):
    assert names(language="ar") == ["Droits", "PASS"]
    assert names(language="ro") == ["PASS"]
    assert names(mode="home-visit") == ["Audit asthme"]
    assert names(public="familles") == ["Audit asthme"]
    assert names(service_type="information") == ["Audit asthme"]


def test_it_filters_by_theme_and_category(services):
    assert names(theme="sante--droits-ame") == ["PASS"]
    assert names(category="sante") == ["Audit asthme", "PASS"]
    assert names(category="difficultes-administratives-ou-juridiques") == ["Droits"]


def test_it_combines_words_and_filters(services):
    assert names(q="asthme", conditions=["free"]) == ["Audit asthme"]
    assert names(q="asthme", language="ro") == []
