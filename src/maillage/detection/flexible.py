"""Improved Farrington (Noufaily et al. 2013), as surveillance's `farringtonFlexible`."""

from __future__ import annotations

import datetime as dt
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
from maillage.detection.blocks import seasonal_blocks
from maillage.detection.farrington import CHUNK_CELLS, window_sums
from maillage.detection.glm import linkinv
from maillage.detection.model import Jobs, Summary, fit_model
from maillage.detection.refs import FREQ, flexible_reference_weeks
from maillage.detection.thresholds import EXPONENTS, delta_upper, quantile_upper

THRESHOLD_METHODS = ("delta", "nbPlugin", "muan")


@dataclass
class FlexibleParams:
    """farringtonFlexible's control list (R names), plus `variant`."""

    b: int = 5
    w: int = 3
    reweight: bool = True
    weightsThreshold: float = 2.58  # noqa: N815 (R's names)
    alpha: float = 0.05
    trend: bool = True
    pThresholdTrend: float = 0.05  # noqa: N815
    limit54: tuple[float, int] = (5, 4)
    powertrans: str = "2/3"
    populationOffset: bool = False  # noqa: N815
    noPeriods: int = 1  # noqa: N815
    pastWeeksNotIncluded: int | None = None  # noqa: N815
    thresholdMethod: str = "delta"  # noqa: N815
    variant: str = "R"
    range: tuple[int, int] | None = None

    def check(self) -> None:
        if not (self.limit54[0] >= 0 and self.limit54[1] > 0):
            raise DetectionError("limit54 is out of bounds: cases >= 0 and period > 0")
        if self.powertrans not in EXPONENTS:
            raise DetectionError("powertrans must be one of 2/3, 1/2, none")
        if self.thresholdMethod not in THRESHOLD_METHODS:
            raise DetectionError(f"thresholdMethod must be one of {', '.join(THRESHOLD_METHODS)}")
        if self.b < 1 or self.w < 0 or self.noPeriods < 1:
            raise DetectionError("b and noPeriods must be >= 1 and w >= 0")

    @property
    def excluded(self) -> int:
        return self.w if self.pastWeeksNotIncluded is None else self.pastWeeksNotIncluded


@dataclass
class _Week:
    """The regression layout of one judged week, shared by all series of a batch."""

    rows: np.ndarray  # 0-based positions used in the fit
    levels: np.ndarray  # seasonal block of each row
    wtime: np.ndarray  # R's time covariate of each row


def _reference_weeks(k: int, p: FlexibleParams, batch: SeriesBatch) -> list[int]:
    refs = flexible_reference_weeks(k, p.b, batch.days)
    if any(r is None for r in refs):
        raise DetectionError(
            f"series {batch.names[0]!r}: some reference weeks of period {batch.label(k)} do not "
            "exist (dates one year back can fall 53 weeks back); decrease b"
        )
    return [int(r) for r in refs if r is not None]


def week_layout(k: int, p: FlexibleParams, batch: SeriesBatch) -> _Week:
    """Rows, seasonal levels and wtime of judged position k (0-based)."""
    refs = [r + 1 for r in _reference_weeks(k, p, batch)]
    blocks = seasonal_blocks(refs, batch.length, p.w, p.noPeriods, p.excluded)
    days = batch.days
    rows = np.array(list(blocks), dtype=np.int64) - 1
    levels = np.array(list(blocks.values()), dtype=np.int64)
    if days is None:
        wtime = rows + 1.0
    else:
        wtime = np.array([(days[r] - days[rows[0]]).days / 7 for r in rows])
    return _Week(rows, levels, wtime)


def _prediction_time(week: _Week, k: int, valid: Array, days: list[dt.date] | None) -> Array:
    """wtime of the judged week; with dates R counts from the first non-missing row."""
    if days is None:
        return np.full(valid.shape[0], k + 1.0)
    first = np.argmax(valid, axis=1)
    first_day = np.array([days[week.rows[f]] for f in first])
    return np.array([(days[k] - d).days / 7 for d in first_day])


