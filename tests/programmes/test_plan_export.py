"""The action plan exported: the spreadsheet (and its round trip through the import), the PDF."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from io import BytesIO
from pathlib import Path

import pytest
from openpyxl import load_workbook

from maillage.network.models import Organisation, Territory
from maillage.programmes.models import (
    Action,
    ActionStatus,
    Axis,
    BudgetLine,
    LocalHealthContract,
)
from maillage.programmes.plan_io import COLUMNS, plan_import, plan_pdf, plan_xlsx
from tests.factories import make_organisation, make_territory

pytestmark = pytest.mark.django_db


@pytest.fixture
def network() -> dict[str, Organisation | Territory]:
    return {
        "city": make_organisation("Ville de Lille", city="Lille"),
        "ars": make_organisation("ARS Hauts-de-France"),
        "assoc": make_organisation("Association Santé Solidarité"),
        "ccas_lille": make_organisation("CCAS", city="Lille"),
        "ccas_roubaix": make_organisation("CCAS", city="Roubaix"),
        "wazemmes": make_territory("Wazemmes", kind="quartier"),
        "moulins": make_territory("Moulins", kind="quartier"),
    }


def make_contract(slug: str) -> LocalHealthContract:
    return LocalHealthContract.objects.create(
        slug=slug, title=f"CLS {slug}", territory=make_territory(), start=dt.date(2025, 1, 1)
    )


@pytest.fixture
def contract(network: dict[str, object]) -> LocalHealthContract:
    contract = make_contract("cls-a")
    access = Axis.objects.create(contract=contract, number=1, title="Accès aux droits et aux soins")
    prevention = Axis.objects.create(contract=contract, number=2, title="Prévention")
    bus = Action.objects.create(
        axis=access,
        number="1",
        title="Bus santé",
        lead_organisation=network["city"],
        publics=["familles", "seniors"],
        start=dt.date(2025, 3, 1),
        planned_end=dt.date(2026, 12, 31),
        status=ActionStatus.IN_PROGRESS,
    )
    bus.partners.set([network["ars"], network["ccas_roubaix"]])
    bus.territories.set([network["wazemmes"], network["moulins"]])
    BudgetLine.objects.create(action=bus, year=2025, funder=network["ars"], planned=80000.5)
    Action.objects.create(axis=access, number="10", title="=SUM(A1:A2) pas une formule")
    Action.objects.create(axis=access, number="2", title="Médiation", status=ActionStatus.DONE)
    tabac = Action.objects.create(
        axis=prevention, number="1.1", title="Mois sans tabac", lead_organisation=network["assoc"]
    )
    BudgetLine.objects.create(action=tabac, year=2025, funder=network["assoc"], planned=1200)
    return contract


def sheet_values(content: bytes) -> dict[str, list[tuple[object, ...]]]:
    book = load_workbook(BytesIO(content))
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets}


def test_one_sheet_per_axis_with_a_header_and_one_row_per_action(
    contract: LocalHealthContract,
) -> None:
    book = load_workbook(BytesIO(plan_xlsx(contract)))

    assert book.sheetnames == ["Axis 1", "Axis 2"]
    sheet = book["Axis 1"]
    assert [cell.value for cell in sheet[1]] == [str(column.label) for column in COLUMNS]
    assert sheet.freeze_panes == "A2"
    assert [row[2] for row in sheet.iter_rows(min_row=2, values_only=True)] == [1, 2, 10]
    assert sheet.column_dimensions["D"].width == 45


def test_numbers_are_numbers_and_dates_are_dates(contract: LocalHealthContract) -> None:
    sheet = load_workbook(BytesIO(plan_xlsx(contract)))["Axis 1"]
    header = [cell.value for cell in sheet[1]]
    bus = {header[index]: cell for index, cell in enumerate(sheet[2])}

    assert (bus["Axis"].data_type, bus["Axis"].value) == ("n", 1)
    assert (bus["Budget"].data_type, bus["Budget"].value) == ("n", 80000.5)
    assert "€" in bus["Budget"].number_format and "0.00" in bus["Budget"].number_format
    assert bus["Start"].data_type == "d" and bus["Start"].number_format == "DD/MM/YYYY"
    assert bus["Start"].value == dt.datetime(2025, 3, 1)
    assert bus["End"].value == dt.datetime(2026, 12, 31)
    assert bus["Lead"].value == "Ville de Lille"
    assert bus["Partners"].value == "ARS Hauts-de-France; CCAS (Roubaix)"
    assert bus["Publics"].value == "Familles; Séniors"
    assert bus["Territories"].value == "Moulins; Wazemmes"
    assert bus["Funder"].value == "ARS Hauts-de-France"
    assert bus["Status"].value == "In progress"


def test_a_title_like_a_formula_stays_text(contract: LocalHealthContract) -> None:
    sheet = load_workbook(BytesIO(plan_xlsx(contract)))["Axis 1"]
    cell = sheet.cell(row=4, column=4)

    assert cell.value == "=SUM(A1:A2) pas une formule"
    assert cell.data_type == "s"


def test_a_contract_without_axes_gives_a_header_only_sheet() -> None:
    book = load_workbook(BytesIO(plan_xlsx(make_contract("empty"))))

    assert [list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets] == [
        [tuple(str(column.label) for column in COLUMNS)]
    ]


def test_the_export_imported_into_another_contract_gives_the_same_plan(
    tmp_path: Path, contract: LocalHealthContract
) -> None:
    exported = plan_xlsx(contract)
    path = tmp_path / "plan.xlsx"
    path.write_bytes(exported)
    other = make_contract("cls-b")

    report = plan_import(other, path)

    assert report.ok, [str(error) for error in report.errors]
    assert (report.axes_created, report.actions_created) == (2, 4)
    assert sheet_values(plan_xlsx(other)) == sheet_values(exported)
    assert list(other.axes.values_list("number", "title")) == list(
        contract.axes.values_list("number", "title")
    )
    copy = Action.objects.get(axis__contract=other, number="1")
    assert copy.budget_lines.get().planned == Decimal("80000.50")
    again = plan_import(other, path)
    assert (again.actions_created, again.actions_updated, again.actions_unchanged) == (0, 0, 4)


def test_the_pdf_is_a_pdf(contract: LocalHealthContract) -> None:
    content = plan_pdf(contract)

    assert content.startswith(b"%PDF")
    assert plan_pdf(make_contract("empty")).startswith(b"%PDF")


def test_the_printed_plan_lists_every_action(
    contract: LocalHealthContract, monkeypatch: pytest.MonkeyPatch
) -> None:
    from maillage.programmes import plan_io

    pages: list[str] = []
    monkeypatch.setattr(plan_io, "render_pdf", lambda html: pages.append(html) or b"%PDF")

    plan_pdf(contract)

    for text in ("Bus santé", "Mois sans tabac", "Médiation", "Familles; Séniors", "Wazemmes"):
        assert text in pages[0]
    assert "80,000.50" in pages[0] and "01/03/2025" in pages[0]


@pytest.mark.french
def test_the_round_trip_holds_in_the_french_interface(
    tmp_path: Path, contract: LocalHealthContract
) -> None:
    exported = plan_xlsx(contract)
    path = tmp_path / "plan.xlsx"
    path.write_bytes(exported)
    other = make_contract("cls-b")

    report = plan_import(other, path)

    assert report.ok, [str(error) for error in report.errors]
    assert sheet_values(plan_xlsx(other)) == sheet_values(exported)
    done = Action.objects.get(axis__contract=other, number="2")
    assert done.status == ActionStatus.DONE
