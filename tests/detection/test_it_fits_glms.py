"""The batched IRLS agrees with statsmodels' GLM on many small Poisson regressions."""

from __future__ import annotations

import numpy as np
import statsmodels.api as sm

from maillage.detection.glm import fit_quasipoisson, hat_values


def _batch(jobs: int, n: int, seed: int = 7) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    t = np.linspace(-1, 1, n)
    x = np.stack([np.ones((jobs, n)), np.tile(t, (jobs, 1))], axis=2)
    y = rng.poisson(np.exp(1 + 0.5 * rng.normal(size=(jobs, 1)) * t)).astype(float)
    return x, y


def test_coefficients_dispersion_and_hat_values_match_statsmodels() -> None:
    x, y = _batch(20, 35)
    w = np.random.default_rng(1).uniform(0.5, 2, size=y.shape)
    fit = fit_quasipoisson(x, y, np.ones(y.shape, bool), prior_w=w)
    hats = hat_values(fit, x)
    for j in range(len(y)):
        ref = sm.GLM(y[j], x[j], family=sm.families.Poisson(), var_weights=w[j]).fit(
            scale="X2", tol=1e-12
        )
        np.testing.assert_allclose(fit.beta[j], ref.params, rtol=1e-7)
        # like R, the working weights of the last iteration: equal up to convergence
        np.testing.assert_allclose(fit.dispersion[j], ref.scale, rtol=1e-3)
        np.testing.assert_allclose(hats[j], ref.get_hat_matrix_diag(), rtol=1e-3)
    assert fit.converged.all()


def test_padding_rows_do_not_count() -> None:
    x, y = _batch(5, 30)
    valid = np.ones(y.shape, bool)
    valid[:, 25:] = False
    padded = fit_quasipoisson(x, np.where(valid, y, 99.0), valid)
    short = fit_quasipoisson(x[:, :25], y[:, :25], valid[:, :25])
    np.testing.assert_allclose(padded.beta, short.beta, rtol=1e-12)
    np.testing.assert_array_equal(padded.df_resid, short.df_resid)


def test_all_zero_series_converge_towards_zero_like_r() -> None:
    """R's glm.fit stops when the deviance stalls: the fitted mean is tiny but positive."""
    x = np.ones((1, 20, 1))
    fit = fit_quasipoisson(x, np.zeros((1, 20)), np.ones((1, 20), bool))
    assert fit.converged[0]
    assert 0 < fit.mu[0, 0] < 1e-8
