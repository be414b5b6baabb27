"""Server-side SVG charts for every app: geometry here (dataclasses), drawing in the templates
under core/charts/ — no script, no inline style, so the CSP and WeasyPrint take them as they are.

Each template is included with `chart`, `chart_id` (unique on the page: the title and
description ids derive from it), `title` and `description`; the caller keeps its data table
beside the chart. docs/architecture.md ("Charts") says why this and not pygal.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.utils.formats import number_format

# AA contrast (≥ 4.5:1) on white, and white text on them.
PALETTE = ("#0b5394", "#1b6e2d", "#8a4b00", "#6a1b9a", "#9c2a2a", "#00695c", "#455a64")
TEXT_COLOUR = "#1e1e1e"

Value = int | float | None


def grouped(value: Value) -> str:
    """The default value label: grouped digits, "—" for a value that is not published."""
    if value is None:
        return "—"
    return number_format(value, force_grouping=True)


def _colour(index: int, colours: Sequence[str] = PALETTE) -> str:
    return colours[index % len(colours)]


def _top(values: Sequence[Value]) -> float:
    """The largest value shown (1 when there is none, so that widths stay finite)."""
    return max((v for v in values if v is not None and v > 0), default=0) or 1


def _length(value: Value, top: float, area: int) -> int:
    return 0 if value is None or value <= 0 else round(area * value / top)


# Grouped horizontal bars -------------------------------------------------------------------

BAR_LABEL_WIDTH = 290
BAR_AREA = 420
BAR_ROW = 22
BAR_GROUP_GAP = 14
BAR_LEGEND_STEP = 140


@dataclass(frozen=True)
class LegendKey:
    x: int
    y: int
    colour: str
    label: str


@dataclass(frozen=True)
class Bar:
    y: int
    width: int  # 0 for a hidden value: no bar, only its text
    colour: str
    text: str
    text_x: int
    text_y: int
    series: str


@dataclass(frozen=True)
class BarGroup:
    label: str
    label_y: int
    bars: list[Bar]


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    label_width: int  # the right edge of the group labels
    bar_x: int
    groups: list[BarGroup]
    legend: list[LegendKey]


def _bars(
    values: Sequence[int | None],
    series: Sequence[str],
    y: int,
    top: float,
    text: Callable[[int | None], str],
) -> list[Bar]:
    bars = []
    for index, value in enumerate(values):
        width = _length(value, top, BAR_AREA)
        row_y = y + index * BAR_ROW
        bars.append(
            Bar(
                y=row_y,
                width=width,
                colour=_colour(index),
                text=text(value),
                text_x=BAR_LABEL_WIDTH + width + 6,
                text_y=row_y + 14,
                series=series[index],
            )
        )
    return bars


def bar_chart(
    rows: Sequence[tuple[str, Sequence[int | None]]],
    series: Sequence[str],
    *,
    text: Callable[[int | None], str] | None = None,
) -> BarChart:
    """Grouped horizontal bars: one group per row, one bar per series.

    A value of None is not published (statistical secret): it gets no bar, only `text(None)`.
    """
    label = text or grouped
    top = _top([v for _, values in rows for v in values])
    groups, y = [], 30
    for name, values in rows:
        bars = _bars(values, series, y, top, label)
        groups.append(BarGroup(label=name, label_y=y + 15, bars=bars))
        y += BAR_ROW * len(bars) + BAR_GROUP_GAP
    legend = [
        LegendKey(BAR_LABEL_WIDTH + i * BAR_LEGEND_STEP, 6, _colour(i), name)
        for i, name in enumerate(series)
    ]
    return BarChart(
        width=BAR_LABEL_WIDTH + BAR_AREA + 80,
        height=y,
        label_width=BAR_LABEL_WIDTH - 8,
        bar_x=BAR_LABEL_WIDTH,
        groups=groups,
        legend=legend,
    )


# Stacked horizontal bars -------------------------------------------------------------------

STACK_LABEL_WIDTH = 260
STACK_AREA = 440
STACK_ROW = 26
STACK_LEGEND_STEP = 130


@dataclass(frozen=True)
class Segment:
    x: int
    width: int
    colour: str
    title: str


@dataclass(frozen=True)
class StackedRow:
    label: str
    y: int
    segments: list[Segment]


@dataclass(frozen=True)
class StackedChart:
    width: int
    height: int
    label_width: int
    rows: list[StackedRow]
    legend: list[LegendKey]


def _segments(
    values: Sequence[int], series: Sequence[str], colours: Sequence[str], top: float
) -> list[Segment]:
    x, segments = STACK_LABEL_WIDTH, []
    for index, value in enumerate(values):
        if value:
            width = _length(value, top, STACK_AREA)
            colour = _colour(index, colours)
            segments.append(Segment(x, width, colour, f"{series[index]} : {grouped(value)}"))
            x += width
    return segments


def stacked_chart(
    rows: Sequence[tuple[str, Sequence[int]]],
    series: Sequence[str],
    *,
    colours: Sequence[str] = PALETTE,
) -> StackedChart:
    """One row per label; one segment per series, as wide as its share of the largest row."""
    top = max((sum(values) for _, values in rows), default=0) or 1
    stacked = [
        StackedRow(label, 34 + i * STACK_ROW, _segments(values, series, colours, top))
        for i, (label, values) in enumerate(rows)
    ]
    legend = [
        LegendKey(8 + i * STACK_LEGEND_STEP, 6, _colour(i, colours), name)
        for i, name in enumerate(series)
    ]
    return StackedChart(
        width=STACK_LABEL_WIDTH + STACK_AREA + 20,
        height=34 + STACK_ROW * len(rows) + 6,
        label_width=STACK_LABEL_WIDTH - 8,
        rows=stacked,
        legend=legend,
    )


# Columns -----------------------------------------------------------------------------------

COLUMN_LEFT = 70
COLUMN = 10
COLUMN_AREA = 160
COLUMN_TOP = 20


@dataclass(frozen=True)
class Column:
    x: int
    y: int
    width: int
    height: int
    colour: str
    title: str


@dataclass(frozen=True)
class ColumnChart:
    width: int
    height: int
    columns: list[Column]
    ticks: list[LegendKey]  # one per group, under its columns (colour unused)
    legend: list[LegendKey]


def _columns(
    x0: int, group: str, rows: Sequence[tuple[str, Sequence[int]]], index: int, top: float
) -> list[Column]:
    columns = []
    for t, (name, values) in enumerate(rows):
        height = _length(values[index], top, COLUMN_AREA)
        columns.append(
            Column(
                x=x0 + t * COLUMN,
                y=COLUMN_TOP + COLUMN_AREA - height,
                width=COLUMN - 1,
                height=height,
                colour=_colour(t),
                title=f"{group} — {name} : {grouped(values[index])}",
            )
        )
    return columns


def column_chart(groups: Sequence[str], rows: Sequence[tuple[str, Sequence[int]]]) -> ColumnChart:
    """One cluster of columns per group (e.g. a half-year), one column per row (e.g. a theme);
    `rows` hold one value per group."""
    top = _top([v for _, values in rows for v in values])
    step = COLUMN * max(len(rows), 1) + 12
    tick_y = COLUMN_TOP + COLUMN_AREA + 15
    columns, ticks = [], []
    for g, group in enumerate(groups):
        x0 = COLUMN_LEFT + g * step
        ticks.append(LegendKey(x0, tick_y, TEXT_COLOUR, group))
        columns += _columns(x0, group, rows, g, top)
    legend_y = COLUMN_TOP + COLUMN_AREA + 40
    legend = [LegendKey(10, legend_y + i * 18, _colour(i), r[0]) for i, r in enumerate(rows)]
    width = max(COLUMN_LEFT + step * len(groups) + 20, 420)
    return ColumnChart(width, legend_y + 10 + 18 * len(rows), columns, ticks, legend)


# Weekly series: bars, expected and threshold steps, alarm markers ----------------------------

LINE_WIDTH, LINE_HEIGHT = 760, 300
LINE_LEFT, LINE_RIGHT, LINE_TOP, LINE_BOTTOM = 48, 12, 14, 40


@dataclass(frozen=True)
class SeriesPoint:
    """One slot of the series (a week): what was observed, and what the model expected."""

    label: str
    observed: int | None
    expected: float | None = None
    upper: float | None = None
    alarm: bool = False


@dataclass(frozen=True)
class SlotBar:
    x: float
    y: float
    width: float
    height: float
    alarm: bool
    label: str


@dataclass(frozen=True)
class Tick:
    position: float
    label: str


@dataclass(frozen=True)
class LineChart:
    width: int
    height: int
    bars: list[SlotBar]
    expected: list[str]  # polyline "x,y x,y" steps (gaps where nothing was expected)
    threshold: list[str]
    alarms: list[tuple[float, float]]
    y_ticks: list[Tick]
    x_ticks: list[Tick]
    plot_left: int
    plot_right: int
    plot_bottom: int


def nice_step(top: float, count: int = 4) -> float:
    """A round step (1, 2, 5 × 10^k) giving about `count` ticks up to `top`."""
    raw = max(top, 1.0) / count
    magnitude = 10 ** math.floor(math.log10(raw))
    return next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)


def _series_top(points: Sequence[SeriesPoint]) -> float:
    values = [
        float(v)
        for p in points
        for v in (p.observed, p.expected, p.upper)
        if v is not None and math.isfinite(v)
    ]
    return max(values, default=1.0) or 1.0


def _steps(
    lefts: list[float], slot: float, ys: list[float | None], scale: Callable[[float], float]
) -> list[str]:
    """One flat step per slot, joined while slots follow each other (as R plots bounds)."""
    segments: list[str] = []
    current: list[str] = []
    for left, y in zip(lefts, ys, strict=True):
        if y is None or not math.isfinite(y):
            if current:
                segments.append(" ".join(current))
            current = []
            continue
        level = scale(y)
        current += [f"{left:.1f},{level:.1f}", f"{left + slot:.1f},{level:.1f}"]
    if current:
        segments.append(" ".join(current))
    return segments


@dataclass(frozen=True)
class _Frame:
    """The plot area and its vertical scale."""

    top: float
    slot: float
    height: float

    def y(self, value: float) -> float:
        return LINE_TOP + self.height * (1 - min(value, self.top) / self.top)

    def left(self, index: int) -> float:
        return LINE_LEFT + self.slot * index


def _slot_bar(frame: _Frame, index: int, point: SeriesPoint) -> SlotBar:
    y = frame.y(point.observed or 0)
    shown = grouped(point.observed)
    return SlotBar(
        x=frame.left(index) + frame.slot * 0.1,
        y=y,
        width=max(frame.slot * 0.8, 0.5),
        height=LINE_TOP + frame.height - y,
        alarm=point.alarm,
        label=f"{point.label}: {shown}",
    )


def line_chart(points: Sequence[SeriesPoint]) -> LineChart:
    """Observed bars per slot, the expected value (dashed) and the threshold (solid) as steps."""
    step = nice_step(_series_top(points))
    top = step * math.ceil(_series_top(points) / step)
    plot_h = LINE_HEIGHT - LINE_TOP - LINE_BOTTOM
    frame = _Frame(top, (LINE_WIDTH - LINE_LEFT - LINE_RIGHT) / max(1, len(points)), plot_h)
    lefts = [frame.left(i) for i in range(len(points))]
    xs = [left + frame.slot / 2 for left in lefts]
    every = max(1, math.ceil(len(points) / 8))
    return LineChart(
        width=LINE_WIDTH,
        height=LINE_HEIGHT,
        bars=[_slot_bar(frame, i, p) for i, p in enumerate(points)],
        expected=_steps(lefts, frame.slot, [p.expected for p in points], frame.y),
        threshold=_steps(lefts, frame.slot, [p.upper for p in points], frame.y),
        alarms=[
            (x, frame.y(p.observed or 0) - 8) for x, p in zip(xs, points, strict=True) if p.alarm
        ],
        y_ticks=[Tick(frame.y(step * k), f"{step * k:g}") for k in range(int(top / step) + 1)],
        x_ticks=[Tick(xs[i], points[i].label) for i in range(0, len(points), every)],
        plot_left=LINE_LEFT,
        plot_right=LINE_WIDTH - LINE_RIGHT,
        plot_bottom=LINE_TOP + plot_h,
    )
