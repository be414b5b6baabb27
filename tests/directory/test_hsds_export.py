import json

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_it_writes_hsds_services_with_schedules_and_locations(demo_directory, tmp_path):
    call_command("directory", "export", "--format", "hsds", "--out", str(tmp_path))
    services = json.loads((tmp_path / "services.json").read_text())
    fives = next(s for s in services if s["name"].startswith("Permanence dépistage"))
    assert fives["status"] == "active"
    assert [(s["byday"], s["opens_at"], s["closes_at"]) for s in fives["schedules"]] == [
        ("TU", "09:00", "12:00")
    ] or fives["schedules"] == []  # an all-public-holiday week would have none
    location = fives["service_at_locations"][0]["location"]
    assert location["transportation"] == "Métro Fives (ligne 1)"
    assert location["addresses"][0]["postal_code"] == "59800"
    organisations = json.loads((tmp_path / "organizations.json").read_text())
    assert fives["organization_id"] in {o["id"] for o in organisations}
