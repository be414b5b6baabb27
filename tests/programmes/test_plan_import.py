"""`maillage programmes import`: the action plan read from a spreadsheet or a CSV file."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from maillage.core.audit import AuditAction
from maillage.core.models import AuditEvent
from maillage.network.models import Organisation, Territory
from maillage.programmes.models import (
    Action,
    ActionStatus,
    Axis,
    BudgetLine,
    LocalHealthContract,
)
from maillage.programmes.plan_io import plan_import
from tests.factories import make_organisation, make_territory

pytestmark = pytest.mark.django_db

HEADER = [
    "Axe",
    "Titre de l'axe",
    "Numéro",
    "Titre",
    "Pilote",
    "Partenaires",
    "Publics",
    "Territoires",
    "Budget",
    "Financeur",
    "Début",
    "Fin",
    "Statut",
]


@pytest.fixture
def network() -> dict[str, Organisation | Territory]:
    return {
        "city": make_organisation("Ville de Lille", city="Lille"),
        "ars": make_organisation("ARS Hauts-de-France", short_name="ARS"),
        "assoc": make_organisation("Association Santé Solidarité"),
        "wazemmes": make_territory("Wazemmes", kind="quartier"),
        "moulins": make_territory("Moulins", kind="quartier"),
    }


@pytest.fixture
def contract(network: dict[str, object]) -> LocalHealthContract:
    return LocalHealthContract.objects.create(
        slug="cls-lille",
        title="CLS de Lille",
        territory=make_territory("Lille"),
        start=dt.date(2025, 1, 1),
    )


def write_xlsx(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    workbook = Workbook()
    for sheet in list(workbook.worksheets):
        workbook.remove(sheet)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    workbook.save(path)
    return path


def run_import(slug: str, path: Path, *extra: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("programmes", "import", slug, str(path), *extra, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def counts() -> tuple[int, int, int, int]:
    return (
        Axis.objects.count(),
        Action.objects.count(),
        BudgetLine.objects.count(),
        AuditEvent.objects.filter(action=AuditAction.PROGRAMME_PLAN_IMPORT).count(),
    )


def good_rows() -> dict[str, list[list[object]]]:
    return {
        "Axe 1": [
            HEADER,
            [
                1,
                "Accès aux droits et aux soins",
                "1.1",
                "Pôles ressources santé",
                "Ville de Lille",
                "ARS Hauts-de-France; Association Santé Solidarité",
                "familles; Jeunes",
                "Wazemmes",
                80000,
                "ARS",
                dt.datetime(2025, 3, 1),
                dt.datetime(2026, 12, 31),
                "En cours",
            ],
            [1, "", "1.2", "Médiation en santé", "Association Santé Solidarité"],
        ],
        "Axe 2": [
            HEADER,
            [2, "Prévention", 1, "Mois sans tabac", "", "", "", "Moulins; Wazemmes"],
        ],
    }


def test_a_valid_file_creates_the_axes_and_actions(
    tmp_path: Path, contract: LocalHealthContract, network: dict[str, object]
) -> None:
    path = write_xlsx(tmp_path / "plan.xlsx", good_rows())

    out, err = run_import(contract.slug, path)

    assert "Axes created: 2; actions created: 3" in out
    assert list(contract.axes.values_list("number", "title")) == [
        (1, "Accès aux droits et aux soins"),
        (2, "Prévention"),
    ]
    action = Action.objects.get(axis__contract=contract, axis__number=1, number="1.1")
    assert action.title == "Pôles ressources santé"
    assert action.lead_organisation == network["city"]
    assert set(action.partners.all()) == {network["ars"], network["assoc"]}
    assert action.publics == ["familles", "jeunes"]
    assert list(action.territories.all()) == [network["wazemmes"]]
    assert (action.start, action.planned_end) == (dt.date(2025, 3, 1), dt.date(2026, 12, 31))
    assert action.status == ActionStatus.IN_PROGRESS
    line = action.budget_lines.get()
    assert (line.year, line.funder, line.planned) == (2025, network["ars"], Decimal("80000"))
    tabac = Action.objects.get(axis__number=2, number="1")
    assert tabac.status == ActionStatus.PLANNED and tabac.lead_organisation is None
    assert set(tabac.territories.all()) == {network["moulins"], network["wazemmes"]}
    event = AuditEvent.objects.get(action=AuditAction.PROGRAMME_PLAN_IMPORT)
    assert event.actor is None
    assert event.object_id == str(contract.pk)
    assert event.detail["actions_created"] == 3 and event.detail["axes_created"] == 2


def test_a_file_with_one_bad_row_is_refused_and_nothing_is_written(
    tmp_path: Path, contract: LocalHealthContract
) -> None:
    sheets = good_rows()
    sheets["Axe 2"] += [
        [2, "", 2, "Octobre rose", "Ville de Lille"],
        [2, "", 3, "Dépistage", "Ville de Lille"],
        [2, "", 4, "Vaccination", "Assoc X"],
    ]
    path = write_xlsx(tmp_path / "plan.xlsx", sheets)
    before = counts()
    err = StringIO()

    with pytest.raises(CommandError, match="Nothing was imported: 1 error"):
        call_command(
            "programmes", "import", contract.slug, str(path), stdout=StringIO(), stderr=err
        )

    assert counts() == before
    assert "Axe 2, row 5, column “Pilote”: unknown organisation “Assoc X”" in err.getvalue()


def test_every_error_is_reported_with_its_sheet_row_and_column(
    tmp_path: Path, contract: LocalHealthContract
) -> None:
    rows: list[list[object]] = [
        HEADER,
        [1, "", "1", "Bon", "Ville de Lille", "", "", "", "", "", "01/02/2025"],
        [1, "", "2", "", "", "Inconnue; ARS", "aliens", "Atlantide", "beaucoup", "", "32/13/2025"],
        [1, "", "3", "Dates", "", "", "", "", "", "", "01/06/2025", "01/01/2025", "fini ?"],
        [1, "", "1", "Doublon"],
        ["x", "", "", "Sans numéro"],
    ]
    path = write_xlsx(tmp_path / "plan.xlsx", {"Axe 1": rows})
    before = counts()
    err = StringIO()

    with pytest.raises(CommandError, match="Nothing was imported: 11 errors"):
        call_command(
            "programmes", "import", contract.slug, str(path), stdout=StringIO(), stderr=err
        )

    lines = err.getvalue().splitlines()
    assert lines == [
        "Axe 1, row 3, column “Titre”: a value is required",
        "Axe 1, row 3, column “Partenaires”: unknown organisation “Inconnue”",
        "Axe 1, row 3, column “Territoires”: unknown territory “Atlantide”",
        "Axe 1, row 3, column “Publics”: unknown public “aliens”",
        "Axe 1, row 3, column “Début”: not a date (dd/mm/yyyy)",
        "Axe 1, row 3, column “Budget”: not an amount in euros",
        "Axe 1, row 4, column “Statut”: unknown status “fini ?”",
        "Axe 1, row 4, column “Fin”: the end is before the start",
        "Axe 1, row 5, column “Numéro”: action 1 of axis 1 is also on Axe 1, row 2",
        "Axe 1, row 6, column “Axe”: not an axis number",
        "Axe 1, row 6, column “Numéro”: a value is required",
    ]
    assert counts() == before


def test_a_missing_column_is_an_error_of_the_header(
    tmp_path: Path, contract: LocalHealthContract
) -> None:
    path = write_xlsx(tmp_path / "plan.xlsx", {"Feuille": [["Numéro", "Pilote"], ["1", ""]]})

    report = plan_import(contract, path)

    assert [str(error) for error in report.errors] == [
        "Feuille, row 1, column “Axis”: this column is missing",
        "Feuille, row 1, column “Title”: this column is missing",
    ]


@pytest.mark.parametrize(
    ("delimiter", "encoding"), [(";", "utf-8-sig"), (";", "utf-8"), (",", "utf-8-sig")]
)
def test_a_csv_file_imports(
    tmp_path: Path,
    contract: LocalHealthContract,
    network: dict[str, object],
    delimiter: str,
    encoding: str,
) -> None:
    lines = [
        ["Axe", "Numéro", "Titre", "Pilote", "Budget", "Début", "Fin", "Statut"],
        [
            "1. Accès aux soins",
            "1",
            "Bus santé",
            "Ville de Lille",
            "12 500,50 €",
            "15/01/2026",
            "",
            "",
        ],
        ["3", "1", "Ateliers", "", "", "2026-02-01", "2026-06-30", "Réalisé"],
    ]
    text = "\r\n".join(delimiter.join(f'"{cell}"' for cell in line) for line in lines)
    path = tmp_path / "plan.csv"
    path.write_bytes(text.encode(encoding))

    out, _err = run_import(contract.slug, path)

    assert "actions created: 2" in out
    assert list(contract.axes.values_list("number", "title")) == [
        (1, "Accès aux soins"),
        (3, "Axis 3"),
    ]
    bus = Action.objects.get(axis__number=1, number="1")
    line = bus.budget_lines.get()
    assert (line.year, line.funder, line.planned) == (2026, network["city"], Decimal("12500.50"))
    assert bus.start == dt.date(2026, 1, 15) and bus.planned_end is None
    ateliers = Action.objects.get(axis__number=3)
    assert ateliers.status == ActionStatus.DONE
    assert ateliers.planned_end == dt.date(2026, 6, 30)


def test_errors_of_a_csv_file_name_the_file(tmp_path: Path, contract: LocalHealthContract) -> None:
    path = tmp_path / "fiches.csv"
    path.write_text("Axe;Numéro;Titre;Fin\n1;1;Bus;demain\n", encoding="utf-8")

    report = plan_import(contract, path)

    assert [str(error) for error in report.errors] == [
        "fiches.csv, row 2, column “Fin”: not a date (dd/mm/yyyy)"
    ]


def test_dry_run_reports_and_writes_nothing(tmp_path: Path, contract: LocalHealthContract) -> None:
    path = write_xlsx(tmp_path / "plan.xlsx", good_rows())
    before = counts()

    out, _err = run_import(contract.slug, path, "--dry-run")

    assert counts() == before
    assert "Dry run: nothing was written." in out
    assert "Axes created: 2; actions created: 3, updated: 0" in out


def test_dry_run_still_refuses_a_bad_file(tmp_path: Path, contract: LocalHealthContract) -> None:
    path = write_xlsx(tmp_path / "plan.xlsx", {"Axe 1": [HEADER, [1, "", 1, "T", "Assoc X"]]})

    with pytest.raises(CommandError):
        run_import(contract.slug, path, "--dry-run")


def test_dirty_values_are_repaired(
    tmp_path: Path, contract: LocalHealthContract, network: dict[str, object]
) -> None:
    rows: list[list[object]] = [
        ["  AXE ", " titre  de l’axe", "N°", "TITRE", "pilote\u00a0", "Partenaires", "Public"],
        [
            " 1 ",
            "\u00a0Accès ",
            " 1.1 ",
            "  Pôles   ressources\u00a0santé ",
            "  ville  de   LILLE ",
        ],
        ["", "", "", "", "", "", ""],
        [1, "", "1.2", "Suite", "", "ARS\nVille de Lille ;", "Familles ; seniors"],
    ]
    path = write_xlsx(tmp_path / "plan.xlsx", {"Plan": rows})
    bus_rows: list[list[object]] = [
        ["Axe", "Numéro", "Titre", "Pilote", "Budget", "Début"],
        [1, "1.3", "Bus", "Ville de Lille", "80 000 €", "01/09/2025 "],
    ]
    write_xlsx(tmp_path / "budget.xlsx", {"Plan": bus_rows})

    report = plan_import(contract, path)
    budget = plan_import(contract, tmp_path / "budget.xlsx")

    assert report.ok and budget.ok, report.errors + budget.errors
    axis = contract.axes.get()
    assert axis.title == "Accès"
    first = axis.actions.get(number="1.1")
    assert first.title == "Pôles ressources santé"
    assert first.lead_organisation == network["city"]
    second = axis.actions.get(number="1.2")
    assert set(second.partners.all()) == {network["ars"], network["city"]}
    assert second.publics == ["familles", "seniors"]
    bus = axis.actions.get(number="1.3")
    assert bus.start == dt.date(2025, 9, 1)
    line = bus.budget_lines.get()
    assert (line.planned, line.year) == (Decimal("80000.00"), 2025)


def test_amounts_and_dates_in_their_usual_spellings() -> None:
    from maillage.programmes.plan_io import _parse_amount, _parse_date

    assert _parse_amount("80 000,50") == Decimal("80000.50")
    assert _parse_amount("80\u202f000 €") == Decimal("80000")
    assert _parse_amount("80.000,50 EUR") == Decimal("80000.50")
    assert _parse_amount("1,234.5") == Decimal("1234.50")
    assert _parse_amount(1500.255) == Decimal("1500.26")
    assert _parse_date("5/3/2026") == dt.date(2026, 3, 5)
    assert _parse_date("2026-03-05 00:00:00") == dt.date(2026, 3, 5)
    assert _parse_date(46086) == dt.date(2026, 3, 5)  # a day number that lost its date format


def test_english_headers_and_the_axis_from_the_sheet_name(
    tmp_path: Path, contract: LocalHealthContract, network: dict[str, object]
) -> None:
    rows: list[list[object]] = [
        ["Number", "Title", "Lead", "Territories", "Start", "End", "Status"],
        [1, "Mobile unit", "ARS", "wazemmes", "2026-01-01", "2026-12-31", "in_progress"],
    ]
    path = write_xlsx(tmp_path / "plan.xlsx", {"Axe 4": rows})

    report = plan_import(contract, path)

    assert report.ok, report.errors
    action = Action.objects.get(axis__contract=contract, axis__number=4, number="1")
    assert action.lead_organisation == network["ars"]
    assert action.status == ActionStatus.IN_PROGRESS
    assert contract.axes.get().title == "Axis 4"


def test_an_existing_action_is_updated_and_the_others_left_alone(
    tmp_path: Path, contract: LocalHealthContract, network: dict[str, object]
) -> None:
    axis = Axis.objects.create(contract=contract, number=1, title="Accès")
    kept = Action.objects.create(axis=axis, number="1.1", title="Ancien titre", objectives="O")
    other = Action.objects.create(axis=axis, number="9", title="Hors fichier")
    rows = [
        ["Axe", "Titre de l'axe", "Numéro", "Titre"],
        [1, "Autre titre", "1.1", "Nouveau titre"],
    ]
    path = write_xlsx(tmp_path / "plan.xlsx", {"Axe 1": rows})

    out, _err = run_import(contract.slug, path)

    assert "Axes created: 0; actions created: 0, updated: 1, unchanged: 0" in out
    kept.refresh_from_db()
    assert (kept.pk, kept.title, kept.objectives) == (kept.pk, "Nouveau titre", "O")
    assert Action.objects.get(pk=other.pk).title == "Hors fichier"
    assert Axis.objects.get(pk=axis.pk).title == "Accès"  # the axis title names a new axis only
    out, _err = run_import(contract.slug, path)
    assert "updated: 0, unchanged: 1" in out


def test_a_budget_split_between_funders_is_not_overwritten(
    tmp_path: Path, contract: LocalHealthContract, network: dict[str, object]
) -> None:
    axis = Axis.objects.create(contract=contract, number=1, title="Accès")
    action = Action.objects.create(axis=axis, number="1", title="Bus")
    for funder, amount in ((network["ars"], 1000), (network["city"], 500)):
        BudgetLine.objects.create(action=action, year=2025, funder=funder, planned=amount)
    header = ["Axe", "Numéro", "Titre", "Budget", "Financeur"]
    same = [1, "1", "Bus", "1 500", "ARS Hauts-de-France; Ville de Lille"]
    changed = [1, "1", "Bus", 2000]
    write_xlsx(tmp_path / "same.xlsx", {"Axe 1": [header, same]})
    write_xlsx(tmp_path / "changed.xlsx", {"Axe 1": [header, changed]})

    assert plan_import(contract, tmp_path / "same.xlsx").budget_lines_set == 0
    report = plan_import(contract, tmp_path / "changed.xlsx")

    assert [str(error) for error in report.errors] == [
        "Axe 1, row 2, column “Budget”: this action's budget is split between several lines"
    ]
    assert sorted(action.budget_lines.values_list("planned", flat=True)) == [500, 1000]


def test_a_single_budget_line_is_updated_in_place(
    tmp_path: Path, contract: LocalHealthContract, network: dict[str, object]
) -> None:
    axis = Axis.objects.create(contract=contract, number=1, title="Accès")
    action = Action.objects.create(axis=axis, number="1", title="Bus")
    line = BudgetLine.objects.create(
        action=action, year=2024, funder=network["ars"], planned=1000, committed=800
    )
    rows = [["Axe", "Numéro", "Titre", "Budget"], [1, 1, "Bus", 1200]]

    report = plan_import(contract, write_xlsx(tmp_path / "plan.xlsx", {"Axe 1": rows}))

    assert report.ok and report.actions_updated == 1 and report.budget_lines_set == 1
    line.refresh_from_db()
    assert (line.year, line.funder, line.planned, line.committed) == (
        2024,
        network["ars"],
        Decimal("1200.00"),
        Decimal("800.00"),
    )


def test_an_unknown_contract_is_a_clear_error(
    tmp_path: Path, contract: LocalHealthContract
) -> None:
    path = write_xlsx(tmp_path / "plan.xlsx", good_rows())

    with pytest.raises(
        CommandError, match="No contract has the slug “nope”. Known contracts: cls-lille."
    ):
        run_import("nope", path)


def test_an_unreadable_file_is_a_clear_error(tmp_path: Path, contract: LocalHealthContract) -> None:
    broken = tmp_path / "plan.xlsx"
    broken.write_bytes(b"not a spreadsheet")
    other = tmp_path / "plan.ods"
    other.write_bytes(b"")

    with pytest.raises(CommandError, match="cannot read the spreadsheet"):
        run_import(contract.slug, broken)
    with pytest.raises(CommandError, match="unsupported file type “.ods”"):
        run_import(contract.slug, other)
    with pytest.raises(CommandError, match="No such file"):
        run_import(contract.slug, tmp_path / "missing.xlsx")


def test_a_file_without_actions_says_so(tmp_path: Path, contract: LocalHealthContract) -> None:
    path = write_xlsx(tmp_path / "plan.xlsx", {"Notes": [["Lisez-moi"], ["Rien ici"]]})

    out, err = run_import(contract.slug, path)

    assert "Notes: column “Lisez-moi” ignored" in err
    assert "Notes: no known column, sheet skipped" in err
    assert "plan.xlsx: no action found" in err
    assert "actions created: 0" in out
