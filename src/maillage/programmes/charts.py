"""Actions by status per axis as a stacked horizontal SVG bar (the table beside it has the
figures); geometry here, drawing in the template, no script."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from maillage.programmes.models import ActionStatus

LABEL_WIDTH = 260
BAR_AREA = 440
ROW = 26
# AA contrast against white text and the white page
COLOURS = {
    ActionStatus.PLANNED: "#595959",
    ActionStatus.IN_PROGRESS: "#0b5394",
    ActionStatus.DONE: "#1b6e2d",
    ActionStatus.PAUSED: "#8a4b00",
    ActionStatus.ABANDONED: "#9c2a2a",
}


@dataclass(frozen=True)
class Segment:
    x: int
    width: int
    colour: str
    title: str


@dataclass(frozen=True)
class AxisRow:
    label: str
    y: int
    segments: list[Segment]


@dataclass(frozen=True)
class StatusChart:
    width: int
    height: int
    label_width: int
    rows: list[AxisRow]
    legend: list[tuple[int, str, str]]  # x, colour, status label


def status_chart(axes: Sequence[tuple[str, dict[str, int]]]) -> StatusChart:
    """One row per axis; one segment per status, as wide as its share of the largest axis."""
    top = max((sum(counts.values()) for _label, counts in axes), default=0) or 1
    rows, y = [], 34
    for label, counts in axes:
        x, segments = LABEL_WIDTH, []
        for status in ActionStatus:
            n = counts.get(status, 0)
            if n:
                width = round(BAR_AREA * n / top)
                segments.append(Segment(x, width, COLOURS[status], f"{status.label} : {n}"))
                x += width
        rows.append(AxisRow(label=label, y=y, segments=segments))
        y += ROW
    legend = [(8 + i * 130, COLOURS[s], str(s.label)) for i, s in enumerate(ActionStatus)]
    return StatusChart(
        width=LABEL_WIDTH + BAR_AREA + 20,
        height=y + 6,
        label_width=LABEL_WIDTH - 8,
        rows=rows,
        legend=legend,
    )
