"""Tables published together as one linear system over the joint table.

The joint table crosses every dimension of every table; each cell or margin of a
table is the sum of the joint cells it covers. Cells of different tables that cover
the same joint cells are one quantity (one row here): hidden in one table, hidden in
all. The suppression code works on this system; the attack builds its own.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from scipy.optimize import linprog

from maillage.disclosure.table import DisclosureError, Table

MAX_JOINT_CELLS = 2_000_000


@dataclass
class System:
    a: sparse.csr_matrix  # quantities x joint cells, 0/1
    value: np.ndarray  # each quantity's count
    row_of: list[np.ndarray]  # per table: the quantity of each cell and margin (extended shape)
    base: np.ndarray  # joint counts consistent with every table

    @property
    def cost(self) -> np.ndarray:
        """Information lost by hiding a quantity: its count, plus one per hidden cell."""
        return self.value.astype(float) + 1.0


def build(tables: Sequence[Table], declared: Mapping[str, Sequence[str]] | None = None) -> System:
    dims, levels = joint_dimensions(tables, declared or {})
    shape = tuple(len(lv) for lv in levels)
    n = math.prod(shape)
    if n > MAX_JOINT_CELLS:
        raise DisclosureError(f"the joint table would have {n} cells (at most {MAX_JOINT_CELLS})")
    coords = np.indices(shape).reshape(len(shape), n)
    cells = [_cells_of(t, dims, levels, coords) for t in tables]
    rows: dict[bytes, int] = {}
    row_of, value, matrices, origin = [], [], [], []
    for t, (table, inner) in enumerate(zip(tables, cells, strict=True)):
        ext = table.extended()
        per_cell = _margins(table, inner)
        ids = np.empty(ext.size, dtype=np.int64)
        for c in range(ext.size):
            cols = per_cell.indices[per_cell.indptr[c] : per_cell.indptr[c + 1]]
            sig = np.sort(cols).tobytes()
            if sig not in rows:
                rows[sig] = len(rows)
                value.append(int(ext.flat[c]))
                matrices.append(np.sort(cols))
                origin.append((t, c))
            elif value[rows[sig]] != int(ext.flat[c]):
                first_t, first_c = origin[rows[sig]]
                raise DisclosureError(_disagree(tables, first_t, first_c, t, c))
            ids[c] = rows[sig]
        row_of.append(ids.reshape(ext.shape))
    indptr = np.cumsum([0, *[len(m) for m in matrices]])
    cols = np.concatenate(matrices) if matrices else np.zeros(0, dtype=np.int64)
    a = sparse.csr_matrix((np.ones(len(cols)), cols, indptr), shape=(len(matrices), n))
    values = np.array(value, dtype=np.int64)
    base = _base(tables, cells, a, values)
    return System(a, values, row_of, base)


def joint_dimensions(
    tables: Sequence[Table], declared: Mapping[str, Sequence[str]]
) -> tuple[list[str], list[list[str]]]:
    dims: list[str] = []
    for table in tables:
        dims += [d for d in (*table.dims, *table.scope) if d not in dims]
    unknown = set(declared) - set(dims)
    if unknown:
        raise DisclosureError(f"levels declared for dimensions no table has: {sorted(unknown)}")
    return dims, [_levels(d, tables, declared.get(d)) for d in dims]


def _levels(dim: str, tables: Sequence[Table], declared: Sequence[str] | None) -> list[str]:
    full = [t.levels[t.dims.index(dim)] for t in tables if dim in t.dims]
    scoped = list(dict.fromkeys(t.scope[dim] for t in tables if dim in t.scope))
    if full:
        levels = list(full[0])
        if any(set(lv) != set(levels) for lv in full):
            raise DisclosureError(f"the tables classify {dim!r} into different levels")
        if declared is not None and set(declared) != set(levels):
            raise DisclosureError(f"the levels declared for {dim!r} differ from the tables'")
    else:
        levels = list(declared) if declared is not None else scoped
        if len(set(levels)) != len(levels):
            raise DisclosureError(f"the levels declared for {dim!r} repeat a level")
    missing = [s for s in scoped if s not in levels]
    if missing:
        raise DisclosureError(f"scope level(s) {missing} of {dim!r} are not among its levels")
    return levels


def _cells_of(
    table: Table, dims: list[str], levels: list[list[str]], coords: np.ndarray
) -> np.ndarray:
    """For each joint cell, the table's detailed cell it falls in (flat), or -1."""
    inside = np.ones(coords.shape[1], dtype=bool)
    for d, level in table.scope.items():
        j = dims.index(d)
        inside &= coords[j] == levels[j].index(level)
    local = []
    for d, lv in zip(table.dims, table.levels, strict=True):
        j = dims.index(d)
        to_table = np.array([lv.index(level) for level in levels[j]])
        local.append(to_table[coords[j]])
    flat = np.ravel_multi_index(tuple(local), table.shape)
    return np.where(inside, flat, -1)


def _margins(table: Table, inner: np.ndarray) -> sparse.csr_matrix:
    """Cells and margins (flat extended index) x joint cells."""
    ext_shape = tuple(n + 1 for n in table.shape)
    joint = np.flatnonzero(inner >= 0)
    local = np.unravel_index(inner[joint], table.shape)
    rows, cols = [], []
    k = len(table.dims)
    for mask in range(2**k):
        coords = tuple(
            np.full(len(joint), table.shape[d]) if mask >> d & 1 else local[d] for d in range(k)
        )
        rows.append(np.ravel_multi_index(coords, ext_shape))
        cols.append(joint)
    size = math.prod(ext_shape)
    r, c = np.concatenate(rows), np.concatenate(cols)
    return sparse.csr_matrix((np.ones(len(r)), (r, c)), shape=(size, len(inner)))


def _disagree(tables: Sequence[Table], t1: int, c1: int, t2: int, c2: int) -> str:
    k1 = tables[t1].key([int(i) for i in np.unravel_index(c1, [n + 1 for n in tables[t1].shape])])
    k2 = tables[t2].key([int(i) for i in np.unravel_index(c2, [n + 1 for n in tables[t2].shape])])
    return f"tables {t1 + 1} and {t2 + 1} count the same people differently: {k1} and {k2}"


def _base(
    tables: Sequence[Table], cells: list[np.ndarray], a: sparse.csr_matrix, value: np.ndarray
) -> np.ndarray:
    """Joint counts: the table itself for one table, else fitted to all (IPF) and checked."""
    if len(tables) == 1:  # its scope dimensions have one level: the joint is the table
        return tables[0].counts.ravel()[cells[0]].astype(float)
    res = linprog(np.zeros(a.shape[1]), A_eq=a, b_eq=value, bounds=(0, None), method="highs")
    if res.status != 0:
        raise DisclosureError(
            "no counts agree with all the tables: do they count the same population? "
            "(a dimension that appears only in scopes needs its complete levels declared)"
        )
    z = np.ones(a.shape[1])
    for _ in range(200):
        for table, inner in zip(tables, cells, strict=True):
            inside = inner >= 0
            sums = np.bincount(inner[inside], weights=z[inside], minlength=table.counts.size)
            target = table.counts.ravel().astype(float)
            ratio = np.divide(target, sums, out=np.zeros_like(target), where=sums > 0)
            z[inside] *= ratio[inner[inside]]
        if np.abs(a @ z - value).max(initial=0.0) <= 1e-6 * max(1, int(value.max(initial=0))):
            return z
    return np.asarray(res.x)
