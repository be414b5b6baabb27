"""Turn a typed identity into its linkage encoding, on the server, before anything is stored."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from maillage.activity.models import AgeBand, Sex
from maillage.linkage import encode_identity

_FRENCH_DATE = re.compile(r"^\s*(?:(\d{1,2})/)?(?:(\d{1,2})/)?(\d{4})\s*$")
_ISO_DATE = re.compile(r"^\s*(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?\s*$")
LINKED_SEXES = (Sex.FEMALE, Sex.MALE)  # what the linkage engine compares; others: missing


@dataclass(frozen=True)
class Identity:
    """What a professional typed about the person; lives only in memory."""

    first_name: str = ""
    last_name: str = ""
    birth_name: str = ""
    birth_date: str = ""  # YYYY, YYYY-MM or YYYY-MM-DD
    sex: str = Sex.UNKNOWN

    def is_empty(self) -> bool:
        return not (self.first_name or self.last_name or self.birth_name or self.birth_date)


def parse_birth_date(raw: str) -> str:
    """Read JJ/MM/AAAA, MM/AAAA, AAAA or ISO into YYYY[-MM[-DD]]; raise ValueError otherwise."""
    raw = (raw or "").strip()
    if not raw:
        return ""
    if match := _ISO_DATE.match(raw):
        year, month, day = match.groups()
    elif match := _FRENCH_DATE.match(raw):
        first, second, year = match.groups()
        day, month = (first, second) if second else (None, first)
    else:
        raise ValueError(raw)
    parts = [year] + [f"{int(p):02d}" for p in (month, day) if p]
    value = "-".join(parts)
    _check_real_date(value)
    return value


def _check_real_date(value: str) -> None:
    parts = [int(p) for p in value.split("-")]
    year, month, day = parts + [1] * (3 - len(parts))
    date = dt.date(year, month, day)  # ValueError on 31/02
    if date > dt.date.today() or year < 1900:
        raise ValueError(value)


def age_band_from(birth_date: str, on: dt.date) -> str:
    """The age band on the contact's date; unknown without a birth year."""
    if not birth_date:
        return AgeBand.UNKNOWN
    parts = [int(p) for p in birth_date.split("-")]
    age = on.year - parts[0]
    if len(parts) == 3 and (on.month, on.day) < (parts[1], parts[2]):
        age -= 1
    for limit, band in ((18, AgeBand.UNDER_18), (26, AgeBand.FROM_18), (45, AgeBand.FROM_26)):
        if age < limit:
            return band
    return AgeBand.FROM_45 if age < 65 else AgeBand.FROM_65


def network_secret() -> str:
    secret = settings.LINKAGE_SECRET
    if not secret:
        raise ImproperlyConfigured("MAILLAGE_LINKAGE_SECRET must be set to record contacts")
    return secret


def encode(identity: Identity) -> dict[str, Any] | None:
    """The stored form of an identity (keyed Bloom filters and HMACs), or None if nothing typed."""
    if identity.is_empty():
        return None
    encoding = encode_identity(
        first_name=identity.first_name or None,
        last_name=identity.last_name or None,
        birth_name=identity.birth_name or None,
        birth_date=identity.birth_date or None,
        sex=identity.sex if identity.sex in LINKED_SEXES else None,
        secret=network_secret(),
    )
    return encoding.to_dict()


def identity_of_beneficiary(beneficiary: Any) -> Identity:
    """A pathway file's identity, read in memory to encode the contact like anonymous ones."""
    return Identity(
        first_name=getattr(beneficiary, "first_name", "") or "",
        last_name=getattr(beneficiary, "last_name", "") or "",
        birth_name=getattr(beneficiary, "birth_name", "") or "",
        birth_date=_partial_birth_date(beneficiary),
        sex=str(getattr(beneficiary, "sex", "") or Sex.UNKNOWN),
    )


def _partial_birth_date(beneficiary: Any) -> str:
    """YYYY[-MM[-DD]] from the file's possibly partial birth date."""
    year = getattr(beneficiary, "birth_year", None)
    if not year:
        return ""
    parts = [f"{year:04d}"]
    for name in ("birth_month", "birth_day"):
        value = getattr(beneficiary, name, None)
        if not value:
            break
        parts.append(f"{value:02d}")
    return "-".join(parts)
