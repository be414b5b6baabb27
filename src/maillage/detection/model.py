"""The Farrington regression step shared by `farrington` and `farringtonFlexible`.

A job is one (series, judged week) pair. Column 0 of the design is the intercept,
column 1 the time trend (centred on the judged week, so the prediction row has 0
there), later columns the seasonal factor levels of farringtonFlexible.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np
from scipy import stats

from maillage.detection.glm import Array, GlmFit, Mask, fit_quasipoisson, hat_values


@dataclass
class Jobs:
    """Regression inputs of a batch of jobs."""

    x: Array  # (J, n, p)
    y: Array  # (J, n)
    valid: Mask  # (J, n)
    offset: Array  # (J, n)
    x0: Array  # (J, p) prediction row
    off0: Array  # (J,) prediction offset

    def take(self, idx: np.ndarray) -> Jobs:
        return Jobs(*(getattr(self, f.name)[idx] for f in fields(self)))

    def columns(self, cols: list[int]) -> Jobs:
        x, x0 = self.x[:, :, cols], self.x0[:, cols]
        return Jobs(x, self.y, self.valid, self.offset, x0, self.off0)

    @property
    def max_y(self) -> Array:
        return np.max(np.where(self.valid, self.y, -np.inf), axis=1)


@dataclass
class Summary:
    """What the detection needs from a fitted model, one value per job."""

    eta0: Array  # linear predictor at the judged week (offset included)
    var0: Array  # x0' (X'WX)^-1 x0, unscaled
    dispersion: Array  # summary.glm dispersion (may be < 1)
    phi: Array  # max(dispersion, 1)
    trend_p: Array  # p-value of the trend (NaN without trend)
    has_trend: Mask
    ok: Mask  # False where R gives up (no convergence in farringtonFlexible)

    @classmethod
    def empty(cls, n: int) -> Summary:
        nan = np.full(n, np.nan)
        no = np.zeros(n, dtype=bool)
        return cls(nan, nan.copy(), nan.copy(), nan.copy(), nan.copy(), no, no.copy())

    def put(self, idx: np.ndarray, other: Summary) -> None:
        for f in fields(self):
            getattr(self, f.name)[idx] = getattr(other, f.name)


def r_max1(x: Array) -> Array:
    """R's `max(x, 1)`: NaN stays NaN."""
    return np.where(np.isnan(x), np.nan, np.maximum(x, 1.0))


def anscombe_residuals(fit: GlmFit, jobs: Jobs, phi: Array) -> Array:
    """surveillance's `anscombe.residuals`."""
    h = hat_values(fit, jobs.x)
    with np.errstate(divide="ignore", invalid="ignore"):
        a = 1.5 * (jobs.y ** (2 / 3) * fit.mu ** (-1 / 6) - fit.mu**0.5)
        return a / np.sqrt(phi[:, None] * (1 - h))


def farrington_weights(s: Array, valid: Mask, threshold: float) -> Array:
    """surveillance's `algo.farrington.assign.weights`: down-weight past outbreaks."""
    big = s > threshold
    with np.errstate(divide="ignore", invalid="ignore"):
        inv2 = np.where(big, s**-2.0, 1.0)
        gamma = valid.sum(axis=1) / np.sum(np.where(valid, inv2, 0.0), axis=1)
    return np.where(valid, gamma[:, None] * inv2, 0.0)


def _fit_reweighted(jobs: Jobs, reweight: bool, threshold: float) -> tuple[GlmFit, Array, Mask]:
    """Fit, then refit with Anscombe-residual weights; returns (fit, phi, first converged)."""
    fit = fit_quasipoisson(jobs.x, jobs.y, jobs.valid, offset=jobs.offset)
    phi = r_max1(fit.dispersion)
    if not reweight:
        return fit, phi, fit.converged
    omega = farrington_weights(anscombe_residuals(fit, jobs, phi), jobs.valid, threshold)
    refit = fit_quasipoisson(jobs.x, jobs.y, jobs.valid, prior_w=omega, offset=jobs.offset)
    return refit, r_max1(refit.dispersion), fit.converged


def _summarise(fit: GlmFit, phi: Array, jobs: Jobs, trend: bool, quirk: bool) -> Summary:
    """`quirk`: farringtonFlexible stores the prior weights in `model$weights`, so every
    later summary() of a reweighted model estimates the dispersion with them."""
    eta0 = np.einsum("jp,jp->j", jobs.x0, fit.beta) + jobs.off0
    var0 = np.einsum("jp,jpq,jq->j", jobs.x0, fit.cov_unscaled, jobs.x0)
    n = len(eta0)
    disp = fit.dispersion_prior if quirk else fit.dispersion
    trend_p = _trend_pvalue(fit, disp) if trend else np.full(n, np.nan)
    return Summary(eta0, var0, disp, phi, trend_p, np.full(n, trend), np.ones(n, bool))


def _trend_pvalue(fit: GlmFit, dispersion: Array) -> Array:
    """Two-sided t-test p-value of the trend coefficient, as summary.glm gives it."""
    with np.errstate(divide="ignore", invalid="ignore"):
        t = fit.beta[:, 1] / np.sqrt(dispersion * fit.cov_unscaled[:, 1, 1])
        return 2 * stats.t.sf(np.abs(t), fit.df_resid)


def fit_model(
    jobs: Jobs, trend: bool, reweight: bool, threshold: float, strict: bool, quirk: bool = False
) -> Summary:
    """Fit with trend when asked, falling back to no trend where that does not converge.

    `strict` marks jobs whose trend-free fit does not converge either as failed
    (farringtonFlexible returns NULL); algo.farrington's fast fit carries on.
    """
    quirk = quirk and reweight
    p = jobs.x.shape[2]
    out = Summary.empty(len(jobs.y))
    rest = np.arange(len(jobs.y))
    if trend:
        fit, phi, conv = _fit_reweighted(jobs, reweight, threshold)
        good = np.flatnonzero(conv)
        out.put(good, _summarise(_take_fit(fit, good), phi[good], jobs.take(good), True, quirk))
        rest = np.flatnonzero(~conv)
    if len(rest):
        sub = jobs.take(rest).columns([c for c in range(p) if c != 1])
        fit, phi, conv = _fit_reweighted(sub, reweight, threshold)
        summary = _summarise(fit, phi, sub, False, quirk)
        summary.ok = conv if strict else np.ones(len(rest), bool)
        out.put(rest, summary)
    return out


def _take_fit(fit: GlmFit, idx: np.ndarray) -> GlmFit:
    return GlmFit(*(getattr(fit, f.name)[idx] for f in fields(fit)))
