import pytest

from maillage.directory.services import places_rebuild
from tests.directory.factories import make_location, make_service
from tests.factories import make_territory

pytestmark = pytest.mark.django_db


def test_it_searches_at_the_exact_path(client, django_assert_max_num_queries):
    make_territory("Fives", kind="quartier", latitude=50.632, longitude=3.09)
    places_rebuild()
    service = make_service(
        "Dépistage",
        conditions=["free"],
        locations=[make_location(latitude=50.6321, longitude=3.0901)],
    )
    make_service("Autre")
    with django_assert_max_num_queries(6):
        response = client.get(
            "/api/v1/services", {"q": "depistage", "near": "Fives", "condition": "free"}
        )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["count"] == 1 and body["pages"] == 1
    assert body["place"]["label"] == "Fives"
    hit = body["results"][0]
    assert hit["service"]["id"] == service.pk
    assert hit["distance_km"] < 0.1
    assert hit["service"]["locations"][0]["latitude"] == pytest.approx(50.6321)


def test_it_paginates(client):
    for n in range(7):
        make_service(f"Vaccination {n}")
    body = client.get("/api/v1/services", {"q": "vaccination", "page_size": 5, "page": 2}).json()
    assert body["count"] == 7 and body["pages"] == 2 and len(body["results"]) == 2


def test_it_returns_one_service_at_the_exact_path(client):
    service = make_service("Vaccination", languages=["ro"])
    response = client.get(f"/api/v1/services/{service.pk}")
    assert response.status_code == 200
    assert response.json()["languages"] == ["ro"]
    assert client.get("/api/v1/services/999999").status_code == 404


def test_it_rejects_bad_parameters(client):
    assert client.get("/api/v1/services", {"day": 9}).status_code in {400, 422}
    assert client.get("/api/v1/services", {"near": "Atlantis"}).status_code == 400


def test_it_is_documented_in_the_openapi_schema(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/services" in paths and "/api/v1/services/{id}" in paths
    names = {p["name"] for p in paths["/api/v1/services"]["get"]["parameters"]}
    assert {"q", "near", "condition", "language", "open", "day", "time", "page"} <= names
