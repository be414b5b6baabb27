"""Frequency tables and their margins."""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

import numpy as np

from maillage.disclosure.interval_attack import TOTAL, Key

MAX_DIMS = 3


class DisclosureError(ValueError):
    """A table or a set of tables the engine cannot protect as given."""


class Status(StrEnum):
    PUBLISHED = "published"
    PRIMARY = "primary"
    SECONDARY = "secondary"


@dataclass(frozen=True, eq=False)
class Table:
    """Counts of one to three dimensions; `counts[i, j, k]` is the cell of levels i, j, k.

    `scope` says the table counts only part of the population, e.g. {"hub": "Nord"}
    for one hub's table published beside the network's: see `protect_linked`.
    """

    dims: tuple[str, ...]
    levels: tuple[tuple[str, ...], ...]
    counts: np.ndarray
    scope: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "dims", tuple(self.dims))
        object.__setattr__(self, "levels", tuple(tuple(lv) for lv in self.levels))
        object.__setattr__(self, "scope", dict(self.scope))
        _check_names(self.dims, self.levels, self.scope)
        counts = np.asarray(self.counts)
        shape = tuple(len(lv) for lv in self.levels)
        if counts.shape != shape:
            raise DisclosureError(f"counts have shape {counts.shape}, the levels say {shape}")
        if counts.size and not np.all(np.equal(np.mod(counts, 1), 0)):
            raise DisclosureError("counts must be whole numbers")
        if counts.size and counts.min() < 0:
            raise DisclosureError("counts must not be negative")
        object.__setattr__(self, "counts", counts.astype(np.int64))

    @classmethod
    def from_counts(
        cls,
        dims: Sequence[str],
        counts: Mapping[Key, int],
        levels: Sequence[Sequence[str]] | None = None,
        scope: Mapping[str, str] | None = None,
    ) -> Table:
        """A table from {(level, ...): count}; absent cells are 0.

        Levels come in order of first appearance among the keys unless given.
        """
        if levels is None:
            seen: list[dict[str, None]] = [{} for _ in dims]
            for key in counts:
                for d, level in enumerate(key):
                    seen[d][level] = None
            levels = [list(s) for s in seen]
        position = [{level: i for i, level in enumerate(lv)} for lv in levels]
        array = np.zeros(tuple(len(lv) for lv in levels), dtype=np.int64)
        for key, count in counts.items():
            if len(key) != len(dims):
                raise DisclosureError(f"cell {key} does not have {len(dims)} levels")
            try:
                index = tuple(position[d][level] for d, level in enumerate(key))
            except KeyError:
                raise DisclosureError(f"cell {key} has a level outside the levels") from None
            array[index] += count
        return cls(tuple(dims), tuple(tuple(lv) for lv in levels), array, dict(scope or {}))

    @property
    def shape(self) -> tuple[int, ...]:
        return tuple(len(lv) for lv in self.levels)

    def extended(self) -> np.ndarray:
        """Every cell and margin: one more index along each axis, the last one for Total."""
        ext = self.counts
        for axis in range(ext.ndim):
            ext = np.concatenate([ext, ext.sum(axis=axis, keepdims=True)], axis=axis)
        return ext

    def key(self, index: Sequence[int]) -> Key:
        return tuple(
            TOTAL if i == len(lv) else lv[i] for i, lv in zip(index, self.levels, strict=True)
        )

    def index(self, key: Key) -> tuple[int, ...]:
        if len(key) != len(self.dims):
            raise DisclosureError(f"cell {key} does not have {len(self.dims)} levels")
        try:
            return tuple(
                len(lv) if level == TOTAL else lv.index(level)
                for level, lv in zip(key, self.levels, strict=True)
            )
        except ValueError:
            raise DisclosureError(f"the table has no cell {key}") from None

    def indices(self) -> Iterator[tuple[int, ...]]:
        """Every cell and margin, each dimension's levels in order and its Total last."""
        return itertools.product(*[range(len(lv) + 1) for lv in self.levels])


def _check_names(
    dims: tuple[str, ...], levels: tuple[tuple[str, ...], ...], scope: Mapping[str, str]
) -> None:
    if not 1 <= len(dims) <= MAX_DIMS:
        raise DisclosureError(f"a table has 1 to {MAX_DIMS} dimensions, not {len(dims)}")
    if len(levels) != len(dims):
        raise DisclosureError("a table needs one list of levels per dimension")
    names = [*dims, *scope]
    if len(set(names)) != len(names) or not all(names):
        raise DisclosureError(f"dimension names must be distinct and not empty: {names}")
    for dim, lv in zip(dims, levels, strict=True):
        if not lv:
            raise DisclosureError(f"dimension {dim!r} has no level")
        if len(set(lv)) != len(lv):
            raise DisclosureError(f"dimension {dim!r} repeats a level")
        if TOTAL in lv or "" in lv:
            raise DisclosureError(f"dimension {dim!r}: a level cannot be empty or {TOTAL!r}")
