"""Needs by theme per half-year as a server-side SVG (the table beside it carries the figures)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

COLOURS = ("#0b5394", "#1b6e2d", "#8a4b00", "#6a1b9a", "#9c2a2a", "#00695c", "#455a64")
LABEL_WIDTH = 70
BAR = 10
HEIGHT = 160


@dataclass(frozen=True)
class Column:
    x: int
    y: int
    height: int
    colour: str
    title: str


@dataclass(frozen=True)
class ColumnChart:
    width: int
    height: int
    columns: list[Column]
    ticks: list[tuple[int, str]]  # x, half-year label
    legend: list[tuple[int, str, str]]  # y, colour, theme


def column_chart(halves: Sequence[str], rows: Sequence[tuple[str, Sequence[int]]]) -> ColumnChart:
    """One group of columns per half-year, one column per theme."""
    top = max((v for _label, values in rows for v in values), default=0) or 1
    group = BAR * max(len(rows), 1) + 12
    columns, ticks = [], []
    for h, half in enumerate(halves):
        x0 = LABEL_WIDTH + h * group
        ticks.append((x0, half))
        for t, (theme, values) in enumerate(rows):
            height = round(HEIGHT * values[h] / top)
            columns.append(
                Column(
                    x=x0 + t * BAR,
                    y=20 + HEIGHT - height,
                    height=height,
                    colour=COLOURS[t % len(COLOURS)],
                    title=f"{half} — {theme} : {values[h]}",
                )
            )
    legend = [(HEIGHT + 60 + i * 18, COLOURS[i % len(COLOURS)], r[0]) for i, r in enumerate(rows)]
    width = max(LABEL_WIDTH + group * len(halves) + 20, 420)
    return ColumnChart(width, HEIGHT + 70 + 18 * len(rows), columns, ticks, legend)
