"""The grants as files: the deliberation (CSV, XLSX) and the SCDL open-data publication list
exactly the granted amounts, and nothing of the refused or pending applications."""

import csv
import datetime as dt
import io
import re
from decimal import Decimal

import pytest

from maillage.calls import exports, selectors, services
from maillage.calls.models import Application, Grant
from maillage.core.models import Role
from tests.calls.factories import CLOSES, CallSetup, make_call_setup, make_complete_application
from tests.factories import make_organisation, make_user

pytestmark = pytest.mark.django_db
BEFORE = CLOSES - dt.timedelta(hours=1)
SIRET = "73282932000074"


def _submitted(setup: CallSetup, requested: int, name: str) -> Application:
    application = make_complete_application(setup, requested=requested)
    application.organisation = make_organisation(name, kind="association")
    application.title = f"Projet {name}"
    application.siret = SIRET
    applicant = make_user(role=Role.ASSOCIATION_STAFF, organisation=application.organisation)
    application.created_by = applicant
    application.save()
    services.application_submit(actor=applicant, application=application, now=BEFORE)
    return application


@pytest.fixture
def granted() -> tuple[CallSetup, list[Grant]]:
    setup = make_call_setup()
    setup.funder.siret = "21590350100017"
    setup.funder.save()
    first = _submitted(setup, 20_000, "Association Alpha")
    second = _submitted(setup, 12_500, "Association Bêta")
    refused = _submitted(setup, 9_000, "Association Gamma")
    _submitted(setup, 7_000, "Association Delta")  # pending: no decision yet
    grants = [
        services.grant_decide(
            actor=setup.coordinator, application=first, amount=Decimal("15000.50"),
            reference="DL-2018-001",
        ),
        services.grant_decide(
            actor=setup.coordinator, application=second, amount=Decimal(12_500),
            reference="DL-2018-001",
        ),
    ]  # fmt: skip
    services.application_transition(
        actor=setup.coordinator, application=refused, event="refuse", reason="Hors critères."
    )
    return setup, grants


def _rows(data: bytes, delimiter: str, encoding: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode(encoding)), delimiter=delimiter))


def test_the_deliberation_csv_opens_in_a_french_spreadsheet(granted) -> None:  # type: ignore[no-untyped-def]
    setup, _ = granted
    data = exports.grants_csv(selectors.grants_of(call=setup.call))
    assert data.startswith(b"\xef\xbb\xbf")
    rows = _rows(data, ";", "utf-8-sig")
    assert rows[0] == ["Association", "SIRET", "Projet", "Montant (€)", "Appel à projets"]
    assert rows[1:] == [
        ["Association Alpha", SIRET, "Projet Association Alpha", "15000,50", setup.call.title],
        ["Association Bêta", SIRET, "Projet Association Bêta", "12500,00", setup.call.title],
    ]


def test_the_deliberation_workbook_has_numeric_euro_amounts(granted) -> None:  # type: ignore[no-untyped-def]
    from openpyxl import load_workbook

    setup, _ = granted
    data = exports.grants_xlsx(selectors.grants_of(call=setup.call))
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet is not None
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0] == ["Association", "SIRET", "Projet", "Montant (€)", "Appel à projets"]
    assert [row[0] for row in values[1:]] == ["Association Alpha", "Association Bêta"]
    amounts = [sheet.cell(row=r, column=4) for r in (2, 3)]
    assert [cell.value for cell in amounts] == [15000.5, 12500]
    assert all(cell.data_type == "n" and "€" in cell.number_format for cell in amounts)
    assert sheet.cell(row=2, column=2).data_type == "s"  # the SIRET keeps its digits as text


def test_the_scdl_file_follows_the_schema(granted) -> None:  # type: ignore[no-untyped-def]
    setup, grants = granted
    data = exports.scdl_csv(selectors.grants_of(call=setup.call))
    rows = _rows(data, ",", "utf-8")
    assert rows[0] == [
        "nomAttribuant", "idAttribuant", "dateConvention", "referenceDecision",
        "nomBeneficiaire", "idBeneficiaire", "rnaBeneficiaire", "objet", "montant", "nature",
        "conditionsVersement", "datesPeriodeVersement", "idRAE", "notificationUE",
        "pourcentageSubvention", "dispositifAide",
    ]  # fmt: skip
    assert len(rows) == 3
    first = dict(zip(rows[0], rows[1], strict=True))
    tranches = list(grants[0].tranches.order_by("due_on"))
    assert first == {
        "nomAttribuant": "Ville de Lille — Service Santé",
        "idAttribuant": "21590350100017",
        "dateConvention": grants[0].decided_on.isoformat(),
        "referenceDecision": "DL-2018-001",
        "nomBeneficiaire": "Association Alpha",
        "idBeneficiaire": SIRET,
        "rnaBeneficiaire": "",
        "objet": "Projet Association Alpha",
        "montant": "15000.50",
        "nature": "aide en numéraire",
        "conditionsVersement": "échelonné",
        "datesPeriodeVersement": f"{tranches[0].due_on:%Y-%m-%d}/{tranches[-1].due_on:%Y-%m-%d}",
        "idRAE": "",
        "notificationUE": "non",
        "pourcentageSubvention": "1.00",
        "dispositifAide": "",
    }
    assert [row[8] for row in rows[1:]] == ["15000.50", "12500.00"]


def test_the_convention_date_is_the_signature_when_signed(granted) -> None:  # type: ignore[no-untyped-def]
    setup, grants = granted
    Grant.objects.filter(pk=grants[1].pk).update(convention_signed_on=dt.date(2018, 3, 2))
    rows = _rows(exports.scdl_csv(selectors.grants_of(call=setup.call)), ",", "utf-8")
    assert rows[2][2] == "2018-03-02"


def test_a_call_without_grants_exports_only_headers() -> None:
    setup = make_call_setup()
    make_complete_application(setup)
    assert (
        len(_rows(exports.grants_csv(selectors.grants_of(call=setup.call)), ";", "utf-8-sig")) == 1
    )
    assert len(_rows(exports.scdl_csv(selectors.grants_of(call=setup.call)), ",", "utf-8")) == 1


def test_the_convention_and_the_letter_are_french_a4_documents(granted) -> None:  # type: ignore[no-untyped-def]
    from django.template.loader import render_to_string
    from django.utils import timezone

    from maillage.calls import documents

    _, grants = granted
    grant = grants[0]
    context = {"grant": grant, "application": grant.application, "call": grant.application.call,
               "tranches": list(grant.tranches.all()), "today": timezone.localdate()}  # fmt: skip
    html = render_to_string("calls/print/convention.html", context)
    assert re.search(r"grants the beneficiary 15.000.50 €", html)  # grouped, in the locale
    assert "Association Alpha" in html and "Ville de Lille — Service Santé" in html
    assert html.count("<tr>") >= 3  # the parties, the two tranches
    assert documents.convention_pdf(grant).startswith(b"%PDF")
    assert documents.decision_letter_pdf(grant.application).startswith(b"%PDF")
