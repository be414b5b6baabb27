"""Every table of an edition as CSV, XLSX and ODS, and the open-data file of published figures.

Spreadsheets hold numbers as numbers; a hidden cell is empty with its status beside it, so a
French spreadsheet opens the counts as numbers and says why a cell is empty.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from typing import Any

from django.utils.translation import gettext as _

from maillage.reports.models import Report

STATUS_WORDS = {
    "published": "publié",
    "primary": "secret statistique (moins de 5)",
    "secondary": "secret statistique (protège une autre case)",
    "missing": "sans objet",
}


def header() -> list[str]:
    return [
        _("table"),
        _("row"),
        _("column"),
        _("year"),
        _("value"),
        _("status"),
        _("previous year"),
        _("value previous year"),
        _("status previous year"),
    ]


def rows(report: Report) -> Iterator[list[Any]]:
    """One line per cell of every table: the year's value and last year's."""
    content = report.content or {}
    year = content.get("year", report.year)
    for block in content.get("blocks", []):
        for row in block["rows"]:
            for column, cell in zip(block["columns"], row["cells"], strict=True):
                value, status = cell[0], cell[1]
                before, before_status = (cell[2], cell[3]) if len(cell) > 2 else (None, "missing")
                yield [
                    block["title"],
                    row["label"],
                    column["label"],
                    year,
                    value,
                    STATUS_WORDS.get(status, status),
                    year - 1,
                    before,
                    STATUS_WORDS.get(before_status, before_status),
                ]


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(lines: Iterable[list[Any]], head: list[str]) -> Iterator[str]:
    """Semicolon-separated UTF-8 with a BOM (what a French spreadsheet expects), streamed;
    decimals with a comma so they open as numbers."""
    writer = csv.writer(_Echo(), delimiter=";")
    yield "\ufeff" + writer.writerow(head)
    for line in lines:
        yield writer.writerow(["" if v is None else _french_number(v) for v in line])


def _french_number(value: Any) -> Any:
    if isinstance(value, float):
        return f"{value:.2f}".replace(".", ",") if not value.is_integer() else int(value)
    return value


def xlsx_bytes(report: Report) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Tables"))
    sheet.append(header())
    for line in rows(report):
        sheet.append(line)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def ods_bytes(report: Report) -> bytes:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    document = OpenDocumentSpreadsheet()
    table = Table(name=_("Tables"))
    for line in [header(), *rows(report)]:
        row = TableRow()
        for value in line:
            row.addElement(_ods_cell(value, TableCell, P))
        table.addElement(row)
    document.spreadsheet.addElement(table)
    out = io.BytesIO()
    document.write(out)
    return out.getvalue()


def _ods_cell(value: Any, cell_type: Any, paragraph: Any) -> Any:
    if value is None:
        return cell_type()
    if isinstance(value, int | float) and not isinstance(value, bool):
        cell = cell_type(valuetype="float", value=value)
    else:
        cell = cell_type(valuetype="string")
    cell.addElement(paragraph(text=str(value)))
    return cell


OPEN_DATA_COLUMNS = [
    ("rapport", "Titre de l’édition publiée du rapport"),
    ("edition", "Numéro de l’édition (une édition plus récente remplace la précédente)"),
    ("publie_le", "Date de publication (AAAA-MM-JJ, heure de Paris)"),
    ("annee", "Année que couvrent les chiffres"),
    ("tableau", "Titre du tableau"),
    ("ligne", "Ligne du tableau (pôle, quartier, thème…)"),
    ("colonne", "Colonne du tableau (mesure)"),
    ("valeur", "Valeur entière ; vide quand elle relève du secret statistique"),
    ("statut", "publié, ou la raison du secret statistique"),
]


def open_data_lines(reports: Iterable[Report]) -> Iterator[list[Any]]:
    for report in reports:
        published = report.published_at.date().isoformat() if report.published_at else ""
        for line in rows(report):
            yield [report.title, report.edition, published, line[3], *line[:3], line[4], line[5]]


def data_dictionary() -> str:
    lines = ["colonne;description"] + [f"{name};{text}" for name, text in OPEN_DATA_COLUMNS]
    return "\ufeff" + "\r\n".join(lines) + "\r\n"
