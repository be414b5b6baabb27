import json

import pytest
from data_inclusion.schema import v1
from django.core.management import call_command

from maillage.directory.models import Location, Service

pytestmark = pytest.mark.django_db


def export(folder):
    call_command("directory", "export", "--format", "data-inclusion", "--out", str(folder))
    return (
        json.loads((folder / "structures.json").read_text()),
        json.loads((folder / "services.json").read_text()),
    )


def test_it_exports_records_that_pass_data_inclusion_validation(demo_directory, tmp_path):
    structures, services = export(tmp_path)
    assert len(services) == Service.objects.count() >= 30
    for record in structures:
        v1.Structure.model_validate(record)
    for record in services:
        v1.Service.model_validate(record)
    fives = next(s for s in services if s["id"].endswith("pole-fives-depistage-mardi"))
    assert fives["horaires_accueil"] == "Tu 09:00-12:00; PH off"
    assert fives["frais"] == "gratuit"
    assert "sante--depistage-cancer-sein" in fives["extension_maillage"]["thematiques"]


def test_it_round_trips_the_demo_directory_without_loss(demo_directory, tmp_path):
    first = export(tmp_path / "first")
    Service.objects.all().delete()
    Location.objects.all().delete()
    call_command("directory", "import", "--format", "data-inclusion", str(tmp_path / "first"))
    assert export(tmp_path / "second") == first


def test_it_reads_csv_files_too(demo_directory, tmp_path):
    call_command(
        "directory", "export", "--format", "data-inclusion", "--out", str(tmp_path), "--csv"
    )
    first = json.loads((tmp_path / "services.json").read_text())
    (tmp_path / "services.json").unlink()
    (tmp_path / "structures.json").unlink()
    Service.objects.all().delete()
    call_command("directory", "import", str(tmp_path))
    assert export(tmp_path / "again")[1] == first


def test_it_updates_by_source_id_on_reimport(demo_directory, tmp_path):
    _structures, services = export(tmp_path)
    services[0]["nom"] = "Nom changé à la source"
    (tmp_path / "services.json").write_text(json.dumps(services))
    count = Service.objects.count()
    call_command("directory", "import", str(tmp_path))
    assert Service.objects.count() == count
    assert Service.objects.get(source_id=services[0]["id"]).name == "Nom changé à la source"
