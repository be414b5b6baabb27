"""From scored pairs to persons: components of the links, rebuilt where pairs disagree.

Plain connected components chain: A-B and B-C put A and C together even when
A and C are clearly different persons. Here a component in which some pair
falls below the bar is rebuilt greedily: links are taken strongest first, and
two groups are joined only if the pairs between them, *all* of them, weigh
more for than against (the sum of their log-odds above the bar is positive).
Pairs that were never candidates but end up in the same component are scored
too, so a group is judged on every pair it would hold.

A pair against counts for at most DOUBT_CAP bits, and a pair the household
guard keeps apart (weight -inf) for APART_PENALTY: records typed independently
from one person disagree with each other more than each disagrees with the
person's best record, so a very strong link (above about 0.99999, as in the
FEBRL data sets, where every duplicate is a corrupted copy of one original)
still holds a group together.

This is the greedy additive heuristic of correlation clustering, on
Fellegi-Sunter weights.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

# Components larger than this are chains through frequent values; all their
# pairs are not scored (quadratic), the candidate pairs still are.
MAX_COMPONENT_SCORED = 1_000

# Most a pair counts against joining two groups (log2 odds), and what a pair
# kept apart by the household guard counts; both measured (docs/linkage.md).
DOUBT_CAP = 5.0
APART_PENALTY = 17.0

Weigh = Callable[[np.ndarray, np.ndarray], np.ndarray]


def additive_clusters(
    n: int, left: np.ndarray, right: np.ndarray, weights: np.ndarray, bar: float, weigh: Weigh
) -> np.ndarray:
    """Cluster label per record; `weigh(left, right)` scores pairs not yet scored."""
    labels = components(n, left[weights >= bar], right[weights >= bar])
    more_left, more_right = _unscored_pairs(labels, left, right)
    if len(more_left):
        left, right = np.r_[left, more_left], np.r_[right, more_right]
        weights = np.r_[weights, weigh(more_left, more_right)]
    inside = labels[left] == labels[right]
    doubtful = inside & (weights < bar)
    if not doubtful.any():
        return labels
    rebuilt = np.zeros(labels.max() + 1, dtype=bool)
    rebuilt[labels[left[doubtful]]] = True
    rework = inside & rebuilt[labels[left]]
    settled = (weights >= bar) & ~rework
    excess = np.maximum(weights[rework] - bar, -DOUBT_CAP)
    excess[np.isneginf(weights[rework])] = -APART_PENALTY
    kept_left, kept_right = greedy_merge(left[rework], right[rework], excess)
    return components(n, np.r_[left[settled], kept_left], np.r_[right[settled], kept_right])


def greedy_merge(
    left: np.ndarray, right: np.ndarray, excess: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The links kept: strongest first, joining two groups when their pairs sum above zero."""
    between: dict[int, dict[int, float]] = {}
    for a, b, x in zip(left.tolist(), right.tolist(), excess.tolist(), strict=True):
        between.setdefault(a, {})[b] = x
        between.setdefault(b, {})[a] = x
    parent: dict[int, int] = {}
    kept: list[tuple[int, int]] = []
    order = np.argsort(-excess, kind="stable")
    for index in order[excess[order] > 0].tolist():
        a, b = int(left[index]), int(right[index])
        group_a, group_b = _root(parent, a), _root(parent, b)
        if group_a == group_b or between[group_a].get(group_b, 0.0) <= 0:
            continue
        _join(between, parent, group_a, group_b)
        kept.append((a, b))
    pairs = np.array(kept, dtype=left.dtype).reshape(-1, 2)
    return pairs[:, 0], pairs[:, 1]


def _root(parent: dict[int, int], node: int) -> int:
    root = node
    while parent.get(root, root) != root:
        root = parent[root]
    while node != root:
        parent[node], node = root, parent.get(node, root)
    return root


def _join(between: dict[int, dict[int, float]], parent: dict[int, int], a: int, b: int) -> None:
    """Merge group a into group b (the smaller into the larger), summing their pair weights."""
    if len(between[a]) > len(between[b]):
        a, b = b, a
    parent[a] = b
    from_a, into_b = between.pop(a), between[b]
    into_b.pop(a, None)
    for other, weight in from_a.items():
        if other == b:
            continue
        into_b[other] = into_b.get(other, 0.0) + weight
        neighbour = between[other]
        neighbour.pop(a, None)
        neighbour[b] = into_b[other]


def _unscored_pairs(
    labels: np.ndarray, left: np.ndarray, right: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Pairs inside components of 3+ records that were not among the scored pairs."""
    order = np.argsort(labels, kind="stable")
    sorted_labels = labels[order]
    starts = np.flatnonzero(np.r_[True, sorted_labels[1:] != sorted_labels[:-1]])
    sizes = np.diff(np.r_[starts, len(labels)])
    chunks_left, chunks_right = [np.empty(0, np.int64)], [np.empty(0, np.int64)]
    for size in np.unique(sizes[(sizes >= 3) & (sizes <= MAX_COMPONENT_SCORED)]).tolist():
        members = order[starts[sizes == size][:, None] + np.arange(size)]
        i, j = np.triu_indices(size, k=1)
        a, b = members[:, i].ravel(), members[:, j].ravel()
        chunks_left.append(np.minimum(a, b))
        chunks_right.append(np.maximum(a, b))
    more_left, more_right = np.concatenate(chunks_left), np.concatenate(chunks_right)
    n = np.int64(len(labels))
    inside = labels[left] == labels[right]
    scored = left[inside].astype(np.int64) * n + right[inside]
    # Both sets are already unique; saying so skips numpy's slow hashing of them.
    new = ~np.isin(more_left * n + more_right, scored, assume_unique=True)
    return more_left[new].astype(left.dtype), more_right[new].astype(right.dtype)


def components(n: int, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    graph = coo_matrix((np.ones(len(left), dtype=np.int8), (left, right)), shape=(n, n))
    _, labels = connected_components(graph, directed=False)
    return labels
