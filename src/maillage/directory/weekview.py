"""Opening hours shown to people: the coming seven days, Monday first."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from maillage.directory import hours

DAY_NAMES = [
    _("Monday"),
    _("Tuesday"),
    _("Wednesday"),
    _("Thursday"),
    _("Friday"),
    _("Saturday"),
    _("Sunday"),
]


def week_table(expression: str) -> list[dict[str, object]]:
    """One row per weekday with its opening ranges; empty when the hours are not given."""
    if not expression.strip():
        return []
    try:
        slots = hours.week_slots(expression.strip(), timezone.localdate())
    except Exception:  # stored expressions are validated; an old bad one shows as unknown
        return []
    rows = []
    for weekday, name in enumerate(DAY_NAMES):
        ranges = [
            f"{hours.format_minute(s.start_minute)}–{hours.format_minute(s.end_minute)}"
            for s in slots
            if s.weekday == weekday
        ]
        rows.append({"day": name, "ranges": ranges})
    return rows
