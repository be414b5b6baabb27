import pytest
from django.urls import reverse

from tests.directory.factories import make_location, make_service

pytestmark = pytest.mark.django_db


@pytest.fixture
def picked():
    first = make_service(
        "Permanence dépistage",
        locations=[make_location(address="Rue Pierre Legrand", transit_stop="Métro Fives")],
        opening_hours="Tu 09:00-12:00",
        what_to_bring="Carte Vitale si vous l'avez",
    )
    second = make_service("Vaccination", opening_hours="We 13:30-17:00")
    return [first, second]


def test_it_prints_the_picked_services_in_order(client, picked, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        response = client.get(reverse("directory:sheet"), {"s": [picked[1].pk, picked[0].pk]})
    html = response.content.decode()
    assert html.index("Vaccination") < html.index("Permanence dépistage")
    assert "Rue Pierre Legrand" in html and "Métro Fives" in html
    assert "Carte Vitale si vous l&#x27;avez" in html
    assert "format=pdf" in html


def test_it_downloads_a_pdf(client, picked):
    response = client.get(reverse("directory:sheet"), {"s": [picked[0].pk], "format": "pdf"})
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert "attachment" in response["Content-Disposition"]


def test_it_says_when_nothing_was_picked(client):
    response = client.get(reverse("directory:sheet"), {"s": ["x"]})
    assert b"No service was picked" in response.content
