"""Secondary suppression by hypercubes (the idea of Repsilber's GHMITER), for one table.

Along each dimension take the primary cell's level and one other level (Total
counts as a level); the 2, 4 or 8 cells at the corners of that box can be changed
together, +t at half of them and -t at the others, without changing any other
cell or margin. Hiding every corner lets an outsider shift the primary cell by any
t that keeps the corners >= 0. For each primary cell in turn the cheapest box
whose shift reaches the threshold is hidden; cells already hidden cost nothing.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Iterable

import numpy as np

Index = tuple[int, ...]


def protect_cells(
    values: np.ndarray,
    hidden: np.ndarray,
    cost: np.ndarray,
    targets: Iterable[Index],
    threshold: int,
) -> np.ndarray:
    """`values`, `hidden`, `cost` over the extended table (last index = Total)."""
    hidden = hidden.copy()
    for target in targets:
        corners = best_cube(values, hidden, cost, target, threshold)
        for corner in corners or []:
            hidden[corner] = True
    return hidden


def best_cube(
    values: np.ndarray, hidden: np.ndarray, cost: np.ndarray, target: Index, threshold: int
) -> list[Index] | None:
    """The corners of the cheapest box that protects `target`, or None if no box does."""
    k = values.ndim
    shape = values.shape
    axes = [
        np.arange(n).reshape([-1 if d == e else 1 for e in range(k)]) for d, n in enumerate(shape)
    ]
    # moving with the target (+1) or against it (-1): flips along a dimension unless a
    # Total is involved, since a margin moves with the cells it adds up.
    flips = [
        np.where((axes[d] == shape[d] - 1) | (target[d] == shape[d] - 1), 1, -1) for d in range(k)
    ]
    other = np.ones(shape, dtype=bool)
    for d in range(k):
        other &= axes[d] != target[d]
    with_target = np.full(shape, float(values[target]))
    against = np.full(shape, np.inf)
    extra = np.zeros(shape)
    usable = other.copy()
    for subset in _subsets(k):
        index = tuple(axes[d] if d in subset else target[d] for d in range(k))
        corner = values[index].astype(float)
        sign = functools.reduce(np.multiply, [flips[d] for d in subset])
        usable &= corner > 0  # zeros are published, never hidden
        with_target = np.minimum(with_target, np.where(sign > 0, corner, np.inf))
        against = np.minimum(against, np.where(sign < 0, corner, np.inf))
        extra += np.where(hidden[index], 0.0, cost[index])
    feasible = usable & (with_target + against >= threshold)
    if not feasible.any():
        return None
    best = np.unravel_index(int(np.argmin(np.where(feasible, extra, np.inf))), shape)
    return [
        tuple(int(best[d]) if d in subset else target[d] for d in range(k))
        for subset in _subsets(k)
    ]


def _subsets(k: int) -> list[tuple[int, ...]]:
    """The dimensions along which a corner leaves the target's level: all but the empty set."""
    return [s for r in range(1, k + 1) for s in itertools.combinations(range(k), r)]
