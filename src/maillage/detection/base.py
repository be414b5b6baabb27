"""Shared types of the detection engine."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.float64]


class DetectionError(ValueError):
    """Input or parameters the algorithms cannot work with."""


@dataclass
class SeriesBatch:
    """Series of equal length and equal periods, one row each; NaN is a missing count."""

    names: list[str]
    counts: Array  # (S, T)
    population: Array | None = None  # (S, T)
    days: list[dt.date] | None = None  # the weeks' dates, None for an integer index
    labels: list[str] | None = None  # the periods as the user wrote them

    @property
    def length(self) -> int:
        return int(self.counts.shape[1])

    def label(self, position: int) -> str:
        """How to name a position in messages."""
        return self.labels[position] if self.labels else f"position {position + 1}"


def judged_positions(default: np.ndarray, span: tuple[int, int] | None, length: int) -> np.ndarray:
    """R's `range` (1-based, inclusive) as 0-based positions, or the default range."""
    if span is None:
        return default
    first, last = span
    if not 1 <= first <= last <= length:
        raise DetectionError(f"range {first}:{last} is not within 1:{length}")
    if len(default) == 0 or first - 1 < default[0]:
        raise DetectionError(f"range {first}:{last} starts before there is enough history")
    return np.arange(first - 1, last)


@dataclass
class Detection:
    """Result on the judged positions; NaN where R gives NA (alarm is 1.0, 0.0 or NaN)."""

    positions: np.ndarray  # (K,) 0-based judged positions
    expected: Array  # (S, K)
    upperbound: Array  # (S, K)
    alarm: Array  # (S, K)

    def select(self, positions: np.ndarray) -> Detection:
        """The columns of the given positions."""
        cols = np.searchsorted(self.positions, positions)
        return Detection(
            positions, self.expected[:, cols], self.upperbound[:, cols], self.alarm[:, cols]
        )
