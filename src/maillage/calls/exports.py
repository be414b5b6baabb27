"""The grants of a call as files: the council's deliberation (CSV for a French spreadsheet, XLSX)
and the open-data publication following the SCDL « subventions » schema (v2.1.0: its sixteen
columns in its order, comma-separated UTF-8, ISO 8601 dates, dot decimals, its vocabularies).

Each takes `selectors.grants_of(call=...)`: only the grants, with their granted amounts; a
refused, pending or withdrawn application has no grant and is never listed.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from maillage.calls.models import Grant

EURO_FORMAT = '#,##0.00 "€"'
DELIBERATION_WIDTHS = (40, 16, 50, 14, 40)

SCDL_COLUMNS = (
    "nomAttribuant",
    "idAttribuant",
    "dateConvention",
    "referenceDecision",
    "nomBeneficiaire",
    "idBeneficiaire",
    "rnaBeneficiaire",
    "objet",
    "montant",
    "nature",
    "conditionsVersement",
    "datesPeriodeVersement",
    "idRAE",
    "notificationUE",
    "pourcentageSubvention",
    "dispositifAide",
)


# The council deliberates in French: the headers are the deliberation's, whatever the language.
DELIBERATION_HEADERS = ("Association", "SIRET", "Projet", "Montant (€)", "Appel à projets")


def _siret(grant: Grant) -> str:
    application = grant.application
    return application.siret or application.organisation.siret


def _deliberation_row(grant: Grant) -> tuple[str, str, str, Decimal, str]:
    application = grant.application
    return (
        application.organisation.name,
        _siret(grant),
        application.title,
        grant.amount,
        application.call.title,
    )


def _safe(text: str) -> str:
    """A cell a spreadsheet would read as a formula is kept as text."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@") else text


def _decimal_comma(amount: Decimal) -> str:
    return f"{amount.quantize(Decimal('0.01'))}".replace(".", ",")


def grants_csv(grants: Iterable[Grant]) -> bytes:
    """The deliberation's table for a French spreadsheet: UTF-8 with BOM, `;`, decimal comma."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(DELIBERATION_HEADERS)
    for grant in grants:
        name, siret, title, amount, call = _deliberation_row(grant)
        writer.writerow([_safe(name), siret, _safe(title), _decimal_comma(amount), _safe(call)])
    return buffer.getvalue().encode("utf-8-sig")


def grants_xlsx(grants: Iterable[Grant]) -> bytes:
    """The same table as a workbook: amounts are numbers in euros, text never a formula."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet: Any = workbook.active
    sheet.title = "Subventions"
    columns = zip(DELIBERATION_HEADERS, DELIBERATION_WIDTHS, strict=True)
    for index, (header, width) in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=index, value=header)
        cell.font = Font(bold=True)
        sheet.column_dimensions[get_column_letter(index)].width = width
    for row, grant in enumerate(grants, start=2):
        name, siret, title, amount, call = _deliberation_row(grant)
        for index, text in ((1, name), (2, siret), (3, title), (5, call)):
            if text:
                cell = sheet.cell(row=row, column=index, value=ILLEGAL_CHARACTERS_RE.sub("", text))
                cell.data_type = "s"
        cell = sheet.cell(row=row, column=4, value=amount)
        cell.number_format = EURO_FORMAT
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _payment_period(grant: Grant) -> str:
    """One date for a single payment, else `start/end` of the tranches' due dates (ISO 8601)."""
    dates = sorted(t.due_on for t in grant.tranches.all() if t.due_on is not None)
    if not dates:
        return grant.decided_on.isoformat()
    if len(dates) == 1:
        return dates[0].isoformat()
    return f"{dates[0].isoformat()}/{dates[-1].isoformat()}"


def scdl_row(grant: Grant) -> dict[str, str]:
    application = grant.application
    funder = application.call.funder
    tranches = list(grant.tranches.all())
    signed = grant.convention_signed_on or grant.decided_on
    return {
        "nomAttribuant": funder.name,
        "idAttribuant": funder.siret,
        "dateConvention": signed.isoformat(),
        "referenceDecision": grant.decision_reference,
        "nomBeneficiaire": application.organisation.name,
        "idBeneficiaire": _siret(grant),
        "rnaBeneficiaire": application.rna,
        "objet": application.title[:256],
        "montant": f"{grant.amount.quantize(Decimal('0.01'))}",
        "nature": "aide en numéraire",
        "conditionsVersement": "échelonné" if len(tranches) > 1 else "unique",
        "datesPeriodeVersement": _payment_period(grant),
        "idRAE": "",
        "notificationUE": "non",
        "pourcentageSubvention": "1.00",  # one beneficiary per grant: it receives all of it
        "dispositifAide": "",
    }


def scdl_csv(grants: Iterable[Grant]) -> bytes:
    """The SCDL « subventions » file: comma-separated UTF-8, ISO dates, dot decimals."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=SCDL_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for grant in grants:
        writer.writerow(scdl_row(grant))
    return buffer.getvalue().encode("utf-8")
