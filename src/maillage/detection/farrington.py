"""Farrington et al. (1996), as surveillance's `algo.farrington` computes it."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import stats

from maillage.detection.base import (
    Array,
    Detection,
    DetectionError,
    SeriesBatch,
    judged_positions,
)
from maillage.detection.glm import linkinv
from maillage.detection.model import Jobs, Summary, fit_model
from maillage.detection.refs import FREQ, farrington_positions
from maillage.detection.thresholds import EXPONENTS, delta_upper

CHUNK_CELLS = 2_000_000  # jobs x observations x coefficients per batch of fits


@dataclass
class FarringtonParams:
    """algo.farrington's control list (R names)."""

    b: int = 5
    w: int = 3
    reweight: bool = True
    alpha: float = 0.05
    trend: bool = True
    limit54: tuple[float, int] = (5, 4)
    powertrans: str = "2/3"
    range: tuple[int, int] | None = None

    def check(self) -> None:
        if not (self.limit54[0] >= 0 and self.limit54[1] > 0):
            raise DetectionError("limit54 is out of bounds: cases >= 0 and period > 0")
        if self.powertrans not in EXPONENTS:
            raise DetectionError("powertrans must be one of 2/3, 1/2, none")
        if self.b < 1 or self.w < 0:
            raise DetectionError("b must be >= 1 and w >= 0")


def default_positions(length: int, b: int, w: int) -> np.ndarray:
    """R's default range (freq * b - w):n, 0-based."""
    return np.arange(FREQ * b - w - 1, length)


def _reference_matrix(batch: SeriesBatch, positions: np.ndarray, p: FarringtonParams):
    """(K, n) reference positions and their validity."""
    rows = [farrington_positions(int(k), p.b, p.w, batch.days) for k in positions]
    valid = np.array([[r is not None for r in row] for row in rows])
    idx = np.array([[r if r is not None else 0 for r in row] for row in rows], dtype=np.int64)
    return idx, valid


def build_jobs(batch: SeriesBatch, positions: np.ndarray, p: FarringtonParams) -> Jobs:
    """One regression per (series, judged week), series-major."""
    idx, valid = _reference_matrix(batch, positions, p)
    s = len(batch.names)
    _check_missing(batch, positions, idx, valid)
    y = batch.counts[:, idx].reshape(s * len(positions), -1)
    valid = np.tile(valid, (s, 1))
    wtime = np.tile((idx - positions[:, None]).astype(float), (s, 1))
    x = np.stack([np.ones_like(wtime), wtime], axis=2)
    x0 = np.tile([1.0, 0.0], (len(y), 1))
    return Jobs(x, np.where(valid, y, 0.0), valid, np.zeros_like(y), x0, np.zeros(len(y)))


def _check_missing(batch: SeriesBatch, positions: np.ndarray, idx: np.ndarray, valid) -> None:  # type: ignore[no-untyped-def]
    """algo.farrington stops on a missing count among the reference values."""
    for si, name in enumerate(batch.names):
        bad = np.isnan(batch.counts[si, idx]) & valid
        if bad.any():
            k, j = np.argwhere(bad)[0]
            raise DetectionError(
                f"series {name!r}: the missing count of period {batch.label(idx[k, j])} is a "
                f"reference value of period {batch.label(positions[k])}, which R's farrington "
                "cannot fit (farringtonFlexible skips missing counts)"
            )


def judge(jobs: Jobs, p: FarringtonParams) -> Summary:
    """Fit with trend, keep it only where significant, needed and not extrapolating."""
    first = fit_model(jobs, p.trend, p.reweight, 1.0, strict=False)
    if not p.trend:
        return first
    mu0 = linkinv(first.eta0)
    keep = (p.b >= 3) & (first.trend_p < 0.05) & (mu0 <= jobs.max_y)
    redo = np.flatnonzero(first.has_trend & ~keep)
    if len(redo):
        first.put(redo, fit_model(jobs.take(redo), False, p.reweight, 1.0, strict=False))
    return first


def _bounds(summary: Summary, p: FarringtonParams) -> tuple[Array, Array]:
    """Expected count and the two-sided (1 - alpha) upper limit."""
    mu0 = linkinv(summary.eta0)
    with np.errstate(over="ignore", invalid="ignore"):
        se_fit = np.sqrt(summary.phi * summary.var0) * mu0
    z = float(stats.norm.ppf(1 - p.alpha / 2))
    return mu0, delta_upper(mu0, se_fit, summary.phi, p.powertrans, z)


def window_sums(counts: Array, positions: np.ndarray, width: int) -> Array:
    """Sum of the `width` counts ending at each position (NaN if one is missing)."""
    cols = positions[:, None] - np.arange(width)[None, :]
    if cols.min() < 0:
        raise DetectionError("limit54 window reaches before the start of the series")
    return counts[:, cols].sum(axis=2)


def farrington(batch: SeriesBatch, params: FarringtonParams | None = None) -> Detection:
    """Run algo.farrington with R's default range on every series of the batch."""
    p = params or FarringtonParams()
    p.check()
    positions = default_positions(batch.length, p.b, p.w)
    if len(positions) and positions[0] >= 0:
        positions = judged_positions(positions, p.range, batch.length)
    if len(positions) == 0 or positions[0] < 0:
        raise DetectionError(
            f"series {batch.names[0]!r} has {batch.length} periods; farrington with "
            f"b={p.b}, w={p.w} needs at least {FREQ * p.b - p.w}"
        )
    jobs = build_jobs(batch, positions, p)
    summary = _judge_chunked(jobs, p)
    mu0, upper = (a.reshape(len(batch.names), -1) for a in _bounds(summary, p))
    return _decide(batch, positions, mu0, upper, p)


def _judge_chunked(jobs: Jobs, p: FarringtonParams) -> Summary:
    size = max(1, CHUNK_CELLS // max(1, jobs.x.shape[1] * jobs.x.shape[2]))
    out = Summary.empty(len(jobs.y))
    for start in range(0, len(jobs.y), size):
        idx = np.arange(start, min(start + size, len(jobs.y)))
        out.put(idx, judge(jobs.take(idx), p))
    return out


def _decide(batch: SeriesBatch, positions, mu0, upper, p: FarringtonParams) -> Detection:  # type: ignore[no-untyped-def]
    """limit54: too few recent cases gives bound 0 and no alarm; NA sums give NA."""
    sums = window_sums(batch.counts, positions, p.limit54[1])
    observed = batch.counts[:, positions]
    enough = sums >= p.limit54[0]
    with np.errstate(invalid="ignore", divide="ignore"):
        score = np.where(enough, (observed - mu0) / (upper - mu0), 0.0)
        alarm = np.where(np.isnan(score), np.nan, score > 1)
    missing = np.isnan(sums)
    upperbound = np.where(missing, np.nan, np.where(enough, upper, 0.0))
    alarm = np.where(missing, np.nan, alarm)
    return Detection(positions, mu0, upperbound, alarm)
