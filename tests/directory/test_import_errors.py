import json

import pytest
from django.core.management import CommandError, call_command

from maillage.directory.exchange.datainclusion import ImportFailed, import_records
from maillage.directory.models import Service

pytestmark = pytest.mark.django_db

STRUCTURE = {
    "source": "dora",
    "id": "dora--42",
    "nom": "Centre social Le Tournesol",
    "date_maj": "2026-01-10",
}


def service(n, **fields):
    return {
        "source": "dora",
        "structure_id": "dora--42",
        "id": f"dora--s{n}",
        "nom": f"Service {n}",
        "description": "Une description.",
        "date_maj": "2026-01-10",
        **fields,
    }


def test_it_names_the_row_and_field_and_imports_nothing(tmp_path, capsys):
    rows = [service(1), service(2, thematiques=["pas-un-theme"]), service(3)]
    (tmp_path / "structures.json").write_text(json.dumps([STRUCTURE]))
    (tmp_path / "services.json").write_text(json.dumps(rows))
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("directory", "import", str(tmp_path))
    assert "services.json, row 2, field “thematiques.0”" in capsys.readouterr().err
    assert Service.objects.count() == 0


def test_it_rejects_bad_opening_hours_and_unknown_structures():
    rows = [service(1, horaires_accueil="Mo-Fx 9h"), service(2, structure_id="dora--nope")]
    with pytest.raises(ImportFailed) as failure:
        import_records([STRUCTURE], rows)
    fields = {(error.row, error.field) for error in failure.value.errors}
    assert fields == {(1, "horaires_accueil"), (2, "structure_id")}


def test_it_reports_a_missing_required_field():
    record = service(1)
    del record["nom"]
    with pytest.raises(ImportFailed) as failure:
        import_records([STRUCTURE], [record])
    assert [(e.row, e.field) for e in failure.value.errors] == [(1, "nom")]


def test_it_can_skip_invalid_rows_and_report_them(tmp_path, capsys):
    rows = [
        service(1),
        {"nom": "x"},
        service(
            3,
            adresse="1 rue de Paris",
            code_postal="59000",
            commune="Lille",
            latitude=50.6,
            longitude=3.06,
        ),
    ]
    (tmp_path / "structures.json").write_text(json.dumps([STRUCTURE]))
    (tmp_path / "services.json").write_text(json.dumps(rows))
    call_command("directory", "import", str(tmp_path), "--skip-invalid")
    out = capsys.readouterr()
    assert "skipped: services.json, row 2" in out.err
    assert "2 services created" in out.out and "1 rows skipped" in out.out
    imported = Service.objects.get(source_id="dora--s3")
    assert imported.organisation.name == "Centre social Le Tournesol"
    assert imported.locations.get().latitude == 50.6


def test_it_refuses_a_file_that_is_not_an_array(tmp_path):
    (tmp_path / "services.json").write_text("{}")
    with pytest.raises(CommandError, match="JSON array"):
        call_command("directory", "import", str(tmp_path))


def test_it_rejects_values_longer_than_our_columns():
    with pytest.raises(ImportFailed) as failure:
        import_records([STRUCTURE], [service(1, telephone="0" * 40)])
    assert [(e.row, e.field) for e in failure.value.errors] == [(1, "telephone")]
