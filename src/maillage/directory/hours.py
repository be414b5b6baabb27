"""Opening hours in OpenStreetMap `opening_hours` syntax, parsed by `opening-hours-py`.

The parser (Rust `opening-hours` crate) knows the whole specification, French public holidays
included (`PH off`). For search we expand an expression into the open slots of the seven days
starting today (weekday, minute ranges); a daily job refreshes them, so "open now" and "open on
Tuesday at 10:00" (the coming Tuesday) are exact SQL filters, public holidays included.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache

import opening_hours
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MINUTES_PER_DAY = 24 * 60
# Raised by the parser at runtime, but missing from the package's generated stubs.
_ParserError: type[Exception] = opening_hours.ParserError  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Slot:
    weekday: int  # 0 = Monday
    start_minute: int
    end_minute: int  # exclusive, at most 1440


@lru_cache(maxsize=4096)
def _parse(expression: str) -> opening_hours.OpeningHours:
    return opening_hours.OpeningHours(expression, country="FR")


def validate(expression: str) -> None:
    """Raise a ValidationError that says where the syntax breaks."""
    if not expression.strip():
        return
    try:
        _parse(expression.strip())
    except (_ParserError, SyntaxError, ValueError) as error:
        detail = str(error).replace("Failed to parse expression:", "").strip()
        raise ValidationError(
            _("Invalid opening hours (OpenStreetMap syntax, e.g. “Mo-Fr 09:00-12:00; PH off”): %s")
            % detail,
            code="invalid_opening_hours",
        ) from error


def is_open(expression: str, at: datetime) -> bool | None:
    """Open at this local (naive, Europe/Paris) time? None when the hours are unknown."""
    if not expression.strip():
        return None
    return bool(_parse(expression.strip()).is_open(at))


@lru_cache(maxsize=16384)
def week_slots(expression: str, start: date) -> tuple[Slot, ...]:
    """Open slots of the seven days from `start`, split at midnight."""
    if not expression.strip():
        return ()
    begin = datetime.combine(start, time())
    end = begin + timedelta(days=7)
    slots: list[Slot] = []
    for opens, closes, state, _comment in _parse(expression.strip()).intervals(begin, end):
        if state != opening_hours.State.OPEN:
            continue
        slots.extend(_split_by_day(opens, min(closes or end, end)))
    return tuple(slots)


def _split_by_day(opens: datetime, closes: datetime) -> list[Slot]:
    slots = []
    while opens < closes:
        midnight = datetime.combine(opens.date() + timedelta(days=1), time())
        until = min(closes, midnight)
        start_minute = opens.hour * 60 + opens.minute
        end_minute = MINUTES_PER_DAY if until == midnight else until.hour * 60 + until.minute
        if end_minute > start_minute:
            slots.append(Slot(opens.weekday(), start_minute, end_minute))
        opens = until
    return slots


def minute_of_day(moment: datetime | time) -> int:
    return moment.hour * 60 + moment.minute


def format_minute(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}" if minute < MINUTES_PER_DAY else "24:00"
