"""The action plan as a file: the spreadsheet (one sheet per axis, one row per action) and the
PDF that print a contract's plan, and the import that reads such a spreadsheet, or a CSV file,
back into a contract.

The import is all or nothing: every row is read and checked first, and the file is written
only when no row has an error. An action is known by its axis number and its action number:
one already in the contract is updated, the others are created, and actions missing from the
file are left alone. A column missing from the file leaves its field alone; an empty cell in a
column that is there clears the field (but an empty status keeps the status, and an empty
budget keeps the budget lines).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
import zipfile
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.db import models, transaction
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from maillage.core.audit import AuditAction
from maillage.core.services import audit_record
from maillage.directory.vocabulary import PUBLICS
from maillage.meetings.pdf import render_pdf
from maillage.network.models import Organisation, Territory
from maillage.programmes.models import (
    Action,
    ActionStatus,
    Axis,
    BudgetLine,
    LocalHealthContract,
)
from maillage.programmes.services import ActionData, InvalidChange

# --- the columns ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """One column of the plan file: the header the export writes (in the interface's language)
    and the other headers the import accepts, French and English."""

    key: str
    label: Any  # a lazy translation
    names: tuple[str, ...]
    width: int


COLUMNS: tuple[Column, ...] = (
    Column(
        "axis",
        pgettext_lazy("plan column", "Axis"),
        ("axe", "axis", "n° axe", "numéro de l'axe"),
        8,
    ),
    Column(
        "axis_title",
        pgettext_lazy("plan column", "Axis title"),
        ("titre de l'axe", "intitulé de l'axe", "axis title"),
        30,
    ),
    Column(
        "number",
        pgettext_lazy("plan column", "Number"),
        ("numéro", "n°", "no", "num", "number"),
        10,
    ),
    Column("title", pgettext_lazy("plan column", "Title"), ("titre", "intitulé", "title"), 45),
    Column("lead", pgettext_lazy("plan column", "Lead"), ("pilote", "porteur", "lead"), 28),
    Column("partners", pgettext_lazy("plan column", "Partners"), ("partenaires", "partners"), 35),
    Column(
        "publics",
        pgettext_lazy("plan column", "Publics"),
        ("publics", "public", "publics cibles", "public cible", "target publics"),
        28,
    ),
    Column(
        "territories",
        pgettext_lazy("plan column", "Territories"),
        ("territoires", "territories"),
        24,
    ),
    Column(
        "budget",
        pgettext_lazy("plan column", "Budget"),
        ("budget", "budget prévisionnel", "montant", "planned budget"),
        14,
    ),
    Column(
        "funder", pgettext_lazy("plan column", "Funder"), ("financeur", "financeurs", "funder"), 24
    ),
    Column("start", pgettext_lazy("plan column", "Start"), ("début", "date de début", "start"), 12),
    Column(
        "end",
        pgettext_lazy("plan column", "End"),
        ("fin", "date de fin", "fin prévue", "end", "planned end"),
        12,
    ),
    Column("status", pgettext_lazy("plan column", "Status"), ("statut", "état", "status"), 14),
)
COLUMN_BY_KEY = {column.key: column for column in COLUMNS}
REQUIRED = ("number", "title")
TEXT_COLUMNS = {"axis_title", "title", "lead", "partners", "publics", "territories", "funder"}

EURO_FORMAT = '#,##0.00 "€"'
DATE_FORMAT = "DD/MM/YYYY"
MAX_AMOUNT = Decimal("10000000000")  # BudgetLine: 12 digits, 2 of them decimals
SPACES = re.compile(r"[ \t\u00a0\u2007\u2009\u202f]+")
APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'"})


def _key(text: str) -> str:
    """A header or a label as compared: no accents, no case, letters and digits only."""
    folded = unicodedata.normalize("NFKD", text.translate(APOSTROPHES))
    plain = "".join(char for char in folded if not unicodedata.combining(char))
    return re.sub(r"[^0-9a-z]", "", plain.casefold())


def _name_key(text: str) -> str:
    """A name as compared: no case, single spaces."""
    text = unicodedata.normalize("NFC", text.translate(APOSTROPHES))
    return " ".join(SPACES.sub(" ", text).split()).casefold()


def axis_sheet_title(number: int) -> str:
    """The name of an axis's sheet, and the title of an axis created without one."""
    return _("Axis %(number)s") % {"number": number}


# --- names of organisations and territories ---------------------------------------------------


class _Refused(Exception):
    """A cell's value refused; the messages say why."""

    def __init__(self, *messages: str) -> None:
        super().__init__(*messages)
        self.messages = messages


class _Names[M: models.Model]:
    """Model instances by name, whatever the case and the spaces; a name shared by several is
    told apart by a qualifier in brackets, as the export writes it: “CCAS (Roubaix)”."""

    def __init__(
        self,
        items: Iterable[M],
        *,
        name: Callable[[M], str],
        qualifier: Callable[[M], str],
        other_names: Callable[[M], Sequence[str]] = lambda item: (),
        messages: tuple[str, str],
    ) -> None:
        self.name, self.qualifier, self.messages = name, qualifier, messages
        self.by_name: dict[str, list[M]] = defaultdict(list)
        self.by_other: dict[str, list[M]] = defaultdict(list)
        for item in items:
            self.by_name[_name_key(name(item))].append(item)
            if qualifier(item):
                self.by_other[_name_key(self.qualified(item))].append(item)
            for other in other_names(item):
                if other.strip():
                    self.by_other[_name_key(other)].append(item)

    def qualified(self, item: M) -> str:
        return f"{self.name(item)} ({self.qualifier(item)})"

    def label(self, item: M) -> str:
        """The name the export writes: the name, with its qualifier when it is shared."""
        shared = len(self.by_name.get(_name_key(self.name(item)), ())) > 1
        return self.qualified(item) if shared and self.qualifier(item) else self.name(item)

    def find(self, value: object) -> M:
        text = _one_line(value)
        key = _name_key(text)
        found = self.by_name.get(key) or self.by_other.get(key) or []
        if len(found) == 1:
            return found[0]
        unknown, shared = self.messages
        raise _Refused((shared if found else unknown) % {"name": text})

    def find_all(self, value: object) -> list[M]:
        found: list[M] = []
        refused: list[str] = []
        for text in _split(value):
            try:
                item = self.find(text)
            except _Refused as refusal:
                refused.extend(refusal.messages)
                continue
            if item not in found:
                found.append(item)
        if refused:
            raise _Refused(*refused)
        return found


def _organisation_names() -> _Names[Organisation]:
    return _Names(
        Organisation.objects.all(),
        name=lambda organisation: organisation.name,
        qualifier=lambda organisation: organisation.city,
        other_names=lambda organisation: (organisation.short_name,),
        messages=(
            _("unknown organisation “%(name)s”"),
            _("several organisations are named “%(name)s”: add the city in brackets"),
        ),
    )


def _territory_names() -> _Names[Territory]:
    return _Names(
        Territory.objects.all(),
        name=lambda territory: territory.name,
        qualifier=lambda territory: str(territory.get_kind_display()),
        messages=(
            _("unknown territory “%(name)s”"),
            _("several territories are named “%(name)s”: add the kind in brackets"),
        ),
    )


# --- export -----------------------------------------------------------------------------------


def _natural(number: str) -> tuple[tuple[int, str], ...]:
    """Sort key of action numbers: 2 before 10, 1.2 before 1.10."""
    return tuple(
        (int(part), "") if part.isdigit() else (0, part) for part in re.split(r"(\d+)", number)
    )


def _plan_axes(contract: LocalHealthContract) -> list[Axis]:
    actions = Action.objects.select_related("lead_organisation").prefetch_related(
        "partners", "territories", "budget_lines__funder"
    )
    axes = contract.axes.prefetch_related(Prefetch("actions", queryset=actions)).order_by("number")
    return list(axes)


def _actions_of(axis: Axis) -> list[Action]:
    return sorted(axis.actions.all(), key=lambda action: _natural(action.number))


@dataclass
class _ExportNames:
    organisations: _Names[Organisation]
    territories: _Names[Territory]

    @classmethod
    def load(cls) -> _ExportNames:
        return cls(_organisation_names(), _territory_names())


def _planned_total(action: Action) -> Decimal | None:
    lines = list(action.budget_lines.all())
    return sum((line.planned for line in lines), Decimal(0)) if lines else None


def _funders_label(action: Action, names: _ExportNames) -> str:
    funders = {names.organisations.label(line.funder) for line in action.budget_lines.all()}
    return "; ".join(sorted(funders, key=_name_key))


def _publics_label(action: Action) -> str:
    return "; ".join(str(PUBLICS.get(code, code)) for code in action.publics)


def _joined[M: models.Model](items: Iterable[M], names: _Names[M]) -> str:
    return "; ".join(sorted((names.label(item) for item in items), key=_name_key))


def _number_value(number: str) -> int | str:
    return int(number) if number.isdigit() and not number.startswith("0") else number


def action_values(action: Action, axis: Axis, names: _ExportNames) -> dict[str, object]:
    """One action's row, by column key: numbers as numbers, dates as dates."""
    lead = action.lead_organisation
    return {
        "axis": axis.number,
        "axis_title": axis.title,
        "number": _number_value(action.number),
        "title": action.title,
        "lead": names.organisations.label(lead) if lead else "",
        "partners": _joined(action.partners.all(), names.organisations),
        "publics": _publics_label(action),
        "territories": _joined(action.territories.all(), names.territories),
        "budget": _planned_total(action),
        "funder": _funders_label(action, names),
        "start": action.start,
        "end": action.planned_end,
        "status": str(action.get_status_display()),
    }


def _write_header(sheet: Any) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    fill = PatternFill("solid", fgColor="DDDDDD")
    for index, column in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=index, value=str(column.label))
        cell.font = Font(bold=True)
        cell.fill = fill
        cell.alignment = Alignment(vertical="top", wrap_text=True)
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = "A2"


