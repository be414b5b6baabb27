import pytest
from django.urls import reverse

from tests.directory.factories import make_location, make_service

pytestmark = pytest.mark.django_db


def test_it_shows_a_service_with_its_hours_and_places(client, django_assert_max_num_queries):
    location = make_location(transit_stop="Métro Fives (ligne 1)")
    service = make_service(
        "Permanence dépistage",
        locations=[location],
        opening_hours="Tu 09:00-12:00; PH off",
        what_to_bring="Carte Vitale",
        languages=["ar"],
    )
    with django_assert_max_num_queries(5):
        response = client.get(reverse("directory:service", args=[service.pk]))
    html = response.content.decode()
    assert "Permanence dépistage" in html
    assert "Métro Fives (ligne 1)" in html
    assert "09:00–12:00" in html and "<caption>" in html
    assert "Carte Vitale" in html and "Arabe" in html


def test_it_answers_404_for_unknown_or_inactive_services(client):
    service = make_service(is_active=False)
    assert client.get(reverse("directory:service", args=[service.pk])).status_code == 404
    assert client.get(reverse("directory:service", args=[999999])).status_code == 404
