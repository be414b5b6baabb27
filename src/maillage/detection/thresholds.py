"""Upper bounds of the Farrington methods: delta method and Noufaily's quantiles."""

from __future__ import annotations

import numpy as np
from scipy import special, stats

from maillage.detection.glm import Array

EXPONENTS = {"none": 1.0, "1/2": 0.5, "2/3": 2 / 3}


def delta_upper(mu0: Array, se_fit: Array, phi: Array, powertrans: str, z: float) -> Array:
    """Upper limit after a power transformation (algo.farrington.threshold).

    R sorts (lower, upper) with NaN first and keeps the second, which is the
    larger non-NaN one: that is what `fmax` gives.
    """
    e = EXPONENTS[powertrans]
    with np.errstate(divide="ignore", invalid="ignore"):
        tau = phi + se_fit**2 / mu0
        # Variance of the transformed count per unit of tau, for each exponent.
        scale: dict[float, Array | float] = {1.0: mu0, 0.5: 0.25, 2 / 3: 4 / 9 * mu0 ** (1 / 3)}
        se = np.sqrt(scale[e] * tau)
        centre = mu0**e
        lower = (centre - z * se) ** (1 / e)
        upper = (centre + z * se) ** (1 / e)
    return np.fmax(lower, upper)


def _nbinom_cdf(k: Array, size: Array, prob: Array) -> Array:
    """P(X <= k) for a real `size` (special.nbdtr would truncate it)."""
    with np.errstate(invalid="ignore"):
        return np.where(k < 0, 0.0, special.betainc(size, np.maximum(k, 0) + 1, prob))


def _poisson_cdf(k: Array, mu: Array) -> Array:
    return special.pdtr(k, mu)


def _discrete_quantile(q: float, start: Array, cdf) -> Array:  # type: ignore[no-untyped-def]
    """Smallest k with cdf(k) >= q, refining a first guess the way R's search does."""
    k = np.where(np.isfinite(start), np.maximum(start, 0.0), np.nan)
    for _ in range(64):
        down = (k > 0) & (cdf(k - 1) >= q)
        if not down.any():
            break
        k = np.where(down, k - 1, k)
    for _ in range(64):
        up = np.isfinite(k) & (cdf(k) < q)
        if not up.any():
            break
        k = np.where(up, k + 1, k)
    return k


def quantile_upper(mu_q: Array, phi: Array, alpha: float) -> Array:
    """Noufaily et al.'s (1 - alpha) quantile: negative binomial, or Poisson when phi <= 1."""
    q = 1 - alpha
    out = np.full(mu_q.shape, np.nan)
    nb = np.isfinite(mu_q) & (phi > 1)
    po = np.isfinite(mu_q) & (phi <= 1)
    if nb.any():
        size, prob = mu_q[nb] / (phi[nb] - 1), 1 / phi[nb]
        start = stats.nbinom.ppf(q, size, prob)
        out[nb] = _discrete_quantile(q, start, lambda k: _nbinom_cdf(k, size, prob))
    if po.any():
        m = mu_q[po]
        out[po] = _discrete_quantile(q, stats.poisson.ppf(q, m), lambda k: _poisson_cdf(k, m))
    return out
