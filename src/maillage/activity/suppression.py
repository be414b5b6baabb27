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


def hidden(value: int) -> int | None:
    """The count as a chart takes it: None (no bar) for 1 to 4, so no length betrays it."""
    return None if is_suppressed(value) else value


def chart_text(value: int | None) -> str:
    """The label of a chart bar built from `hidden` counts: "< 5" where the bar was hidden."""
    return SUPPRESSED if value is None else suppress(value)
