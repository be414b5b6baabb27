"""CSV input and output of `maillage detect`."""

from __future__ import annotations

import csv
import datetime as dt
import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TextIO

import numpy as np

from maillage.detection.base import Detection, DetectionError, SeriesBatch

REQUIRED = ("series", "period", "count")
OUTPUT = ("series", "period", "count", "expected", "upperbound", "alarm")


@dataclass
class Row:
    line: int
    period: str
    count: str
    value: float
    population: float | None


@dataclass
class InputSeries:
    name: str
    rows: list[Row] = field(default_factory=list)


def _number(text: str, what: str, line: int) -> float:
    try:
        value = float(text)
    except ValueError:
        raise DetectionError(f"line {line}: {what} {text!r} is not a number") from None
    if not math.isfinite(value):
        raise DetectionError(f"line {line}: {what} {text!r} is not a finite number")
    return value


def _count(text: str, line: int, series: str, period: str) -> float:
    if text.strip() in {"", "NA"}:
        return math.nan  # R's NA
    value = _number(text, "count", line)
    if value < 0:
        raise DetectionError(
            f"line {line}: negative count {text} (series {series!r}, period {period})"
        )
    return value


def _population(text: str | None, line: int) -> float | None:
    if text is None:
        return None
    value = _number(text.strip(), "population", line)
    if value <= 0:
        raise DetectionError(f"line {line}: population must be positive, got {text!r}")
    return value


def _check_header(fields: Sequence[str] | None) -> bool:
    if fields is None:
        raise DetectionError("empty input: expected the header series,period,count[,population]")
    missing = [c for c in REQUIRED if c not in fields]
    if missing:
        raise DetectionError(f"header lacks column(s) {', '.join(missing)}; got {','.join(fields)}")
    return "population" in fields


def read_series(stream: TextIO) -> list[InputSeries]:
    """Read and check the rows, grouped by series in order of first appearance."""
    reader = csv.DictReader(stream)
    has_pop = _check_header(reader.fieldnames)
    series: dict[str, InputSeries] = {}
    for line, rec in enumerate(reader, start=2):
        name, period = (rec.get("series") or "").strip(), (rec.get("period") or "").strip()
        if not name or not period:
            raise DetectionError(f"line {line}: series and period must not be empty")
        value = _count(rec.get("count") or "", line, name, period)
        pop = _population(rec.get("population") if has_pop else None, line)
        row = Row(line, period, (rec.get("count") or "").strip(), value, pop)
        series.setdefault(name, InputSeries(name)).rows.append(row)
    if not series:
        raise DetectionError("no data rows")
    return series_sorted(series.values())


def _parse_period(text: str, dates: bool, line: int) -> int | dt.date:
    try:
        return dt.date.fromisoformat(text) if dates else int(text)
    except ValueError:
        kind = "a date YYYY-MM-DD" if dates else "an integer"
        msg = f"line {line}: period {text!r} is not {kind} like the others"
        raise DetectionError(msg) from None


def _uses_dates(all_series: Iterable[InputSeries]) -> bool:
    first = next(iter(all_series)).rows[0].period
    try:
        int(first)
        return False
    except ValueError:
        return True


def series_sorted(all_series: Iterable[InputSeries]) -> list[InputSeries]:
    """Sort each series by period and check for duplicates and gaps."""
    items = list(all_series)
    dates = _uses_dates(items)
    for s in items:
        keys = [_parse_period(r.period, dates, r.line) for r in s.rows]
        order = sorted(range(len(keys)), key=lambda i: keys[i])  # type: ignore[arg-type, return-value]
        s.rows = [s.rows[i] for i in order]
        _check_steps(s, [keys[i] for i in order], dates)
    return items


def _check_steps(s: InputSeries, keys: list, dates: bool) -> None:  # type: ignore[type-arg]
    step = dt.timedelta(days=7) if dates else 1
    for i in range(1, len(keys)):
        a, b = s.rows[i - 1], s.rows[i]
        if keys[i] == keys[i - 1]:
            raise DetectionError(
                f"series {s.name!r}: period {b.period} appears twice (lines {a.line} and {b.line})"
            )
        if keys[i] - keys[i - 1] != step:
            unit = "7 days" if dates else "1"
            raise DetectionError(
                f"series {s.name!r}: gap between periods {a.period} and {b.period} "
                f"(periods must follow each other by {unit}; "
                "give a missing count as an empty value)"
            )


def batches(all_series: list[InputSeries]) -> Iterator[SeriesBatch]:
    """Group series with identical periods into matrices."""
    groups: dict[tuple[str, ...], list[InputSeries]] = {}
    for s in all_series:
        groups.setdefault(tuple(r.period for r in s.rows), []).append(s)
    for labels, members in groups.items():
        yield _batch(list(labels), members)


def _batch(labels: list[str], members: list[InputSeries]) -> SeriesBatch:
    counts = np.array([[r.value for r in s.rows] for s in members], dtype=float)
    pops = [[r.population for r in s.rows] for s in members]
    population = None if pops[0][0] is None else np.array(pops, dtype=float)
    days = [dt.date.fromisoformat(x) for x in labels] if _is_date(labels[0]) else None
    return SeriesBatch([s.name for s in members], counts, population, days, labels)


def _is_date(text: str) -> bool:
    try:
        int(text)
        return False
    except ValueError:
        return True


def format_number(x: float) -> str:
    """Full precision, empty for NA."""
    return "" if math.isnan(x) else repr(float(x))


def format_alarm(x: float) -> str:
    return "" if math.isnan(x) else ("TRUE" if x else "FALSE")


def output_rows(series: InputSeries, det: Detection, row: int) -> Iterator[list[str]]:
    """Output lines of one series (row `row` of the detection matrices)."""
    for col, pos in enumerate(det.positions):
        r = series.rows[pos]
        yield [
            series.name,
            r.period,
            r.count,
            format_number(det.expected[row, col]),
            format_number(det.upperbound[row, col]),
            format_alarm(det.alarm[row, col]),
        ]


def write_output(stream: TextIO, rows: Iterable[list[str]]) -> None:
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(OUTPUT)
    writer.writerows(rows)
