"""The default matching engine: vectorised blocking, Fellegi-Sunter, clustering.

It works on `EncodedTable`s only (Bloom filters and keyed hashes), never on
clear identities.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

import numpy as np

from maillage.linkage.blocking import candidate_pairs
from maillage.linkage.clustering import additive_clusters
from maillage.linkage.compare import COMPARISON_INDEX, COMPARISONS, comparison_levels
from maillage.linkage.frequency import BORDERLINE_BITS, Frequencies
from maillage.linkage.model import Model, anchored, level_frequencies, train
from maillage.linkage.table import EncodedTable

# Two groups of records are one person when the pairs between them are, on
# average (in log-odds), at least this likely to match. Every pair of a group
# counts, not one link, hence a bar under even odds. Higher bars raise F1 a
# little and the person count more; 0.25 keeps both on target with a margin
# at 100k and 1M records (docs/linkage.md).
DEFAULT_THRESHOLD = 0.25
# Below this many candidate pairs EM has too little to learn from; the shipped
# default parameters are used instead, without frequency adjustments.
MIN_PAIRS_TO_TRAIN = 2_000
# m is measured on pairs agreeing on the NIR when there are at least this many.
MIN_ANCHOR_PAIRS = 500
U_SAMPLE_PAIRS = 2_000_000
log = logging.getLogger(__name__)


@dataclass
class Result:
    """Cluster label per record (0..k-1) and what the run learned."""

    labels: np.ndarray
    model: Model
    stats: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class PairScorer:
    """log2 odds that two records are one person, from the model and term frequencies."""

    table: EncodedTable
    model: Model
    frequencies: Frequencies | None

    def weights(
        self, left: np.ndarray, right: np.ndarray, levels: np.ndarray | None = None
    ) -> np.ndarray:
        levels = comparison_levels(self.table, left, right) if levels is None else levels
        weights = self.model.match_weight(levels)
        if self.frequencies is not None:
            undecided = np.abs(weights) < BORDERLINE_BITS
            weights += self.frequencies.adjustments(left, right, levels, self.model.u, undecided)
        return np.where(household_only(levels), -np.inf, weights)


def cluster_table(table: EncodedTable, threshold: float | None = None, seed: int = 0) -> Result:
    threshold = DEFAULT_THRESHOLD if threshold is None else threshold
    rng = np.random.default_rng(seed)
    left, right = candidate_pairs(table)
    levels = comparison_levels(table, left, right)
    model = fit_model(table, levels, rng)
    trained = len(levels) >= MIN_PAIRS_TO_TRAIN
    scorer = PairScorer(table, model, Frequencies.of(table, rng) if trained else None)
    weights = scorer.weights(left, right, levels)
    bar = float(np.log2(threshold / (1 - threshold)))
    labels = additive_clusters(len(table), left, right, weights, bar, scorer.weights)
    stats: dict[str, object] = {
        "candidate_pairs": int(len(left)),
        "pairs_above_bar": int((weights >= bar).sum()),
    }
    return Result(labels=labels, model=model, stats=stats)


def household_only(levels: np.ndarray) -> np.ndarray:
    """Pairs whose first names or birth dates clearly differ, with no NIR agreement.

    With different first names, their evidence is what relatives share
    (surname, phone, commune, and for twins the birth date); with different
    birth dates (not a typo in one part, not a swap, not a year apart), it is
    a shared name, which homonyms and a parent and child named alike also
    have. Those agreements are not independent, and a Fellegi-Sunter model that
    assumes they are merges families and namesakes (EM even learns that
    matches often have unrelated dates, from those very pairs).
    """
    first, date = COMPARISON_INDEX["first_name"], COMPARISON_INDEX["birth_date"]
    nir = COMPARISON_INDEX["nir"]
    first_differs = levels[:, first] == len(COMPARISONS[first].levels)
    date_differs = levels[:, date] == len(COMPARISONS[date].levels)
    return (first_differs | date_differs) & (levels[:, nir] != 1)


def fit_model(table: EncodedTable, levels: np.ndarray, rng: np.random.Generator) -> Model:
    if len(levels) < MIN_PAIRS_TO_TRAIN:
        return Model()
    n = len(table)
    total_pairs = n * (n - 1) / 2
    model = train(levels, u=estimate_u(table, rng), total_pairs=total_pairs)
    nir = COMPARISON_INDEX["nir"]
    anchors = levels[:, nir] == 1
    if anchors.sum() < MIN_ANCHOR_PAIRS:
        return model
    model = anchored(model, levels[anchors], nir)
    return train(levels, u=model.u, total_pairs=total_pairs, start=model, learn_m=False)


def estimate_u(table: EncodedTable, rng: np.random.Generator) -> list[np.ndarray]:
    """u probabilities from random pairs, almost all of which are non-matches."""
    n = len(table)
    left = rng.integers(0, n, U_SAMPLE_PAIRS, dtype=np.int32)
    right = rng.integers(0, n, U_SAMPLE_PAIRS, dtype=np.int32)
    distinct = left != right
    return level_frequencies(comparison_levels(table, left[distinct], right[distinct]))
