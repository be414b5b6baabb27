"""The geocoder is answered by a real local HTTP server, as IGN's Géoplateforme would answer."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import pytest

from maillage.core.models import AuditEvent, Role
from maillage.directory.selectors import SearchParams, services_search
from maillage.directory.services import location_save
from tests.directory.factories import make_service
from tests.factories import make_organisation, make_user

pytestmark = pytest.mark.django_db


class Geoplateforme(BaseHTTPRequestHandler):
    queries: list[dict] = []

    def do_GET(self):  # noqa: N802 - the http.server API
        query = parse_qs(urlparse(self.path).query)
        Geoplateforme.queries.append(query)
        features = []
        if "legrand" in query["q"][0].lower():
            features = [
                {
                    "type": "Feature",
                    "geometry": {"type": "Point", "coordinates": [3.0905, 50.6318]},
                    "properties": {
                        "label": "12 Rue Pierre Legrand 59800 Lille",
                        "score": 0.93,
                        "citycode": "59350",
                        "postcode": "59800",
                        "type": "housenumber",
                    },
                }
            ]
        body = json.dumps({"type": "FeatureCollection", "features": features}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def geocoder(settings):
    server = ThreadingHTTPServer(("127.0.0.1", 0), Geoplateforme)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.GEOCODER_ENABLED = True
    settings.GEOCODER_URL = f"http://127.0.0.1:{server.server_address[1]}/geocodage"
    Geoplateforme.queries = []
    yield Geoplateforme
    server.shutdown()
    server.server_close()


def test_it_geocodes_a_location_when_it_is_saved(geocoder, django_capture_on_commit_callbacks):
    organisation = make_organisation()
    actor = make_user(role=Role.PROFESSIONAL, organisation=organisation)
    with django_capture_on_commit_callbacks(execute=True):
        location = location_save(
            actor=actor,
            organisation=organisation,
            data={"address": "12 rue Pierre Legrand", "postcode": "59800", "city": "Lille"},
        )
    location.refresh_from_db()
    assert (location.latitude, location.longitude) == (50.6318, 3.0905)
    assert location.insee_code == "59350" and location.geocode_score == 0.93
    assert geocoder.queries[0]["postcode"] == ["59800"]
    assert AuditEvent.objects.filter(action="directory.location.geocode").exists()


def test_it_leaves_the_point_empty_when_the_geocoder_does_not_know(
    geocoder, django_capture_on_commit_callbacks
):
    organisation = make_organisation()
    actor = make_user(organisation=organisation)
    with django_capture_on_commit_callbacks(execute=True):
        location = location_save(
            actor=actor, organisation=organisation, data={"address": "Nulle part", "city": "X"}
        )
    location.refresh_from_db()
    assert location.latitude is None and location.geocoded_at is None


def test_it_never_geocodes_during_a_search(geocoder):
    make_service("Vaccination")
    services_search(actor=None, params=SearchParams(q="vaccination", near="12 rue Legrand"))
    assert geocoder.queries == []


def test_it_survives_an_unreachable_geocoder(settings, django_capture_on_commit_callbacks):
    settings.GEOCODER_ENABLED = True
    settings.GEOCODER_URL = "http://127.0.0.1:9/nothing"
    organisation = make_organisation()
    actor = make_user(organisation=organisation)
    with django_capture_on_commit_callbacks(execute=True):
        location = location_save(
            actor=actor, organisation=organisation, data={"address": "1 rue A", "city": "Lille"}
        )
    assert location.pk and location.latitude is None
