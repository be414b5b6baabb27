"""EARS C1, C2 and C3 (surveillance's `earsC`), vectorised over series and weeks."""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
from scipy import stats

from maillage.detection.base import (
    Array,
    Detection,
    DetectionError,
    SeriesBatch,
    judged_positions,
)

LAGS = {"C1": 0, "C2": 2, "C3": 2}  # guard band between the baseline and the judged week
FIRST = {"C1": 0, "C2": 2, "C3": 4}  # extra history before the first judged week


def ears_defaults(method: str) -> dict[str, float | int | str]:
    return {"baseline": 7, "alpha": 0.025 if method == "C3" else 0.001, "minSigma": 0.0}


def _baseline_stats(counts: Array, baseline: int, lag: int) -> tuple[Array, Array]:
    """Mean and sd of the `baseline` weeks ending `lag` weeks before each week.

    Column t of the result describes week t + baseline + lag (0-based).
    """
    windows = sliding_window_view(counts, baseline, axis=1)[:, : counts.shape[1] - baseline - lag]
    return windows.mean(axis=2), windows.std(axis=2, ddof=1)


def ears(
    batch: SeriesBatch,
    method: str,
    baseline: int = 7,
    alpha: float | None = None,
    minSigma: float = 0.0,  # noqa: N803  (R's name)
    variant: str = "R",
    range: tuple[int, int] | None = None,  # noqa: A002 (R's name)
) -> Detection:
    """Run earsC on R's default range (every week with enough history) or on `range`."""
    full = _ears_all(batch, method, baseline, alpha, minSigma, variant)
    return full.select(judged_positions(full.positions, range, batch.length))


def _ears_all(
    batch: SeriesBatch,
    method: str,
    baseline: int,
    alpha: float | None,
    minSigma: float,
    variant: str,
) -> Detection:
    _check(batch, method, baseline, minSigma)
    alpha = float(ears_defaults(method)["alpha"]) if alpha is None else alpha
    z = float(stats.norm.ppf(1 - alpha))
    first = baseline + FIRST[method]
    positions = np.arange(first, batch.length)
    mean, sd = _baseline_stats(batch.counts, baseline, LAGS[method])
    sd = np.maximum(sd, minSigma)
    if method == "C3":
        return _c3(batch.counts, mean, sd, z, positions, variant)
    mean, sd = mean[:, -len(positions) :], sd[:, -len(positions) :]
    upper = mean + z * sd
    return Detection(positions, mean, upper, _greater(batch.counts[:, positions], upper))


def _check(batch: SeriesBatch, method: str, baseline: int, min_sigma: float) -> None:
    if method not in LAGS:
        raise DetectionError(f"unknown EARS method {method!r}")
    if min_sigma < 0:
        raise DetectionError("minSigma must be >= 0")
    if baseline < 3:
        raise DetectionError("baseline must be >= 3 (R: 'Minimum baseline to use is 3.')")
    if batch.length < baseline + FIRST[method] + 1:
        raise DetectionError(
            f"series {batch.names[0]!r} has {batch.length} periods; EARS {method} with "
            f"baseline={baseline} needs at least {baseline + FIRST[method] + 1}"
        )


def _greater(observed: Array, upper: Array) -> Array:
    """R's `observed > upperbound` with NA propagation."""
    with np.errstate(invalid="ignore"):
        return np.where(np.isnan(observed) | np.isnan(upper), np.nan, observed > upper)


def _c3(counts: Array, mean: Array, sd: Array, z: float, positions: np.ndarray, variant: str):  # type: ignore[no-untyped-def]
    """C3: C2's excesses over 1 sd on the two previous weeks eat into the margin."""
    n = len(positions)
    c2_pos = np.arange(positions[0] - 2, positions[-1] + 1)
    mean, sd = mean[:, -len(c2_pos) :], sd[:, -len(c2_pos) :]
    with np.errstate(divide="ignore", invalid="ignore"):
        c2 = (counts[:, c2_pos] - mean) / sd
        lagged = np.maximum(0.0, c2[:, :n] - 1) + np.maximum(0.0, c2[:, 1 : n + 1] - 1)
        observed, s_now, m_now = counts[:, positions], sd[:, 2:], mean[:, 2:]
        if variant == "paper":
            return _c3_paper(observed, m_now, s_now, c2[:, 2:], lagged, z, positions)
        upper = np.maximum(0.0, observed + s_now * (z - lagged))
    return Detection(positions, m_now, upper, _greater(observed, upper))


def _c3_paper(observed, mean, sd, c2_now, lagged, z, positions):  # type: ignore[no-untyped-def]
    """C3 as published: alarm when the three-day sum of C2 excesses exceeds the threshold."""
    c3 = lagged + np.maximum(0.0, c2_now - 1)
    upper = np.maximum(0.0, mean + sd * (1 + z - lagged))
    alarm = np.where(np.isnan(c3), np.nan, c3 > z)
    return Detection(positions, mean, upper, alarm)
