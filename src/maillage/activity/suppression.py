"""Small-cell suppression: a count of one to four people is never shown or exported exactly."""

from __future__ import annotations

from django.utils.formats import number_format

THRESHOLD = 5
SUPPRESSED = f"< {THRESHOLD}"


def is_suppressed(value: int | None) -> bool:
    return value is not None and 0 < value < THRESHOLD


def suppress(value: int | None) -> str:
    """The count as shown: "< 5" for 1 to 4, grouped digits otherwise."""
    if value is None:
        return "—"
    if is_suppressed(value):
        return SUPPRESSED
    return number_format(value, force_grouping=True)
