"""Server-side SVG bar charts: geometry computed here, drawn by a template, no script."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from maillage.activity.suppression import is_suppressed, suppress

LABEL_WIDTH = 290
BAR_AREA = 420
ROW_HEIGHT = 22
GROUP_GAP = 14
COLOURS = ("#0b5394", "#1b6e2d", "#8a4b00")  # AA contrast on white


@dataclass(frozen=True)
class Bar:
    y: int
    width: int
    colour: str
    text: str
    text_x: int
    text_y: int
    series: str


@dataclass(frozen=True)
class Group:
    label: str
    label_y: int
    bars: list[Bar]


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    label_width: int
    groups: list[Group]
    legend: list[tuple[str, str, int]]


def bar_chart(rows: Sequence[tuple[str, Sequence[int]]], series: Sequence[str]) -> Chart:
    """Horizontal grouped bars; suppressed values get no bar, only their "< 5" label."""
    top = max((v for _, values in rows for v in values), default=0) or 1
    groups, y = [], 30
    for label, values in rows:
        bars = []
        for index, value in enumerate(values):
            width = 0 if is_suppressed(value) else round(BAR_AREA * value / top)
            bars.append(
                Bar(
                    y=y,
                    width=width,
                    colour=COLOURS[index % len(COLOURS)],
                    text=suppress(value),
                    text_x=LABEL_WIDTH + width + 6,
                    text_y=y + 14,
                    series=series[index],
                )
            )
            y += ROW_HEIGHT
        groups.append(Group(label=label, label_y=bars[0].y + 15 if bars else y, bars=bars))
        y += GROUP_GAP
    legend = [
        (name, COLOURS[i % len(COLOURS)], LABEL_WIDTH + i * 140) for i, name in enumerate(series)
    ]
    return Chart(
        width=LABEL_WIDTH + BAR_AREA + 80,
        height=y,
        label_width=LABEL_WIDTH - 8,
        groups=groups,
        legend=legend,
    )