def _design(week: _Week, t0: Array, p: FlexibleParams) -> tuple[Array, Array]:
    """Design (S, n, q) and prediction row (S, q): intercept, trend, block dummies."""
    present = np.unique(week.levels)
    dummies = [(week.levels == lv).astype(float) for lv in present[1:]]
    s = len(t0)
    cols = [np.ones(len(week.rows)), np.zeros(len(week.rows)), *dummies]
    x = np.repeat(np.stack(cols, axis=1)[None], s, axis=0)
    x[:, :, 1] = week.wtime[None, :] - t0[:, None]
    x0 = np.zeros((s, len(cols)))
    x0[:, 0] = 1.0
    x0[:, 2:] = (present[1:] == p.noPeriods).astype(float)
    return x, x0


def _population_offsets(batch: SeriesBatch, week: _Week, k: int, on: bool) -> tuple[Array, Array]:
    s = len(batch.names)
    if not on or batch.population is None:
        return np.zeros((s, len(week.rows))), np.zeros(s)
    return np.log(batch.population[:, week.rows]), np.log(batch.population[:, k])


def week_jobs(batch: SeriesBatch, k: int, p: FlexibleParams) -> Jobs:
    """The regressions of all series for judged position k."""
    week = week_layout(k, p, batch)
    y = batch.counts[:, week.rows]
    valid = ~np.isnan(y)
    x, x0 = _design(week, _prediction_time(week, k, valid, batch.days), p)
    offset, off0 = _population_offsets(batch, week, k, p.populationOffset)
    return Jobs(x, np.where(valid, y, 0.0), valid, offset, x0, off0)


def _drop_empty_levels(jobs: Jobs) -> Jobs:
    """A block with only missing counts has no data: R aliases its coefficient."""
    used = np.any(jobs.x * jobs.valid[..., None] != 0, axis=(0, 1))
    used[:2] = True
    return jobs if used.all() else jobs.columns(list(np.flatnonzero(used)))


def judge(jobs: Jobs, p: FlexibleParams) -> tuple[Summary, Array]:
    """Fit and drop the trend unless b >= 3, significant and not extrapolating."""
    jobs = _drop_empty_levels(jobs)
    quirk = p.variant != "paper"
    first = fit_model(jobs, p.trend, p.reweight, p.weightsThreshold, strict=True, quirk=quirk)
    if p.trend:
        mu0 = linkinv(first.eta0)
        keep = (p.b >= 3) & (first.trend_p < p.pThresholdTrend) & (mu0 <= jobs.max_y)
        redo = np.flatnonzero(first.has_trend & first.ok & ~keep)
        if len(redo):
            sub = fit_model(
                jobs.take(redo), False, p.reweight, p.weightsThreshold, strict=True, quirk=quirk
            )
            first.put(redo, sub)
    return first, jobs.y


def _se_eta(summary: Summary, p: FlexibleParams) -> Array:
    """R predicts with summary()'s dispersion, not the floored phi the paper uses."""
    disp = summary.phi if p.variant == "paper" else summary.dispersion
    with np.errstate(invalid="ignore"):
        return np.sqrt(disp * summary.var0)


def bounds(summary: Summary, p: FlexibleParams) -> tuple[Array, Array, Array]:
    """(expected, upper bound, score denominator reference) per job."""
    se_eta = _se_eta(summary, p)
    if p.thresholdMethod == "delta":  # R predicts on the response scale
        mu0 = linkinv(summary.eta0)
        z = float(stats.norm.ppf(1 - p.alpha))
        upper = delta_upper(mu0, se_eta * mu0, summary.phi, p.powertrans, z)
        return mu0, upper, mu0
    with np.errstate(over="ignore"):
        mu0 = np.exp(summary.eta0)  # R predicts on the link scale and exponentiates
    if p.thresholdMethod == "nbPlugin":
        mu_q = mu0
    else:
        with np.errstate(over="ignore"):
            mu_q = np.exp(stats.norm.ppf(1 - p.alpha, loc=summary.eta0, scale=se_eta))
    upper = quantile_upper(mu_q, summary.phi, p.alpha)
    centre = mu0 if p.variant == "paper" else summary.eta0  # R's score uses the link scale
    return mu0, upper, centre


