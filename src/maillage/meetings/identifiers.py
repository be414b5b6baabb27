"""Text that looks like a person's identifiers, found before minutes or needs are saved.

Minutes and needs describe the neighbourhood, not the people followed (docs/confidentiality.md).
Patterns: a NIR (French social security number, with its key checked), a French phone number,
a birth date (a date with a "né(e) le" or a past year read as a birth), and the first and last
name of a file the author can see (read through `pathways.selectors.beneficiaries_visible_to`,
so a name is matched only against files the author may already open).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

NIR = re.compile(
    r"\b([12])\s?(\d{2})\s?(0[1-9]|1[0-2]|[2-9]\d)\s?(\d[\dAB]|\d{2})\s?(\d{3})\s?(\d{3})"
    r"(?:\s?(\d{2}))?\b"
)
PHONE = re.compile(r"(?<![\d])(?:(?:\+|00)33[\s.-]?|0)[1-9](?:[\s.-]?\d{2}){4}(?![\d])")
BIRTH = re.compile(
    r"\b(?:née?s?|date de naissance|birth(?:\s?date)?|born)\b\W{0,3}(?:le\s)?"
    r"(\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{4}-\d{2}-\d{2})",
    re.IGNORECASE,
)
DATE = re.compile(r"\b\d{1,2}[/.-]\d{1,2}[/.-](?:19|20)\d{2}\b")
WORD = re.compile(r"[A-ZÀ-Ý][\w'’-]{1,}", re.UNICODE)


@dataclass(frozen=True)
class Finding:
    kind: str
    text: str

    def label(self) -> str:
        labels = {
            "nir": _("a social security number (NIR)"),
            "phone": _("a phone number"),
            "birth_date": _("a birth date"),
            "name": _("the name of a person whose file you can see"),
        }
        return f"{labels[self.kind]} : « {self.text} »"


def _nir_key_ok(match: re.Match[str]) -> bool:
    digits = "".join(g for g in match.groups()[:6] if g)
    key = match.group(7)
    if key is None:
        return True  # thirteen digits shaped like a NIR: flagged without its key
    number = int(digits.replace("2A", "19").replace("2B", "18"))
    return 97 - number % 97 == int(key)


def _names(text: str, actor: Any) -> list[Finding]:
    from maillage.pathways.selectors import beneficiaries_visible_to

    words = {w.strip("'’-").casefold() for w in WORD.findall(text)}
    words = {w for w in words if len(w) >= 2}
    if not words or actor is None:
        return []
    found = []
    files = beneficiaries_visible_to(actor=actor).filter(last_name__iregex=_alternation(words))
    for first_name, last_name in files.values_list("first_name", "last_name")[:200]:
        if first_name.casefold() in words and last_name.casefold() in words:
            found.append(Finding("name", f"{first_name} {last_name}"))
    return found


def _alternation(words: set[str]) -> str:
    return r"^(" + "|".join(re.escape(w) for w in sorted(words)[:300]) + r")$"


def find_identifiers(text: str, actor: Any = None) -> list[Finding]:
    """Everything in `text` that looks like a person's identifiers, in reading order."""
    if not text.strip():
        return []
    found = [Finding("nir", m.group(0)) for m in NIR.finditer(text) if _nir_key_ok(m)]
    found += [Finding("phone", m.group(0)) for m in PHONE.finditer(text)]
    births = [m.group(1) for m in BIRTH.finditer(text)]
    births += [d for d in DATE.findall(text) if d not in births and _looks_like_birth(d)]
    found += [Finding("birth_date", b) for b in births]
    found += _names(text, actor)
    return list(dict.fromkeys(found))


def _looks_like_birth(date: str) -> bool:
    """A full date more than ten years back is read as a birth date, not a meeting date."""
    year = int(re.split(r"[/.-]", date)[-1])
    import datetime as dt

    return year <= dt.date.today().year - 10


class IdentifiersFound(Exception):
    """Raised by a service when text carries identifiers and the author did not confirm."""

    def __init__(self, findings: list[Finding]) -> None:
        super().__init__(", ".join(f.label() for f in findings))
        self.findings = findings
