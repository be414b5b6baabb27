"""Read a partner's yearly activity file (CSV) into contacts, reporting every bad row.

Names in the file are encoded row by row in memory; the file itself is never stored.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.activity.identity import Identity, age_band_from, parse_birth_date
from maillage.activity.models import AgeBand, Kind, Sex, Theme
from maillage.activity.services import ContactData
from maillage.network.models import Hub, Organisation, Territory

COLUMNS = [
    "date",
    "hub",
    "kind",
    "themes",
    "last_name",
    "first_name",
    "birth_name",
    "birth_date",
    "sex",
    "age_band",
    "quartier",
    "new",
]
REQUIRED = {"date", "kind"}
MAX_ROWS = 50_000
_SEX = {"f": Sex.FEMALE, "femme": Sex.FEMALE, "m": Sex.MALE, "h": Sex.MALE, "homme": Sex.MALE}
_YES = {"1", "oui", "o", "yes", "y", "true", "vrai", "nouveau", "nouvelle", "new"}
_NO = {"0", "non", "n", "no", "false", "faux", "connu", "connue", "known"}


@dataclass(frozen=True)
class RowError:
    row: int  # the line number in the file, header = 1
    field: str
    message: str


class ImportRejected(Exception):
    def __init__(self, errors: list[RowError]) -> None:
        super().__init__(f"{len(errors)} error(s)")
        self.errors = errors


def fold(text: str) -> str:
    """Lower case without accents or surrounding spaces, to match labels loosely."""
    text = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode()
    return " ".join(text.lower().replace("'", " ").replace("’", " ").split())


def decode(raw: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportRejected([RowError(0, "file", _("The file is neither UTF-8 nor Windows-1252."))])


class Lookups:
    """Hubs, themes and places by any spelling partners use, loaded once per file."""

    def __init__(self, organisation: Organisation) -> None:
        self.hubs: dict[str, Hub] = {}
        for hub in Hub.objects.filter(host=organisation).select_related("quartier"):
            for name in (hub.slug, hub.name, hub.quartier.name if hub.quartier_id else ""):
                self.hubs[fold(name)] = hub
        self.places: dict[str, Territory] = {}
        for place in Territory.objects.filter(kind__in=["quartier", "commune"]).order_by("kind"):
            self.places.setdefault(fold(place.slug), place)
            self.places.setdefault(fold(place.name), place)
        self.kinds = {fold(v): v for v in Kind.values} | {fold(str(k.label)): k.value for k in Kind}
        self.kinds |= {"accompagnement": Kind.ACCOMPANIMENT}
        self.themes = {fold(v): v for v in Theme.values} | {fold(t.label): t.value for t in Theme}


def _date(value: str, lookups: Lookups) -> dt.date:
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            date = dt.datetime.strptime(value.strip(), pattern).date()
        except ValueError:
            continue
        if date > timezone.localdate():
            raise ValueError(_("The date is in the future."))
        return date
    raise ValueError(_("Expected a date as YYYY-MM-DD or DD/MM/YYYY."))


def _hub(value: str, lookups: Lookups) -> Hub | None:
    if not value.strip():
        return None
    if fold(value) not in lookups.hubs:
        raise ValueError(_("No hub of this organisation is called so."))
    return lookups.hubs[fold(value)]


def _kind(value: str, lookups: Lookups) -> str:
    if fold(value) not in lookups.kinds:
        raise ValueError(_("Expected information, orientation or accompaniment."))
    return lookups.kinds[fold(value)]


def _themes(value: str, lookups: Lookups) -> list[str]:
    names = [fold(part) for part in value.replace("|", ",").split(",") if part.strip()]
    unknown = [name for name in names if name not in lookups.themes]
    if unknown:
        raise ValueError(_("Unknown theme: %s") % ", ".join(unknown))
    return [lookups.themes[name] for name in names]


def _sex(value: str, lookups: Lookups) -> str:
    if not value.strip():
        return Sex.UNKNOWN
    if fold(value) not in _SEX:
        raise ValueError(_("Expected F, M (or H) or nothing."))
    return _SEX[fold(value)]


def _age_band(value: str, lookups: Lookups) -> str:
    if not value.strip():
        return AgeBand.UNKNOWN
    if value.strip() not in AgeBand.values:
        raise ValueError(_("Expected one of %s.") % ", ".join(AgeBand.values))
    return value.strip()


def _quartier(value: str, lookups: Lookups) -> Territory | None:
    if not value.strip():
        return None
    if fold(value) not in lookups.places:
        raise ValueError(_("Unknown quartier or commune."))
    return lookups.places[fold(value)]


def _new(value: str, lookups: Lookups) -> bool:
    if not value.strip() or fold(value) in _YES:
        return True
    if fold(value) in _NO:
        return False
    raise ValueError(_("Expected oui or non."))


def _birth_date(value: str, lookups: Lookups) -> str:
    try:
        return parse_birth_date(value)
    except ValueError as error:
        raise ValueError(_("Expected DD/MM/YYYY, MM/YYYY, YYYY or YYYY-MM-DD.")) from error


def _text(value: str, lookups: Lookups) -> str:
    return value.strip()[:150]


PARSERS: dict[str, Callable[[str, Lookups], Any]] = {
    "date": _date,
    "hub": _hub,
    "kind": _kind,
    "themes": _themes,
    "last_name": _text,
    "first_name": _text,
    "birth_name": _text,
    "birth_date": _birth_date,
    "sex": _sex,
    "age_band": _age_band,
    "quartier": _quartier,
    "new": _new,
}


def read_rows(text: str) -> tuple[list[str], list[dict[str, str]]]:
    sample = text[:4096]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    header = [fold(name).replace(" ", "_") for name in reader.fieldnames or []]
    reader.fieldnames = header
    return header, list(reader)


def parse(raw: bytes, *, organisation: Organisation) -> list[ContactData]:
    """Every row as ContactData, or ImportRejected with every error (row number, field)."""
    header, rows = read_rows(decode(raw))
    missing = sorted(REQUIRED - set(header))
    if missing:
        message = _("Missing column(s): %s") % ", ".join(missing)
        raise ImportRejected([RowError(1, "header", message)])
    if len(rows) > MAX_ROWS:
        raise ImportRejected([RowError(0, "file", _("Too many rows in one file."))])
    lookups, errors, contacts = Lookups(organisation), [], []
    for number, row in enumerate(rows, start=2):
        values, row_errors = _parse_row(row, number, lookups)
        errors += row_errors
        if not row_errors:
            contacts.append(_contact(values, organisation))
    if errors:
        raise ImportRejected(errors)
    return contacts


def _parse_row(
    row: dict[str, Any], number: int, lookups: Lookups
) -> tuple[dict[str, Any], list[RowError]]:
    values: dict[str, Any] = {}
    errors = []
    for column, parser in PARSERS.items():
        raw = row.get(column) or ""
        if column in REQUIRED and not raw.strip():
            errors.append(RowError(number, column, _("This value is required.")))
            continue
        try:
            values[column] = parser(raw, lookups)
        except ValueError as error:
            errors.append(RowError(number, column, str(error)))
    return values, errors


def _contact(values: dict[str, Any], organisation: Organisation) -> ContactData:
    band = values["age_band"]
    if band == AgeBand.UNKNOWN:
        band = age_band_from(values["birth_date"], values["date"])
    return ContactData(
        organisation=organisation,
        hub=values["hub"],
        kind=values["kind"],
        date=values["date"],
        themes=values["themes"],
        identity=Identity(
            first_name=values["first_name"],
            last_name=values["last_name"],
            birth_name=values["birth_name"],
            birth_date=values["birth_date"],
            sex=values["sex"],
        ),
        quartier=values["quartier"],
        age_band=band,
        sex=values["sex"],
        is_new=values["new"],
    )
