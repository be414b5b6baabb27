import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from maillage.demo.loader import load_demo
from maillage.network.models import Membership, Network
from tests.factories import make_network

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo() -> None:
    load_demo(only={"network", "core"})


def test_the_network_page_groups_members_by_role_and_tells_the_2019_extension(client, demo):
    network = Network.objects.get(is_primary=True)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("network:network", args=[network.slug]))
    page = response.content.decode()

    assert response.status_code == 200
    founding, associated = (
        str(Membership.Role.FOUNDING.label),
        str(Membership.Role.ASSOCIATED.label),
    )
    assert page.index(founding) < page.index("Ville de Lille / Lomme") < page.index(associated)
    assert page.index(associated) < page.index("CCAS de Roubaix")
    assert "PASS du Centre Hospitalier de Tourcoing" in page
    assert "extension à la MEL décidée en 2019" in page
    assert "Comité de pilotage du réseau" in page  # convention validated 18 Dec 2020
    assert len(queries) <= 12


def test_the_home_page_names_the_network(client, demo):
    response = client.get("/")
    assert response.status_code == 200
    assert "Réseau Santé Solidarité Lille Métropole" in response.content.decode()


def test_an_organisation_page_shows_its_facts_and_memberships(client, demo):
    response = client.get(reverse("network:organisation", args=["ch-de-seclin"]))
    page = response.content.decode()
    assert "647" in page and "HPSM" in page


def test_a_territory_page_lists_what_sits_there(client, demo):
    response = client.get(reverse("network:territory", args=["quartier-fives"]))
    page = response.content.decode()
    assert "Pôle ressources santé Fives" in page
    assert "Association de quartier Fives (fictive)" in page


def test_pages_are_served_with_a_strict_content_security_policy(client, demo):
    response = client.get("/")
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "object-src 'none'" in policy
    assert "unsafe-inline" not in policy
    assert response.headers["X-Frame-Options"] == "DENY"


def test_every_page_names_the_network_without_reading_it_again_until_it_changes(client):
    network = make_network(name="Réseau de la Métropole", short_name="RM", is_primary=True)
    page = reverse("directory:search")
    assert "Réseau de la Métropole" in client.get(page).content.decode()
    with CaptureQueriesContext(connection) as queries:
        again = client.get(page).content.decode()
    assert "<title>" in again and "— RM · Maillage</title>" in again
    assert not any("network_network" in query["sql"] for query in queries)
    network.name = "Réseau Santé Solidarité"
    network.save()
    assert "Réseau Santé Solidarité" in client.get(page).content.decode()
    network.delete()
    assert "Réseau Santé Solidarité" not in client.get(page).content.decode()
