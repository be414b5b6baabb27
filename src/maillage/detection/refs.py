"""Reference weeks: which past weeks a judged week is compared with.

Positions are 0-based indices into a series. Date-based series follow R's rule:
the same date i years back (`seq(by = "-1 year")`), moved to the nearest day with
the judged week's weekday.
"""

from __future__ import annotations

import datetime as dt

FREQ = 52


def years_back(day: dt.date, years: int) -> dt.date:
    """R's `seq(day, by = "-1 year")`: 29 February becomes 1 March."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return dt.date(day.year - years, 3, 1)


def snap_weekday(day: dt.date, weekday: int) -> dt.date:
    """Move `day` to the nearest date with the given weekday."""
    forward = (weekday - day.weekday()) % 7
    return day + dt.timedelta(days=forward if forward < 7 - forward else forward - 7)


def date_reference_points(days: list[dt.date], k: int, b: int) -> list[dt.date]:
    """The judged date's reference dates, 1 to b years back, snapped to its weekday."""
    t0 = days[k]
    return [snap_weekday(years_back(t0, i), t0.weekday()) for i in range(1, b + 1)]


def position_of(days: list[dt.date], day: dt.date) -> int | None:
    """Position of `day` in a weekly series without gaps, or None."""
    delta = (day - days[0]).days
    if delta % 7 or not 0 <= delta // 7 < len(days):
        return None
    return delta // 7


def farrington_positions(k: int, b: int, w: int, days: list[dt.date] | None) -> list[int | None]:
    """Reference positions of algo.farrington (None where R finds no such week)."""
    if days is None:
        cand = [k - FREQ * i + j for i in range(b, 0, -1) for j in range(-w, w + 1)]
        return [c if c >= 0 else None for c in cand]
    out: list[int | None] = []
    for ref in date_reference_points(days, k, b):
        window = [ref + dt.timedelta(weeks=j) for j in range(-w, w + 1)]
        out.extend(position_of(days, d) for d in window)
    return out


def flexible_reference_weeks(k: int, b: int, days: list[dt.date] | None) -> list[int | None]:
    """farringtonFlexible's reference weeks k, k - 1 year, ..., k - b years."""
    if days is None:
        return [k - FREQ * i if k - FREQ * i >= 0 else None for i in range(b + 1)]
    return [k, *(position_of(days, d) for d in date_reference_points(days, k, b))]