def _write_cell(sheet: Any, row: int, index: int, key: str, value: object) -> None:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment

    cell = sheet.cell(row=row, column=index)
    if value is None or value == "":
        return
    if isinstance(value, str):
        cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)
        cell.data_type = "s"  # a title starting with “=” stays text, never a formula
    else:
        cell.value = value
    if key == "budget":
        cell.number_format = EURO_FORMAT
    elif isinstance(value, dt.date):
        cell.number_format = DATE_FORMAT
    if key in TEXT_COLUMNS:
        cell.alignment = Alignment(vertical="top", wrap_text=True)


def _write_sheet(sheet: Any, axis: Axis, names: _ExportNames) -> None:
    _write_header(sheet)
    for row, action in enumerate(_actions_of(axis), start=2):
        values = action_values(action, axis, names)
        for index, column in enumerate(COLUMNS, start=1):
            _write_cell(sheet, row, index, column.key, values[column.key])
    sheet.auto_filter.ref = sheet.dimensions


def plan_xlsx(contract: LocalHealthContract) -> bytes:
    """The contract's action plan as a spreadsheet: one sheet per axis, one row per action."""
    from openpyxl import Workbook

    workbook = Workbook()
    for sheet in list(workbook.worksheets):
        workbook.remove(sheet)
    names = _ExportNames.load()
    axes = _plan_axes(contract)
    for axis in axes:
        _write_sheet(workbook.create_sheet(axis_sheet_title(axis.number)), axis, names)
    if not axes:
        _write_header(workbook.create_sheet(axis_sheet_title(1)))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _euros(amount: Decimal | None) -> str:
    if amount is None:
        return ""
    places = 0 if amount == amount.to_integral_value() else 2
    number = formats.number_format(amount, places, use_l10n=True, force_grouping=True)
    return f"{number}\u00a0€"


