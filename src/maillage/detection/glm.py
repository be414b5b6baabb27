"""Batched quasi-Poisson GLM fits, replaying R's `glm.fit` iteration by iteration.

Each job is one small regression (one series, one judged week). All jobs of a batch
share the shape (n observations, p coefficients); padding rows carry `valid=False`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.float64]
Mask = NDArray[np.bool_]

MAXIT = 25  # glm.control() defaults
EPSILON = 1e-8
DBL_EPS = float(np.finfo(float).eps)


def linkinv(eta: Array) -> Array:
    """R's inverse log link: the mean never goes below machine epsilon."""
    with np.errstate(over="ignore"):
        return np.maximum(np.exp(eta), DBL_EPS)


@dataclass
class GlmFit:
    """What R's fitted `glm` object holds, for a batch of jobs."""

    beta: Array  # (J, p)
    mu: Array  # (J, n) fitted values
    work_w: Array  # (J, n) working weights of the last iteration (model$weights)
    cov_unscaled: Array  # (J, p, p) (X'WX)^-1
    dispersion: Array  # (J,) summary.glm's Pearson estimate, NaN when no residual df
    dispersion_prior: Array  # (J,) the same with prior instead of working weights
    df_resid: Array  # (J,)
    converged: Mask  # (J,)


def poisson_deviance(y: Array, mu: Array, prior_w: Array) -> Array:
    """Sum of R's `poisson()$dev.resids` over each job."""
    with np.errstate(divide="ignore", invalid="ignore"):
        ylogy = np.where(y > 0, y * np.log(np.where(y > 0, y, 1.0) / mu), 0.0)
    return 2.0 * np.sum(prior_w * (ylogy - (y - mu)), axis=1)


def _solve(a: Array, rhs: Array) -> Array:
    """Batched solve that yields NaN instead of raising for singular systems."""
    try:
        return np.linalg.solve(a, rhs[..., None])[..., 0]
    except np.linalg.LinAlgError:
        out = np.full(rhs.shape, np.nan)
        for j in range(a.shape[0]):
            try:
                out[j] = np.linalg.solve(a[j], rhs[j])
            except np.linalg.LinAlgError:
                pass
        return out


def _wls_step(x: Array, z: Array, w: Array) -> tuple[Array, Array]:
    """One weighted least-squares step: returns (X'WX, beta)."""
    xw = x * w[..., None]
    xtwx = np.matmul(xw.transpose(0, 2, 1), x)
    xtwz = np.einsum("jnp,jn->jp", xw, z)
    return xtwx, _solve(xtwx, xtwz)


def _linear_predictor(x: Array, beta: Array, offset: Array) -> Array:
    return np.einsum("jnp,jp->jn", x, beta) + offset


class _State:
    """Mutable IRLS state of a batch, updated in place on the active jobs."""

    def __init__(self, y: Array, offset: Array, prior_w: Array, p: int) -> None:
        jobs, n = y.shape
        self.mu = y + 0.1  # poisson()$initialize
        self.eta = np.log(self.mu)
        self.devold = poisson_deviance(y, self.mu, prior_w)
        self.beta = np.zeros((jobs, p))
        self.work_w = np.zeros((jobs, n))
        self.xtwx = np.zeros((jobs, p, p))
        self.converged = np.zeros(jobs, dtype=bool)
        self.iterations = np.zeros(jobs, dtype=np.int64)


def _halve_invalid(
    x: Array, y: Array, offset: Array, prior_w: Array, beta: Array, beta_old: Array, first: bool
) -> tuple[Array, Array, Array]:
    """glm.fit's step halving when the deviance or the fitted means are invalid."""
    eta = _linear_predictor(x, beta, offset)
    mu = linkinv(eta)
    with np.errstate(over="ignore", invalid="ignore"):
        dev = poisson_deviance(y, mu, prior_w)
    for _ in range(MAXIT):
        bad = ~np.isfinite(dev) | np.any((~np.isfinite(mu) | (mu <= 0)) & (prior_w > 0), axis=1)
        if not bad.any():
            break
        if first:  # R stops: no valid set of coefficients; the job gets NaN
            beta[bad] = np.nan
            break
        beta[bad] = (beta[bad] + beta_old[bad]) / 2
        eta[bad] = _linear_predictor(x[bad], beta[bad], offset[bad])
        mu[bad] = linkinv(eta[bad])
        with np.errstate(over="ignore", invalid="ignore"):
            dev[bad] = poisson_deviance(y[bad], mu[bad], prior_w[bad])
    return beta, eta, dev


