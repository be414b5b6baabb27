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
    positive = np.where(values > 0, values.astype(float), np.nan)  # zeros are never hidden
    extra = np.where(hidden, 0.0, cost.astype(float))  # what hiding each cell still costs
    for target in targets:
        corners = _cheapest(positive, extra, target, threshold)
        for corner in corners or []:
            hidden[corner] = True
            extra[corner] = 0.0
    return hidden


def best_cube(
    values: np.ndarray, hidden: np.ndarray, cost: np.ndarray, target: Index, threshold: int
) -> list[Index] | None:
    """The corners of the cheapest box that protects `target`, or None if no box does."""
    positive = np.where(values > 0, values.astype(float), np.nan)
    return _cheapest(positive, np.where(hidden, 0.0, cost.astype(float)), target, threshold)


def _cheapest(
    positive: np.ndarray, extra: np.ndarray, target: Index, threshold: int
) -> list[Index] | None:
    """`positive`: the counts, NaN where 0; `extra`: the cost of hiding each cell now."""
    k = positive.ndim
    shape = positive.shape
    if np.isnan(positive[target]):
        return None
    axes = [
        np.arange(n).reshape([-1 if d == e else 1 for e in range(k)]) for d, n in enumerate(shape)
    ]
    # moving with the target (+1) or against it (-1): flips along a dimension unless a
    # Total is involved, since a margin moves with the cells it adds up.
    flips = [(axes[d] == shape[d] - 1) | (target[d] == shape[d] - 1) for d in range(k)]
    with_target = np.full(shape, float(positive[target]))
    against = np.full(shape, np.inf)
    total = np.zeros(shape)
    for subset in _subsets(k):
        index = tuple(axes[d] if d in subset else target[d] for d in range(k))
        corner = positive[index]
        # fmin skips NaN; the NaN added to `total` marks a box with a zero corner unusable
        moves_with = _moves_with(flips, subset)
        np.fmin(with_target, np.where(moves_with, corner, np.inf), out=with_target)
        np.fmin(against, np.where(moves_with, np.inf, corner), out=against)
        total = total + extra[index] + np.where(np.isnan(corner), np.nan, 0.0)
    for d in range(k):
        total[(slice(None),) * d + (target[d],)] = np.nan  # the box leaves each level
    feasible = (with_target + against >= threshold) & ~np.isnan(total)
    if not feasible.any():
        return None
    best = np.unravel_index(int(np.argmin(np.where(feasible, total, np.inf))), shape)
    return [
        tuple(int(best[d]) if d in subset else target[d] for d in range(k))
        for subset in _subsets(k)
    ]


def _moves_with(flips: list[np.ndarray], subset: tuple[int, ...]) -> np.ndarray:
    """Whether a corner moves with the target: an even number of flips along `subset`."""
    flipped = functools.reduce(np.add, [(~flips[d]).astype(np.int8) for d in subset])
    return np.asarray(flipped % 2 == 0)


def _subsets(k: int) -> list[tuple[int, ...]]:
    """The dimensions along which a corner leaves the target's level: all but the empty set."""
    return [s for r in range(1, k + 1) for s in itertools.combinations(range(k), r)]