def _print_axis(axis: Axis, names: _ExportNames) -> dict[str, Any]:
    rows = []
    total = Decimal(0)
    for action in _actions_of(axis):
        values = action_values(action, axis, names)
        budget = values["budget"]
        if isinstance(budget, Decimal):
            total += budget
        rows.append(values | {"budget": _euros(budget if isinstance(budget, Decimal) else None)})
    return {"axis": axis, "rows": rows, "total": total, "total_label": _euros(total)}


def plan_pdf(contract: LocalHealthContract) -> bytes:
    """The contract's action plan, printed: per axis, a table of its actions (A4)."""
    names = _ExportNames.load()
    axes = [_print_axis(axis, names) for axis in _plan_axes(contract)]
    total = sum((axis["total"] for axis in axes), Decimal(0))
    context = {
        "contract": contract,
        "axes": axes,
        "total_label": _euros(total),
        "today": timezone.localdate(),
    }
    return render_pdf(render_to_string("programmes/plan_print.html", context))


# --- reading a file ---------------------------------------------------------------------------


class PlanFileError(ValueError):
    """The file cannot be read at all (format, encoding, damage)."""


@dataclass
class _Sheet:
    name: str
    rows: list[tuple[int, Sequence[object]]]
    axis_from_name: bool  # a spreadsheet's sheet may name its axis (“Axe 3”); a CSV file not


