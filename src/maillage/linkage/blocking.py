"""Candidate pairs: records that share at least one blocking key."""

from __future__ import annotations

import numpy as np

from maillage.linkage.table import EncodedTable

# Above this size a block is a frequent value (a shared switchboard number, a
# placeholder), not evidence; comparing all its pairs would be quadratic.
MAX_BLOCK_SIZE = 200


def candidate_pairs(
    table: EncodedTable, max_block: int = MAX_BLOCK_SIZE
) -> tuple[np.ndarray, np.ndarray]:
    """Unique (left, right) record indices with left < right."""
    keys, records = _unique_key_records(table.block_keys, table.block_records)
    starts, sizes = _groups(keys)
    n = np.int64(max(len(table), 1))
    chunks = [_pairs_of_size(records, starts[sizes == s], s, n) for s in _sizes(sizes, max_block)]
    if not chunks:
        return np.empty(0, np.int32), np.empty(0, np.int32)
    codes = sorted_unique(np.concatenate(chunks))
    return (codes // n).astype(np.int32), (codes % n).astype(np.int32)


def sorted_unique(values: np.ndarray) -> np.ndarray:
    """np.unique by sorting: much faster than np.unique on millions of distinct values."""
    values = np.sort(values)
    if len(values) == 0:
        return values
    return values[np.r_[True, values[1:] != values[:-1]]]


def _unique_key_records(keys: np.ndarray, records: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    # Records come in increasing order within each key (tables list each
    # record's keys in turn), so a stable sort on the keys alone is enough.
    order = np.argsort(keys, kind="stable")
    if len(records) > 1 and (np.diff(records) < 0).any():
        order = np.lexsort((records, keys))
    keys, records = keys[order], records[order]
    keep = np.ones(len(keys), dtype=bool)
    keep[1:] = (keys[1:] != keys[:-1]) | (records[1:] != records[:-1])
    return keys[keep], records[keep]


def _groups(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    if len(keys) == 0:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    sizes = np.diff(np.r_[starts, len(keys)])
    return starts, sizes


def _sizes(sizes: np.ndarray, max_block: int) -> list[int]:
    present = np.unique(sizes)
    return [int(s) for s in present if 2 <= s <= max_block]


def _pairs_of_size(records: np.ndarray, starts: np.ndarray, size: int, n: np.int64) -> np.ndarray:
    """Pair codes left * n + right for every pair inside same-size groups."""
    members = records[starts[:, None] + np.arange(size)].astype(np.int64)
    left_pos, right_pos = np.triu_indices(size, k=1)
    left, right = members[:, left_pos].ravel(), members[:, right_pos].ravel()
    low, high = np.minimum(left, right), np.maximum(left, right)
    return low * n + high
