"""ISO weeks, named by their Monday; reports are due two days after the week ends."""

from __future__ import annotations

import datetime as dt
import re

from django.utils import timezone

# A week's report is on time until the end of the Tuesday that follows it (Europe/Paris).
DEADLINE_DAYS = 9
WEEK_PATTERN = re.compile(r"^\s*(\d{4})-?W(\d{1,2})\s*$", re.IGNORECASE)


def monday_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def week_label(monday: dt.date) -> str:
    year, week, _ = monday.isocalendar()
    return f"{year}-W{week:02d}"


def parse_week(text: str) -> dt.date:
    """`2026-W07` (or `2026W7`) -> the Monday of that ISO week; ValueError otherwise."""
    match = WEEK_PATTERN.match(text or "")
    if not match:
        raise ValueError(f"not an ISO week: {text!r}")
    return dt.date.fromisocalendar(int(match[1]), int(match[2]), 1)


def due_by(monday: dt.date) -> dt.date:
    """Last day on which the week's report is on time."""
    return monday + dt.timedelta(days=DEADLINE_DAYS - 1)


def today() -> dt.date:
    return timezone.localdate()


def current_week(day: dt.date | None = None) -> dt.date:
    return monday_of(day or today())


def last_closed_week(day: dt.date | None = None) -> dt.date:
    """The latest week that has ended."""
    return current_week(day) - dt.timedelta(weeks=1)


def last_due_week(day: dt.date | None = None) -> dt.date:
    """The latest week whose reporting deadline has passed: the scheduled run judges it."""
    day = day or today()
    week = last_closed_week(day)
    return week if due_by(week) < day else week - dt.timedelta(weeks=1)


def weeks_between(first: dt.date, last: dt.date) -> list[dt.date]:
    count = (last - first).days // 7 + 1
    return [first + dt.timedelta(weeks=i) for i in range(max(0, count))]


def is_late(monday: dt.date, submitted_on: dt.date) -> bool:
    return submitted_on > due_by(monday)
