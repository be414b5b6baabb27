"""Fellegi-Sunter model: m/u probabilities per comparison level, trained by EM.

EM runs on the distinct comparison vectors of the candidate pairs (a few
thousand patterns, whatever the number of pairs), so training is instant.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from maillage.linkage.compare import COMPARISONS

_FLOOR = 1e-6


def _default_m() -> list[np.ndarray]:
    return [np.array(p, dtype=float) for p in _DEFAULT_M]


def _default_u() -> list[np.ndarray]:
    return [np.array(p, dtype=float) for p in _DEFAULT_U]


# Starting points (and the model used on inputs too small to train on); index 0
# of each array is the "missing" level and is ignored.
_DEFAULT_M = (
    (0, 0.90, 0.06, 0.02, 0.02),
    (0, 0.80, 0.06, 0.04, 0.05, 0.05, 0.10),
    (0, 0.82, 0.08, 0.06, 0.03, 0.008, 0.002),
    (0, 0.98, 0.02),
    (0, 0.85, 0.15),
    (0, 0.80, 0.20),
    (0, 0.97, 0.03),
)
_DEFAULT_U = (
    (0, 0.02, 0.05, 0.18, 0.75),
    (0, 0.003, 0.01, 0.08, 0.227, 0.227, 0.453),
    (0, 0.00005, 0.0005, 0.002, 0.012, 0.024, 0.95845),
    (0, 0.5, 0.5),
    (0, 0.05, 0.95),
    (0, 0.0001, 0.9999),
    (0, 0.00001, 0.99999),
)


@dataclass
class Model:
    """Prior match probability among candidate pairs, and m/u per level."""

    prior: float = 0.02
    m: list[np.ndarray] = field(default_factory=_default_m)
    u: list[np.ndarray] = field(default_factory=_default_u)

    def log2_bayes_factors(self, levels: np.ndarray) -> np.ndarray:
        weights = np.zeros(len(levels))
        for c in range(len(COMPARISONS)):
            table = np.log2(np.maximum(self.m[c], _FLOOR) / np.maximum(self.u[c], _FLOOR))
            table[0] = 0.0
            weights += table[levels[:, c]]
        return weights

    def match_weight(self, levels: np.ndarray) -> np.ndarray:
        return np.log2(self.prior / (1 - self.prior)) + self.log2_bayes_factors(levels)

    def probability(self, levels: np.ndarray) -> np.ndarray:
        return 1.0 / (1.0 + np.exp2(-np.clip(self.match_weight(levels), -60, 60)))

    def describe(self) -> dict[str, object]:
        return {
            "prior": round(self.prior, 6),
            "comparisons": {
                c.name: {
                    label: {"m": round(float(m), 5), "u": round(float(u), 6)}
                    for label, m, u in zip(c.levels, self.m[i][1:], self.u[i][1:], strict=True)
                }
                for i, c in enumerate(COMPARISONS)
            },
        }


def level_frequencies(levels: np.ndarray, weights: np.ndarray | None = None) -> list[np.ndarray]:
    """Per comparison, the (weighted) share of each non-missing level."""
    out = []
    for c, comparison in enumerate(COMPARISONS):
        counts = np.bincount(levels[:, c], weights=weights, minlength=len(comparison.levels) + 1)
        counts = counts.astype(float) + 0.5  # a pseudo-count keeps unseen levels finite
        counts[0] = 0.0
        out.append(counts / counts.sum())
    return out


def patterns(levels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Distinct comparison vectors and how many pairs have each."""
    if len(levels) == 0:
        return levels, np.empty(0, dtype=np.int64)
    # One integer per vector (levels are small), so that a 1-D sort finds them.
    base = max(len(c.levels) for c in COMPARISONS) + 1
    radix = base ** np.arange(levels.shape[1] - 1, -1, -1, dtype=np.int64)
    codes = np.sort(levels.astype(np.int64) @ radix)
    starts = np.flatnonzero(np.r_[True, codes[1:] != codes[:-1]])
    codes, counts = codes[starts], np.diff(np.r_[starts, len(codes)])
    unique = (codes[:, None] // radix) % base
    return unique.astype(levels.dtype), counts


def train(
    levels: np.ndarray,
    u: list[np.ndarray],
    total_pairs: float,
    start: Model | None = None,
    iterations: int = 200,
    learn_m: bool = True,
) -> Model:
    """EM for the prior and m on candidate pairs, u fixed from random pairs.

    Pairs outside the candidates are taken as non-matches, so the prior is
    the match rate among all `total_pairs`, consistent with u measured on
    random pairs (as in Splink). With `learn_m=False` only the prior is
    learned, m staying as in `start`.
    """
    unique, counts = patterns(levels)
    start = start or Model(prior=min(0.5, len(levels) / total_pairs))
    model = Model(prior=start.prior, m=start.m, u=u)
    for _ in range(iterations):
        p = model.probability(unique)
        new = Model(
            prior=float(np.clip((p * counts).sum() / total_pairs, 1e-12, 0.5)),
            m=level_frequencies(unique, p * counts) if learn_m else model.m,
            u=u,
        )
        if _converged(model, new):
            return new
        model = new
    return model


def anchored(model: Model, anchor_levels: np.ndarray, anchor: int) -> Model:
    """m measured on pairs that agree on a unique identifier, where they are known.

    EM assumes the comparisons independent given the match status; namesakes
    and relatives are not, and EM absorbs them into m (too many "surname
    differs" among matches, for instance). Pairs agreeing on the national
    identifier are matches whatever their names, so the level frequencies
    among them are m directly (Splink's `estimate_m_from_label_column` idea).
    The anchor's own m stays as EM found it.
    """
    measured = level_frequencies(anchor_levels)
    m = [model.m[c] if c == anchor else measured[c] for c in range(len(COMPARISONS))]
    return Model(prior=model.prior, m=m, u=model.u)


def _converged(old: Model, new: Model, tolerance: float = 1e-7) -> bool:
    deltas = [np.abs(a - b).max() for a, b in zip(old.m, new.m, strict=True)]
    return abs(old.prior - new.prior) < tolerance and max(deltas) < tolerance