def _iterate(st: _State, x: Array, y: Array, offset: Array, prior_w: Array, it: int) -> None:
    """Run one IRLS iteration on the jobs not yet converged."""
    idx = np.flatnonzero(~st.converged)
    xa, ya, oa, pa = x[idx], y[idx], offset[idx], prior_w[idx]
    mu, eta = st.mu[idx], st.eta[idx]
    z = eta - oa + (ya - mu) / mu
    w = pa * mu
    xtwx, beta = _wls_step(xa, z, w)
    beta, eta, dev = _halve_invalid(xa, ya, oa, pa, beta, st.beta[idx], it == 0)
    with np.errstate(invalid="ignore"):
        done = np.abs(dev - st.devold[idx]) / (np.abs(dev) + 0.1) < EPSILON
    st.beta[idx], st.eta[idx], st.mu[idx] = beta, eta, linkinv(eta)
    st.work_w[idx], st.xtwx[idx], st.devold[idx] = w, xtwx, dev
    st.iterations[idx] += 1
    st.converged[idx[done]] = True


def _inverse(a: Array) -> Array:
    try:
        return np.linalg.inv(a)
    except np.linalg.LinAlgError:
        return np.stack([_safe_inv(m) for m in a])


def _safe_inv(m: Array) -> Array:
    try:
        return np.linalg.inv(m)
    except np.linalg.LinAlgError:
        return np.full(m.shape, np.nan)


def fit_quasipoisson(
    x: Array,
    y: Array,
    valid: Mask,
    prior_w: Array | None = None,
    offset: Array | None = None,
) -> GlmFit:
    """Fit `glm(y ~ X - 1, family=quasipoisson)` for every job, as R's glm.fit does."""
    pw = valid.astype(float) if prior_w is None else np.where(valid, prior_w, 0.0)
    off = np.zeros(y.shape) if offset is None else np.where(valid, offset, 0.0)
    yv = np.where(valid, y, 0.0)
    xv = x * valid[..., None]
    st = _State(yv, off, pw, x.shape[2])
    for it in range(MAXIT):
        if st.converged.all():
            break
        _iterate(st, xv, yv, off, pw, it)
    return _finish(st, yv, valid, pw)


def _finish(st: _State, y: Array, valid: Mask, prior_w: Array) -> GlmFit:
    p = st.beta.shape[1]
    df = valid.sum(axis=1) - p
    with np.errstate(divide="ignore", invalid="ignore"):
        resid = np.where(valid, (y - st.mu) / st.mu, 0.0)
        pearson = np.sum(st.work_w * resid**2 * (prior_w > 0), axis=1)
        dispersion = np.where(df > 0, pearson / np.maximum(df, 1), np.nan)
        prior = np.sum(prior_w * resid**2, axis=1)
        dispersion_prior = np.where(df > 0, prior / np.maximum(df, 1), np.nan)
    return GlmFit(
        beta=st.beta,
        mu=st.mu,
        work_w=st.work_w,
        cov_unscaled=_inverse(st.xtwx),
        dispersion=dispersion,
        dispersion_prior=dispersion_prior,
        df_resid=df.astype(float),
        converged=st.converged.copy(),
    )


def hat_values(fit: GlmFit, x: Array) -> Array:
    """Diagonal of the weighted hat matrix, as `hatvalues()` on a glm."""
    h = fit.work_w * np.einsum("jnp,jpq,jnq->jn", x, fit.cov_unscaled, x)
    return np.where(h > 1 - 10 * np.finfo(float).eps, 1.0, h)
