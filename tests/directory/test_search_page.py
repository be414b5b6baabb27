import pytest
from django.urls import reverse

from tests.directory.factories import make_service

pytestmark = pytest.mark.django_db


def test_it_shows_the_form_without_results_at_first(client):
    response = client.get(reverse("directory:search"))
    assert response.status_code == 200
    assert b'role="search"' in response.content
    assert b"service found" not in response.content


def test_it_lists_results_with_status_and_a_sheet_checkbox(client, django_assert_max_num_queries):
    for n in range(25):
        make_service(f"Dépistage {n}", conditions=["free"], opening_hours="24/7")
    with django_assert_max_num_queries(6):
        response = client.get(reverse("directory:search"), {"q": "depistage"})
    html = response.content.decode()
    assert "25 services found" in html
    assert html.count('name="s"') == 20
    assert "Open now" in html and "Free of charge" in html
    assert "page=2" in html


def test_it_answers_htmx_with_the_results_only(client):
    make_service("Vaccination")
    response = client.get(reverse("directory:search"), {"q": "vaccin"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "Vaccination" in html and "<html" not in html


def test_it_flags_services_not_verified_for_six_months(client):
    from datetime import date

    make_service("Ancien", last_verified_on=date(2024, 1, 1))
    response = client.get(reverse("directory:search"), {"q": "ancien"})
    assert b"Not verified for six months" in response.content


def test_it_reports_bad_parameters(client):
    response = client.get(reverse("directory:search"), {"day": "9"})
    assert response.status_code == 200
    assert b'role="alert"' in response.content