def _read_xlsx(path: Path) -> list[_Sheet]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(path, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise PlanFileError(
            _("cannot read the spreadsheet: %(error)s") % {"error": error}
        ) from error
    try:
        return [
            _Sheet(sheet.title, list(enumerate(sheet.iter_rows(values_only=True), 1)), True)
            for sheet in workbook.worksheets
        ]
    finally:
        workbook.close()


def _decode(raw: bytes, warnings: list[str], name: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        warnings.append(_("%(file)s: not UTF-8, read as Windows-1252") % {"file": name})
        return raw.decode("cp1252", errors="replace")


def _delimiter(text: str) -> str:
    header = next((line for line in text.splitlines() if line.strip()), "")
    return "," if header.count(",") > header.count(";") else ";"


def _read_csv(path: Path, warnings: list[str]) -> list[_Sheet]:
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise PlanFileError(_("cannot read the file: %(error)s") % {"error": error}) from error
    text = _decode(raw, warnings, path.name)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    return [_Sheet(path.name, list(enumerate(reader, 1)), False)]


def _read_file(path: Path, warnings: list[str]) -> list[_Sheet]:
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(path)
    if suffix == ".csv":
        return _read_csv(path, warnings)
    raise PlanFileError(
        _("unsupported file type “%(suffix)s”: use .xlsx or .csv") % {"suffix": suffix}
    )


# --- cell values ------------------------------------------------------------------------------


def _clean(value: object) -> object:
    """A cell's value with its spaces repaired; None for an empty cell."""
    if isinstance(value, str):
        lines = (SPACES.sub(" ", line).strip() for line in value.splitlines())
        value = "\n".join(line for line in lines if line)
        return value or None
    return value


def _split(value: object, separators: str = ";\n") -> list[str]:
    parts = re.split(f"[{re.escape(separators)}]", value if isinstance(value, str) else str(value))
    return [part.strip() for part in parts if part.strip()]


def _one_line(value: object) -> str:
    return " ".join(str(value).split())


def _text(value: object, max_length: int = 200) -> str:
    text = _one_line(value)
    if len(text) > max_length:
        raise _Refused(_("at most %(max)s characters") % {"max": max_length})
    return text


def _integral(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return None


def _parse_axis(value: object) -> tuple[int, str]:
    """An axis: 2, “2”, “2. Prévention”, “Axe 2 : Prévention” → (2, title or "")."""
    number, title = _integral(value), ""
    if number is None and isinstance(value, str):
        match = re.fullmatch(r"\D{0,10}?(\d+)\s*[.):\-–—]?\s*(.*)", _one_line(value))
        if match:
            number, title = int(match[1]), match[2]
    if number is None or not 1 <= number <= 32767:
        raise _Refused(_("not an axis number"))
    return number, _text(title)


def _parse_number(value: object) -> str:
    whole = _integral(value)
    if whole is not None:
        return str(whole)
    if isinstance(value, float):
        return f"{value:g}"
    if not isinstance(value, str):
        raise _Refused(_("not an action number"))
    return _text(value, max_length=12)


def _amount_text(text: str) -> str:
    text = re.sub(r"[\s']|€|eur(?:os?)?", "", text, flags=re.IGNORECASE)
    if "," in text and "." in text:
        thousands = "." if text.rfind(",") > text.rfind(".") else ","
        text = text.replace(thousands, "").replace(",", ".")
    elif text.count(",") == 1:
        text = text.replace(",", ".")
    elif text.count(".") > 1:
        text = text.replace(".", "")
    return text


def _parse_amount(value: object) -> Decimal:
    """Euros: 80000, “80 000 €”, “80 000,50”, “80.000,50”, a number cell."""
    refused = _Refused(_("not an amount in euros"))
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal | str):
        raise refused
    text = _amount_text(value) if isinstance(value, str) else str(value)
    if not re.fullmatch(r"-?\d+(\.\d+)?(E[-+]?\d+)?", text, flags=re.IGNORECASE):
        raise refused
    try:
        amount = Decimal(text).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    except InvalidOperation as error:
        raise refused from error
    if amount < 0:
        raise _Refused(_("a budget cannot be negative"))
    if amount >= MAX_AMOUNT:
        raise _Refused(_("amount too large"))
    return amount


DATE_PATTERNS = (
    (re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4}|\d{2})(?:[ T].*)?"), (3, 2, 1)),
    (re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?"), (1, 2, 3)),
)


def _date_from_text(text: str) -> dt.date | None:
    for pattern, (year, month, day) in DATE_PATTERNS:
        if match := pattern.fullmatch(text):
            years = int(match[year])
            years += 2000 if years < 100 else 0
            try:
                return dt.date(years, int(match[month]), int(match[day]))
            except ValueError:
                return None
    return None


def _parse_date(value: object) -> dt.date:
    """A date cell, “dd/mm/yyyy”, “yyyy-mm-dd”, or a spreadsheet's day number."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    serial = _integral(value)
    if serial is not None and 20000 < serial < 80000:  # 1954–2119 as a spreadsheet day number
        return dt.date(1899, 12, 30) + dt.timedelta(days=serial)
    found = _date_from_text(_one_line(value)) if isinstance(value, str) else None
    if found is None:
        raise _Refused(_("not a date (dd/mm/yyyy)"))
    return found


FRENCH_STATUSES: dict[str, tuple[str, ...]] = {
    ActionStatus.PLANNED: ("prévu", "prévue", "à venir", "non démarré", "non démarrée"),
    ActionStatus.IN_PROGRESS: ("en cours",),
    ActionStatus.DONE: ("réalisé", "réalisée", "fait", "faite", "terminé", "terminée", "achevé"),
    ActionStatus.PAUSED: ("en pause", "suspendu", "suspendue"),
    ActionStatus.ABANDONED: ("abandonné", "abandonnée"),
}


def _status_names() -> dict[str, str]:
    names: dict[str, str] = {}
    for status in ActionStatus:
        words = [status.value, *FRENCH_STATUSES[status], str(status.label)]
        for language in ("fr", "en"):
            with translation.override(language):
                words.append(str(status.label))
        names |= {_key(word): status.value for word in words}
    return names


def _public_names() -> dict[str, str]:
    names = {_key(code): code for code in PUBLICS}
    return names | {_key(str(label)): code for code, label in PUBLICS.items()}


def _parse_publics(value: object, names: dict[str, str]) -> list[str]:
    codes: list[str] = []
    unknown: list[str] = []
    for text in _split(value, ";,\n"):
        code = names.get(_key(text))
        if code is None:
            unknown.append(_("unknown public “%(name)s”") % {"name": text})
        elif code not in codes:
            codes.append(code)
    if unknown:
        raise _Refused(*unknown)
    return codes


def _column_names() -> dict[str, Column]:
    names: dict[str, Column] = {}
    for column in COLUMNS:
        labels = [str(column.label)]
        with translation.override("fr"):
            labels.append(str(column.label))
        names |= {_key(name): column for name in (*column.names, *labels)}
    return names


# --- the report -------------------------------------------------------------------------------


@dataclass(frozen=True)
class RowError:
    """An error of one cell: the sheet (a CSV file: its name), the row as the spreadsheet shows
    it (the header is row 1) and the column's header."""

    sheet: str
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return _("%(sheet)s, row %(row)s, column “%(column)s”: %(message)s") % {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


@dataclass
class ImportReport:
    dry_run: bool = False
    axes_created: int = 0
    actions_created: int = 0
    actions_updated: int = 0
    actions_unchanged: int = 0
    budget_lines_set: int = 0
    errors: list[RowError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def counts(self) -> dict[str, int]:
        return {
            "axes_created": self.axes_created,
            "actions_created": self.actions_created,
            "actions_updated": self.actions_updated,
            "actions_unchanged": self.actions_unchanged,
            "budget_lines_set": self.budget_lines_set,
        }


# --- reading rows -----------------------------------------------------------------------------


@dataclass
class _Budget:
    line: BudgetLine | None  # the line to change; None: a new line
    year: int
    funder: Organisation
    planned: Decimal


@dataclass
class _Planned:
    axis: int
    existing: Action | None
    data: ActionData
    changed: bool
    budget: _Budget | None


@dataclass
class _Context:
    contract: LocalHealthContract
    report: ImportReport
    organisations: _Names[Organisation]
    territories: _Names[Territory]
    statuses: dict[str, str]
    publics: dict[str, str]
    columns: dict[str, Column]
    axes: dict[int, Axis]
    actions: dict[tuple[int, str], Action]
    new_axes: dict[int, str] = field(default_factory=dict)
    seen: dict[tuple[int, str], tuple[str, int]] = field(default_factory=dict)
    planned: list[_Planned] = field(default_factory=list)


@dataclass
class _Row:
    """One row of a sheet, its cells by column key, and the errors found in it."""

    sheet: str
    number: int
    headers: dict[str, str]  # column key → the header as the file writes it
    cells: dict[str, object]
    errors: list[RowError]
    failed: bool = False

    def error(self, key: str, *messages: str) -> None:
        header = self.headers.get(key) or str(COLUMN_BY_KEY[key].label)
        self.errors.extend(RowError(self.sheet, self.number, header, text) for text in messages)
        self.failed = True

    def has(self, key: str) -> bool:
        return key in self.headers

    def get(self, key: str, parse: Callable[[object], Any], *, required: bool = False) -> Any:
        value = self.cells.get(key)
        if value is None:
            if required:
                self.error(key, _("a value is required"))
            return None
        try:
            return parse(value)
        except _Refused as refusal:
            self.error(key, *refusal.messages)
            return None


def _data_of(action: Action) -> ActionData:
    values = {
        name: getattr(action, name) for name in ActionData.FIELDS if name not in ActionData.MANY
    }
    values["publics"] = list(action.publics)
    return ActionData(
        **values,
        partners=sorted(action.partners.all(), key=lambda item: item.pk),
        territories=sorted(action.territories.all(), key=lambda item: item.pk),
    )


def _new_data(row: _Row, ctx: _Context, number: str, title: str, base: ActionData) -> ActionData:
    """The action's payload: its current one (or a new one's), with the file's columns on it."""
    data = ActionData(**{name: getattr(base, name) for name in ActionData.FIELDS})
    data.number, data.title = number, title
    if row.has("lead"):
        data.lead_organisation = row.get("lead", ctx.organisations.find)
    if row.has("partners"):
        found = row.get("partners", ctx.organisations.find_all) or []
        data.partners = sorted(found, key=lambda item: item.pk)
    if row.has("territories"):
        found = row.get("territories", ctx.territories.find_all) or []
        data.territories = sorted(found, key=lambda item: item.pk)
    if row.has("publics"):
        data.publics = row.get("publics", lambda value: _parse_publics(value, ctx.publics)) or []
    if row.has("start"):
        data.start = row.get("start", _parse_date)
    if row.has("end"):
        data.planned_end = row.get("end", _parse_date)
    data.status = row.get("status", lambda value: _parse_status(value, ctx.statuses)) or data.status
    return data


def _parse_status(value: object, names: dict[str, str]) -> str:
    status = names.get(_key(str(value)))
    if status is None:
        raise _Refused(_("unknown status “%(name)s”") % {"name": _one_line(value)})
    return status


def _check(row: _Row, data: ActionData) -> None:
    if data.start and data.planned_end and data.planned_end < data.start:
        row.error("end", _("the end is before the start"))
    if row.failed:
        return
    try:
        data.check()
    except InvalidChange as refusal:
        name = str(refusal).split(":", 1)[0]
        key = {"number": "number", "title": "title", "planned_end": "end"}.get(name, "title")
        row.error(key, str(refusal))


def _budget_year(ctx: _Context, data: ActionData) -> int | None:
    if data.start:
        return data.start.year
    return ctx.contract.start.year if ctx.contract.start else None


def _budget(row: _Row, ctx: _Context, data: ActionData, existing: Action | None) -> _Budget | None:
    """What the row's budget changes: one line (year, funder) set to the planned amount."""
    funders: list[Organisation] = row.get("funder", ctx.organisations.find_all) or []
    amount: Decimal | None = row.get("budget", _parse_amount)
    if amount is None or row.failed:
        return None
    lines = list(existing.budget_lines.all()) if existing else []
    total = sum((line.planned for line in lines), Decimal(0))
    same_funders = not funders or {f.pk for f in funders} == {line.funder_id for line in lines}
    if (lines and total == amount and same_funders) or (not lines and not amount):
        return None
    if len(funders) > 1:
        row.error("funder", _("a budget set from the file has one funder"))
    elif len(lines) > 1:
        row.error("budget", _("this action's budget is split between several lines"))
    elif lines:
        return _Budget(lines[0], lines[0].year, funders[0] if funders else lines[0].funder, amount)
    else:
        return _new_budget(row, ctx, data, funders, amount)
    return None


def _new_budget(
    row: _Row, ctx: _Context, data: ActionData, funders: list[Organisation], amount: Decimal
) -> _Budget | None:
    funder = funders[0] if funders else data.lead_organisation
    year = _budget_year(ctx, data)
    if funder is None:
        row.error("funder", _("no funder: name one, or a lead"))
    elif year is None:
        row.error("budget", _("no year for the budget: give a start date"))
    else:
        return _Budget(None, year, funder, amount)
    return None


def _note_axis(row: _Row, ctx: _Context, number: int, title: str) -> None:
    if number in ctx.axes:
        return
    title = row.get("axis_title", _text) or title
    if not ctx.new_axes.get(number):
        ctx.new_axes[number] = title or ""


def _seen_once(row: _Row, ctx: _Context, axis: int, number: str) -> bool:
    first = ctx.seen.setdefault((axis, number), (row.sheet, row.number))
    if first != (row.sheet, row.number):
        where = {"number": number, "axis": axis, "sheet": first[0], "row": first[1]}
        row.error(
            "number",
            _("action %(number)s of axis %(axis)s is also on %(sheet)s, row %(row)s") % where,
        )
        return False
    return True


def _read_row(row: _Row, ctx: _Context, sheet_axis: int | None) -> None:
    axis_title = ""
    axis = sheet_axis
    if row.has("axis") and (row.cells.get("axis") is not None or sheet_axis is None):
        axis, axis_title = row.get("axis", _parse_axis, required=True) or (None, "")
    number = row.get("number", _parse_number, required=True)
    title = row.get("title", _text, required=True)
    if axis is None or number is None or not _seen_once(row, ctx, axis, number):
        return
    existing = ctx.actions.get((axis, number))
    base = _data_of(existing) if existing else ActionData(number=number, title=title or "")
    data = _new_data(row, ctx, number, title or "", base)
    _check(row, data)
    budget = _budget(row, ctx, data, existing)
    _note_axis(row, ctx, axis, axis_title)
    if not row.failed:
        changed = existing is None or data != base
        ctx.planned.append(_Planned(axis, existing, data, changed, budget))


# --- reading sheets ---------------------------------------------------------------------------


def _header(ctx: _Context, sheet: _Sheet, number: int, cells: Sequence[object]) -> dict[int, str]:
    """The columns of a sheet, by position: their key. Records the header's own errors."""
    keys: dict[int, str] = {}
    for index, value in enumerate(cells):
        text = _clean(value)
        if text is None:
            continue
        column = ctx.columns.get(_key(str(text)))
        if column is None:
            ctx.report.warnings.append(
                _("%(sheet)s: column “%(column)s” ignored") % {"sheet": sheet.name, "column": text}
            )
        elif column.key in keys.values():
            ctx.report.errors.append(
                RowError(sheet.name, number, str(text), _("a second column of the same kind"))
            )
        else:
            keys[index] = column.key
    return keys


def _sheet_axis(sheet: _Sheet) -> int | None:
    match = re.search(r"\d+", sheet.name) if sheet.axis_from_name else None
    return int(match[0]) if match and 1 <= int(match[0]) <= 32767 else None


def _missing_columns(ctx: _Context, sheet: _Sheet, number: int, keys: dict[int, str]) -> bool:
    present = set(keys.values())
    missing = [key for key in REQUIRED if key not in present]
    if "axis" not in present and _sheet_axis(sheet) is None:
        missing.insert(0, "axis")
    for key in missing:
        label = str(COLUMN_BY_KEY[key].label)
        ctx.report.errors.append(RowError(sheet.name, number, label, _("this column is missing")))
    return bool(missing)


def _read_sheet(ctx: _Context, sheet: _Sheet) -> None:
    rows = [(number, [_clean(value) for value in cells]) for number, cells in sheet.rows]
    rows = [(number, cells) for number, cells in rows if any(value is not None for value in cells)]
    if not rows:
        return
    header_number, header_cells = rows[0]
    keys = _header(ctx, sheet, header_number, header_cells)
    if not keys:
        ctx.report.warnings.append(
            _("%(sheet)s: no known column, sheet skipped") % {"sheet": sheet.name}
        )
        return
    if _missing_columns(ctx, sheet, header_number, keys):
        return
    headers = {key: str(_clean(header_cells[index])) for index, key in keys.items()}
    for number, cells in rows[1:]:
        values = {key: cells[index] if index < len(cells) else None for index, key in keys.items()}
        row = _Row(sheet.name, number, headers, values, ctx.report.errors)
        _read_row(row, ctx, _sheet_axis(sheet))


def _context(contract: LocalHealthContract, report: ImportReport) -> _Context:
    actions = (
        Action.objects.filter(axis__contract=contract)
        .select_related("axis", "lead_organisation", "lead_person")
        .prefetch_related("partners", "territories", "budget_lines")
    )
    return _Context(
        contract=contract,
        report=report,
        organisations=_organisation_names(),
        territories=_territory_names(),
        statuses=_status_names(),
        publics=_public_names(),
        columns=_column_names(),
        axes={axis.number: axis for axis in contract.axes.all()},
        actions={(action.axis.number, action.number): action for action in actions},
    )


def _count(ctx: _Context) -> None:
    report = ctx.report
    report.axes_created = len(ctx.new_axes)
    report.actions_created = sum(1 for item in ctx.planned if item.existing is None)
    changed = [item for item in ctx.planned if item.existing and (item.changed or item.budget)]
    report.actions_updated = len(changed)
    report.actions_unchanged = len(ctx.planned) - report.actions_created - len(changed)
    report.budget_lines_set = sum(1 for item in ctx.planned if item.budget)


# --- writing ----------------------------------------------------------------------------------


def _save_action(action: Action, data: ActionData) -> None:
    for name in data.FIELDS:
        if name not in data.MANY:
            setattr(action, name, getattr(data, name))
    action.save()
    action.partners.set(data.partners)
    action.territories.set(data.territories)


def _save_budget(action: Action, budget: _Budget) -> None:
    line = budget.line or BudgetLine(action=action)
    line.year, line.funder, line.planned = budget.year, budget.funder, budget.planned
    line.save()


def _write(ctx: _Context, file_name: str) -> None:
    axes = dict(ctx.axes)
    for number, title in sorted(ctx.new_axes.items()):
        axes[number] = Axis.objects.create(
            contract=ctx.contract, number=number, title=title or axis_sheet_title(number)
        )
    for item in ctx.planned:
        action = item.existing or Action(axis=axes[item.axis])
        if item.changed:
            _save_action(action, item.data)
        if item.budget:
            _save_budget(action, item.budget)
    detail: dict[str, Any] = {"file": file_name, **ctx.report.counts()}
    audit_record(
        actor=None, action=AuditAction.PROGRAMME_PLAN_IMPORT, obj=ctx.contract, detail=detail
    )


def plan_import(
    contract: LocalHealthContract, path: Path | str, *, dry_run: bool = False
) -> ImportReport:
    """Read an action plan (.xlsx: every sheet; .csv) into the contract, all or nothing.

    Returns the report: its errors (then nothing was written), or what was (with `dry_run`:
    would be) created and updated. Raises PlanFileError when the file cannot be read."""
    path = Path(path)
    report = ImportReport(dry_run=dry_run)
    sheets = _read_file(path, report.warnings)
    with transaction.atomic():
        ctx = _context(contract, report)
        for sheet in sheets:
            _read_sheet(ctx, sheet)
        if report.ok and not ctx.planned:
            report.warnings.append(_("%(file)s: no action found") % {"file": path.name})
        _count(ctx)
        if report.ok and not dry_run:
            _write(ctx, path.name)
    return report
