"""Server-side SVG geometry for a signal's weekly chart (no JavaScript, passes the CSP)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from maillage.surveillance.selectors import ChartPoint
from maillage.surveillance.weeks import week_label

WIDTH, HEIGHT = 760, 300
LEFT, RIGHT, TOP, BOTTOM = 48, 12, 14, 40


@dataclass(frozen=True)
class Bar:
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
class Chart:
    width: int
    height: int
    bars: list[Bar]
    expected: list[str]  # polyline "x,y x,y" steps (gaps where the engine said nothing)
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


def _top(points: Sequence[ChartPoint]) -> float:
    values = [
        v
        for p in points
        for v in (p.observed, p.expected, p.upperbound)
        if v is not None and math.isfinite(v)
    ]
    return max(values, default=1.0) or 1.0


def _steps(lefts: list[float], slot: float, ys: list[float | None], scale) -> list[str]:  # type: ignore[no-untyped-def]
    """One flat step per judged week, joined while weeks follow each other (as R plots bounds)."""
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


def build_chart(points: Sequence[ChartPoint]) -> Chart:
    step = nice_step(_top(points))
    top = step * math.ceil(_top(points) / step)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / max(1, len(points))

    def y_of(value: float) -> float:
        return TOP + plot_h * (1 - min(value, top) / top)

    lefts = [LEFT + slot * i for i in range(len(points))]
    xs = [left + slot / 2 for left in lefts]
    bars = [
        Bar(
            x=LEFT + slot * i + slot * 0.1,
            y=y_of(p.observed or 0),
            width=max(slot * 0.8, 0.5),
            height=TOP + plot_h - y_of(p.observed or 0),
            alarm=bool(p.alarm),
            label=f"{week_label(p.week)}: {p.observed if p.observed is not None else '—'}",
        )
        for i, p in enumerate(points)
    ]
    every = max(1, math.ceil(len(points) / 8))
    return Chart(
        width=WIDTH,
        height=HEIGHT,
        bars=bars,
        expected=_steps(lefts, slot, [p.expected for p in points], y_of),
        threshold=_steps(lefts, slot, [p.upperbound for p in points], y_of),
        alarms=[(x, y_of(p.observed or 0) - 8) for x, p in zip(xs, points, strict=True) if p.alarm],
        y_ticks=[Tick(y_of(step * k), f"{step * k:g}") for k in range(int(top / step) + 1)],
        x_ticks=[Tick(xs[i], week_label(points[i].week)) for i in range(0, len(points), every)],
        plot_left=LEFT,
        plot_right=WIDTH - RIGHT,
        plot_bottom=TOP + plot_h,
    )