def default_positions(length: int, p: FlexibleParams) -> np.ndarray:
    """R's default range (freq * b + w + 1):n, 0-based."""
    return np.arange(FREQ * p.b + p.w, length)


def farrington_flexible(batch: SeriesBatch, params: FlexibleParams | None = None) -> Detection:
    """Run farringtonFlexible with R's default range on every series of the batch."""
    p = params or FlexibleParams()
    p.check()
    positions = default_positions(batch.length, p)
    if len(positions):
        positions = judged_positions(positions, p.range, batch.length)
    if len(positions) == 0:
        raise DetectionError(
            f"series {batch.names[0]!r} has {batch.length} periods; farringtonFlexible with "
            f"b={p.b}, w={p.w} needs at least {FREQ * p.b + p.w + 1}"
        )
    s, kk = len(batch.names), len(positions)
    expected, upper, centre = (np.full((s, kk), np.nan) for _ in range(3))
    ok = np.zeros((s, kk), dtype=bool)
    for col, summary in _summaries(batch, positions, p):
        e, u, c = bounds(summary, p)
        expected[:, col], upper[:, col], centre[:, col], ok[:, col] = e, u, c, summary.ok
    return _decide(batch, positions, expected, upper, centre, ok, p)


def _summaries(batch: SeriesBatch, positions: np.ndarray, p: FlexibleParams):  # type: ignore[no-untyped-def]
    """Yield (column, Summary) for every judged week, fitting many weeks per batch."""
    pending: list[tuple[int, Jobs]] = []
    cells = 0
    for col, k in enumerate(positions):
        jobs = week_jobs(batch, int(k), p)
        pending.append((col, jobs))
        cells += jobs.x.size
        if cells >= CHUNK_CELLS or col == len(positions) - 1:
            yield from _fit_pending(pending, p)
            pending, cells = [], 0


def _fit_pending(pending: list[tuple[int, Jobs]], p: FlexibleParams):  # type: ignore[no-untyped-def]
    """Fit together the weeks that share a design shape."""
    groups: dict[tuple[int, ...], list[tuple[int, Jobs]]] = {}
    for col, jobs in pending:
        groups.setdefault(jobs.x.shape[1:], []).append((col, jobs))
    for items in groups.values():
        merged = _concat([j for _, j in items])
        summary, _ = judge(merged, p)
        s = len(items[0][1].y)
        for i, (col, _) in enumerate(items):
            yield col, _slice(summary, slice(i * s, (i + 1) * s))


def _concat(jobs: list[Jobs]) -> Jobs:
    return Jobs(*(np.concatenate([getattr(j, f) for j in jobs]) for f in Jobs.__dataclass_fields__))


def _slice(summary: Summary, sl: slice) -> Summary:
    return Summary(*(getattr(summary, f)[sl] for f in Summary.__dataclass_fields__))


def _decide(batch, positions, expected, upper, centre, ok, p: FlexibleParams) -> Detection:  # type: ignore[no-untyped-def]
    """limit54 and R's NA rules: no alarm unless the score exceeds 1 and the count is not 0."""
    sums = window_sums(batch.counts, positions, p.limit54[1])
    observed = batch.counts[:, positions]
    enough = sums >= p.limit54[0]  # NaN sums compare False, as R's NA then gives NA
    with np.errstate(invalid="ignore", divide="ignore"):
        score = np.where(enough & ~np.isnan(upper), (observed - centre) / (upper - centre), np.nan)
        alarm = (score > 1) & (observed != 0)
    upperbound = np.where(enough & ok, upper, np.nan)
    expected = np.where(enough & ok & ~np.isnan(upper), expected, np.nan)
    alarm = np.where(ok, alarm.astype(float), np.nan)
    return Detection(positions, expected, upperbound, alarm)
