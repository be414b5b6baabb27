"""The default matching engine: vectorised blocking, Fellegi-Sunter, clustering.

It works on `EncodedTable`s only (Bloom filters and keyed hashes), never on
clear identities.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from maillage.linkage.blocking import candidate_pairs
from maillage.linkage.compare import COMPARISON_INDEX, COMPARISONS, comparison_levels
from maillage.linkage.model import Model, level_frequencies, train
from maillage.linkage.table import EncodedTable

# A pair is linked when it is more likely than not the same person (the Bayes
# decision for counting persons); chains are checked by consistent_components.
DEFAULT_THRESHOLD = 0.5
# Below this many candidate pairs EM has too little to learn from; the shipped
# default parameters are used instead.
MIN_PAIRS_TO_TRAIN = 2_000
U_SAMPLE_PAIRS = 2_000_000
# Successive link probabilities required inside a component that joins two
# records kept apart (see consistent_components).
SPLIT_BARS = (0.9, 0.99, 0.999, 0.9999, 0.99999)
log = logging.getLogger(__name__)


@dataclass
class Result:
    """Cluster label per record (0..k-1) and what the run learned."""

    labels: np.ndarray
    model: Model
    stats: dict[str, object] = field(default_factory=dict)


def cluster_table(table: EncodedTable, threshold: float | None = None, seed: int = 0) -> Result:
    threshold = DEFAULT_THRESHOLD if threshold is None else threshold
    left, right = candidate_pairs(table)
    levels = comparison_levels(table, left, right)
    model = fit_model(table, levels, np.random.default_rng(seed))
    guarded = household_only(levels)
    probability = np.where(guarded, 0.0, model.probability(levels))
    keep = probability >= threshold
    labels = consistent_components(
        len(table), left[keep], right[keep], probability[keep], left[guarded], right[guarded]
    )
    stats = {"candidate_pairs": int(len(left)), "matched_pairs": int(keep.sum())}
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
    return train(levels, u=estimate_u(table, rng), total_pairs=n * (n - 1) / 2)


def estimate_u(table: EncodedTable, rng: np.random.Generator) -> list[np.ndarray]:
    """u probabilities from random pairs, almost all of which are non-matches."""
    n = len(table)
    left = rng.integers(0, n, U_SAMPLE_PAIRS, dtype=np.int32)
    right = rng.integers(0, n, U_SAMPLE_PAIRS, dtype=np.int32)
    distinct = left != right
    return level_frequencies(comparison_levels(table, left[distinct], right[distinct]))


def consistent_components(
    n: int,
    left: np.ndarray,
    right: np.ndarray,
    probability: np.ndarray,
    apart_left: np.ndarray,
    apart_right: np.ndarray,
) -> np.ndarray:
    """Connected components of the links, split where they join records kept apart.

    Plain connected components chain: A-B and B-C put A and C together even
    when A and C are clearly different persons (different first names or
    unrelated birth dates). A component holding such a pair is rebuilt from its
    stronger links only, raising the bar step by step until no such pair is
    left inside (or the bar is as high as it goes).
    """
    labels = components(n, left, right)
    for bar in SPLIT_BARS:
        clash = labels[apart_left] == labels[apart_right]
        if not clash.any():
            break
        bad = np.zeros(labels.max() + 1, dtype=bool)
        bad[labels[apart_left[clash]]] = True
        inside = bad[labels[left]]
        keep = ~inside | (probability >= bar)
        left, right, probability = left[keep], right[keep], probability[keep]
        labels = components(n, left, right)
    return labels


def components(n: int, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    graph = coo_matrix((np.ones(len(left), dtype=np.int8), (left, right)), shape=(n, n))
    _, labels = connected_components(graph, directed=False)
    return labels
