"""Normalisation of French identity fields before encoding.

Every function returns a canonical string (or None when the value is missing or
unusable) so that two clerks typing the same identity differently produce the
same canonical form.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

PARTICLES = frozenset(
    {"DE", "DU", "DES", "LA", "LE", "LES", "D", "L", "VAN", "VON", "DER", "DEN", "DEL"}
    | {"DELLA", "DA", "DI", "DOS", "DAS", "TEN", "TER", "Y", "ET", "EL", "AL"}
)
# Clerks type these when the value is unknown; they must not count as agreement.
PLACEHOLDER_NAMES = frozenset({"X", "XX", "XXX", "INCONNU", "INCONNUE", "ANONYME", "NC", "NR"})
LIGATURES = str.maketrans({"Œ": "OE", "œ": "oe", "Æ": "AE", "æ": "ae", "ß": "ss"})
_NON_LETTER = re.compile(r"[^A-Z]+")
_ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_INSEE = re.compile(r"^(?:\d{5}|2[AB]\d{3})$")


class InvalidValue(ValueError):
    """A field value that cannot be read (e.g. a malformed date)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.translate(LIGATURES))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def name_tokens(raw: str | None) -> list[str]:
    """Upper-case ASCII tokens; hyphens, apostrophes and dots separate tokens."""
    if not raw:
        return []
    tokens = _NON_LETTER.split(strip_accents(raw).upper())
    tokens = [t for t in tokens if t]
    return [] if " ".join(tokens) in PLACEHOLDER_NAMES else tokens


@dataclass(frozen=True, slots=True)
class Name:
    """A name as its full joined form and its core (particles removed)."""

    full: str
    core: str
    first_token: str

    def variants(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(v for v in (self.full, self.core) if v))


@lru_cache(maxsize=200_000)
def normalize_name(raw: str | None) -> Name | None:
    tokens = name_tokens(raw)
    if not tokens:
        return None
    core_tokens = [t for t in tokens if t not in PARTICLES] or tokens
    return Name(full="".join(tokens), core="".join(core_tokens), first_token=core_tokens[0])


@dataclass(frozen=True, slots=True)
class BirthDate:
    """A possibly partial birth date; None parts are unknown."""

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def is_full(self) -> bool:
        return self.day is not None


@lru_cache(maxsize=100_000)
def parse_birth_date(raw: str | dt.date | None, today: dt.date | None = None) -> BirthDate | None:
    """Read YYYY-MM-DD, YYYY-MM or YYYY; 01/01 placeholders become year-only.

    Raises InvalidValue for a value that is present but malformed.
    """
    if raw is None or raw == "":
        return None
    if isinstance(raw, dt.date):
        return _placeholder_aware(raw.year, raw.month, raw.day)
    match = _ISO_DATE.match(raw.strip())
    if not match:
        raise InvalidValue("birth_date", f"birth date {raw!r} is not YYYY-MM-DD, YYYY-MM or YYYY")
    year, month, day = (int(g) if g else None for g in match.groups())
    assert year is not None
    _check_date(year, month, day, today or dt.date.today())
    return _placeholder_aware(year, month, day)


def _check_date(year: int, month: int | None, day: int | None, today: dt.date) -> None:
    if not 1880 <= year <= today.year:
        raise InvalidValue("birth_date", f"birth year {year} is out of range")
    if month is not None and not 1 <= month <= 12:
        raise InvalidValue("birth_date", f"birth month {month} is out of range")
    if month is not None and day is not None:
        try:
            dt.date(year, month, day)
        except ValueError as error:
            message = f"birth date {year}-{month:02d}-{day:02d}: {error}"
            raise InvalidValue("birth_date", message) from None


def _placeholder_aware(year: int, month: int | None, day: int | None) -> BirthDate:
    # Registration offices record unknown birth days as 1 January (or 31 December).
    if (month, day) in {(1, 1), (12, 31)}:
        return BirthDate(year)
    return BirthDate(year, month, day if month is not None else None)


_SEX = {"M": "M", "H": "M", "1": "M", "HOMME": "M", "MASCULIN": "M", "MALE": "M"}
_SEX |= {"F": "F", "2": "F", "FEMME": "F", "FEMININ": "F", "FEMALE": "F"}
_UNKNOWN_SEX = frozenset({"", "X", "I", "U", "0", "9", "INCONNU", "INDETERMINE", "AUTRE"})


@lru_cache(maxsize=1024)
def normalize_sex(raw: str | None) -> str | None:
    value = strip_accents(raw or "").strip().upper()
    if value in _UNKNOWN_SEX:
        return None
    if value not in _SEX:
        raise InvalidValue("sex", f"sex {raw!r} is not M/F/H/1/2")
    return _SEX[value]


@lru_cache(maxsize=100_000)
def normalize_commune(raw: str | None) -> str | None:
    """An INSEE commune code (5 characters, 2A/2B for Corsica), or a normalised name."""
    value = strip_accents(raw or "").strip().upper().replace(" ", "")
    if not value:
        return None
    if value.isdigit() and len(value) == 4:
        value = "0" + value
    if _INSEE.match(value):
        return value
    tokens = name_tokens(raw)
    return "NAME:" + "".join(tokens) if tokens else None


@lru_cache(maxsize=100_000)
def normalize_phone(raw: str | None) -> str | None:
    """A French number as 0XXXXXXXXX; other numbers as +digits; None if unusable."""
    if not raw:
        return None
    plus = raw.strip().startswith("+")
    digits = re.sub(r"\D", "", raw)
    if plus and digits.startswith("33") or digits.startswith("0033"):
        digits = "0" + digits.removeprefix("00").removeprefix("33")
    elif plus or digits.startswith("00"):
        digits = "+" + digits.removeprefix("00")
    elif len(digits) == 9:
        digits = "0" + digits
    if len(digits.lstrip("+0")) < 8 or len(set(digits.lstrip("+"))) == 1:
        return None
    return digits


_NIR = re.compile(r"^([12378])(\d{2})(\d{2})(\d{2}|2[AB])(\d{3})(\d{3})(\d{2})?$")


@lru_cache(maxsize=100_000)
def normalize_nir(raw: str | None) -> str | None:
    """The 13-character NIR body; the 2-digit key is checked when present.

    A value that is not NIR-shaped but long enough is kept as an opaque national
    identifier (e.g. a foreign social security number), prefixed so it never
    equals a NIR.
    """
    value = re.sub(r"[\s.\-]", "", strip_accents(raw or "").upper())
    if not value:
        return None
    match = _NIR.match(value)
    if match:
        body = value[:13]
        key = match.group(7)
        return body if key is None or nir_key(body) == int(key) else None
    return "ID:" + value if len(value) >= 6 and value.isalnum() else None


def nir_key(body: str) -> int:
    number = int(body.replace("2A", "19").replace("2B", "18"))
    return 97 - number % 97
