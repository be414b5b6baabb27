"""The interval attack: how narrowly an outsider can pin down each hidden cell.

This module sees what is published and nothing else: for each table its dimensions,
levels and scope, and the value of every cell and margin that is not hidden. It does
not know which hidden cells were primary, nor how they were chosen, and imports no
other part of the engine, so that it checks the suppression code rather than shares
its mistakes.

The attacker's unknowns are the counts of the joint table: the cross-classification
by every dimension of every table (published tables count one population; a table
with a scope counts the part of it with those levels). Each published cell is a sum
of joint counts, every joint count is >= 0, and the smallest and largest values of a
hidden cell under these constraints are found by linear programming (HiGHS). It is
the LP relaxation: the unknowns may take fractional values.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np
from scipy import sparse
from scipy.optimize import OptimizeResult, linprog
from scipy.sparse.csgraph import connected_components

TOTAL = "Total"
MAX_JOINT_CELLS = 2_000_000
TOLERANCE = 1e-6
LOCAL_CELLS = 1000  # joint cells in a neighbourhood the exploration moves on its own
LOCAL_ROUNDS = 4  # random partitions into neighbourhoods tried before whole-component LPs
LARGE_LP = 2_000  # unknowns beyond which the interior-point method beats the simplex

Key = tuple[str, ...]
Target = tuple[int, Key]  # (position of the table, key of the cell)


class AttackError(ValueError):
    """A publication the attack cannot read, or whose values contradict each other."""


class Interval(NamedTuple):
    lower: float
    upper: float

    @property
    def width(self) -> float:
        return self.upper - self.lower


@dataclass(frozen=True)
class PublishedTable:
    """A table as an outsider sees it; `cells` has every cell and margin, None if hidden."""

    dims: tuple[str, ...]
    levels: tuple[tuple[str, ...], ...]
    cells: Mapping[Key, int | None]
    scope: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if len(self.dims) != len(self.levels):
            raise AttackError("a published table needs one list of levels per dimension")
        for key in itertools.product(*[(*lv, TOTAL) for lv in self.levels]):
            if key not in self.cells:
                raise AttackError(f"published table lacks cell {key}")

    @classmethod
    def from_cells(
        cls,
        dims: Sequence[str],
        cells: Mapping[Key, int | None],
        scope: Mapping[str, str] | None = None,
    ) -> PublishedTable:
        """Levels in order of first appearance among the keys."""
        levels: list[dict[str, None]] = [{} for _ in dims]
        for key in cells:
            for d, level in enumerate(key):
                if level != TOTAL:
                    levels[d][level] = None
        return cls(tuple(dims), tuple(tuple(lv) for lv in levels), dict(cells), dict(scope or {}))

    @property
    def hidden(self) -> list[Key]:
        return [k for k, v in self.cells.items() if v is None]


def attack(table: PublishedTable, cells: Iterable[Key] | None = None) -> dict[Key, Interval]:
    """The exact range of every hidden cell of one table (or of the given cells)."""
    targets = None if cells is None else [(0, k) for k in cells]
    return {k: v for (_, k), v in _Attack([table], None).intervals(targets).items()}


def attack_linked(
    tables: Sequence[PublishedTable],
    levels: Mapping[str, Sequence[str]] | None = None,
) -> list[dict[Key, Interval]]:
    """The exact range of every hidden cell of tables published together, one dict each.

    `levels` gives the complete levels of a dimension that only appears in scopes
    (a hub's table: scope {"hub": "Nord"}); without it, the scopes' levels are all.
    """
    found = _Attack(tables, levels).intervals(None)
    out: list[dict[Key, Interval]] = [{} for _ in tables]
    for (t, key), interval in found.items():
        out[t][key] = interval
    return out


def unprotected(
    tables: Sequence[PublishedTable],
    threshold: float,
    targets: Iterable[Target],
    levels: Mapping[str, Sequence[str]] | None = None,
) -> list[Target]:
    """The targets whose range is narrower than `threshold`: upper - lower < threshold.

    Each LP solution is a point consistent with the publication; a target whose
    values at the points found so far already differ by `threshold` needs no LP of
    its own. The verdict is exact; only the work is saved.
    """
    return _Attack(tables, levels).narrow(list(targets), threshold)


class _Attack:
    def __init__(
        self, tables: Sequence[PublishedTable], levels: Mapping[str, Sequence[str]] | None
    ) -> None:
        if not tables:
            raise AttackError("nothing published")
        self.tables = list(tables)
        self.joint_dims, self.joint_levels = _universe(self.tables, levels or {})
        self.joint_shape = tuple(len(lv) for lv in self.joint_levels)
        self.rows, self.values, matrix = _rows(self.tables, self.joint_dims, self.joint_levels)
        self.matrix = matrix
        self.row_of = {target: r for r, target in enumerate(self.rows)}
        self._presolve()
        self._split()

    # The published equations, with the counts they fix substituted.
    def _presolve(self) -> None:
        published = np.array([v is not None for v in self.values])
        pub = self.matrix[published]
        b = np.array([v for v in self.values if v is not None], dtype=float)
        known = np.full(self.matrix.shape[1], np.nan)
        while True:
            free = np.isnan(known)
            residual = b - pub[:, ~free] @ known[~free]
            on_free = pub[:, free].tocsr()
            n_free = np.diff(on_free.indptr)
            bad = (residual < -TOLERANCE) | ((n_free == 0) & (np.abs(residual) > TOLERANCE))
            if bad.any():
                raise AttackError("the published values contradict each other")
            fixed = self._fix(on_free, residual, n_free, np.flatnonzero(free))
            if not fixed:
                break
            for var, value in fixed.items():
                known[var] = value
        self.known = known
        self.free = np.flatnonzero(np.isnan(known))
        keep = n_free > 0
        self.equations = on_free[keep]
        self.rhs = residual[keep]

    @staticmethod
    def _fix(
        on_free: sparse.csr_matrix, residual: np.ndarray, n_free: np.ndarray, free: np.ndarray
    ) -> dict[int, float]:
        """Counts a published equation fixes: all of a zero sum, the one unknown of a sum."""
        fixed: dict[int, float] = {}
        for r in np.flatnonzero((n_free > 0) & ((n_free == 1) | (np.abs(residual) <= TOLERANCE))):
            value = 0.0 if n_free[r] > 1 else float(residual[r])
            for col in on_free.indices[on_free.indptr[r] : on_free.indptr[r + 1]]:
                var = int(free[col])
                if var in fixed and abs(fixed[var] - value) > TOLERANCE:
                    raise AttackError("the published values contradict each other")
                fixed[var] = max(value, 0.0)
        return fixed

    # Unknowns that share no equation can be attacked separately.
    def _split(self) -> None:
        eqs = self.equations
        n_rows, n_vars = eqs.shape
        graph = sparse.bmat([[None, eqs], [eqs.T, None]], format="csr")
        if n_rows + n_vars == 0:
            self.label = np.zeros(0, dtype=int)
            self.components: list[_Component] = []
            return
        _, labels = connected_components(graph, directed=False)
        row_label, var_label = labels[:n_rows], labels[n_rows:]
        uniq, self.label = np.unique(var_label, return_inverse=True)
        self.components = []
        for c, lab in enumerate(uniq):
            cols = np.flatnonzero(self.label == c)
            rows = np.flatnonzero(row_label == lab)
            coords = np.stack(np.unravel_index(self.free[cols], self.joint_shape))
            self.components.append(_Component(cols, eqs[rows][:, cols], self.rhs[rows], coords))

    def _objectives(self, targets: list[Target]) -> tuple[np.ndarray, sparse.csr_matrix]:
        """Each target as a constant plus its coefficients on the free unknowns (one row each)."""
        missing = [t for t in targets if t not in self.row_of]
        if missing:
            table, key = missing[0]
            raise AttackError(f"table {table} has no cell {key}")
        rows = self.matrix[[self.row_of[t] for t in targets]]
        known = ~np.isnan(self.known)
        constant = rows[:, np.flatnonzero(known)] @ self.known[known]
        return np.asarray(constant, dtype=float), rows[:, self.free].tocsr()

    def _watch(self, on_free: sparse.csr_matrix) -> list[list[tuple[int, int]]]:
        """Hand each component the targets it holds; per target, its (component, row) pairs."""
        parts: list[list[tuple[int, int]]] = [[] for _ in range(on_free.shape[0])]
        for component in self.components:
            component.watch(sparse.csr_matrix((0, len(component.cols))))
        coo = on_free.tocoo()
        labels, members = np.unique(np.stack([self.label[coo.col], coo.row]), axis=1)
        starts = np.flatnonzero(np.diff(labels, prepend=-1))
        for lo, hi in zip(starts, [*starts[1:], len(labels)], strict=True):
            component = self.components[int(labels[lo])]
            component.watch(on_free[members[lo:hi]][:, component.cols])
            for j, i in enumerate(members[lo:hi]):
                parts[int(i)].append((int(labels[lo]), j))
        return parts

    def _targets(self, targets: list[Target] | None) -> list[Target]:
        if targets is not None:
            return targets
        return [t for t, v in zip(self.rows, self.values, strict=True) if v is None]

    def intervals(self, targets: list[Target] | None) -> dict[Target, Interval]:
        chosen = self._targets(targets)
        if not chosen:
            return {}
        constants, on_free = self._objectives(chosen)
        parts = self._watch(on_free)
        out: dict[Target, Interval] = {}
        for target, constant, pairs in zip(chosen, constants, parts, strict=True):
            lower = upper = float(constant)
            for c, j in pairs:
                lo, hi = self.components[c].range(self.components[c].coef(j))
                lower, upper = lower + lo, upper + hi
            out[target] = Interval(_clean(lower), _clean(upper))
        return out

    def narrow(self, targets: list[Target], threshold: float) -> list[Target]:
        if not targets:
            return []
        _, on_free = self._objectives(targets)
        parts = self._watch(on_free)
        for component in self.components:
            component.explore(threshold)
        return [
            t for t, pairs in zip(targets, parts, strict=True) if not self._wide(pairs, threshold)
        ]

    def _wide(self, parts: list[tuple[int, int]], threshold: float) -> bool:
        """Whether the target's range spans `threshold`: upper bounds first, they often suffice."""
        needed = threshold - TOLERANCE

        def seen() -> float:
            return sum(self.components[c].seen_width(j) for c, j in parts)

        if seen() >= needed:
            return True
        for c, j in parts:
            if self.components[c].upper(self.components[c].coef(j)) == math.inf:
                return True
        if seen() >= needed:
            return True
        for c, j in parts:
            self.components[c].lower(self.components[c].coef(j))
        return seen() >= needed


class _Component:
    """Unknowns linked by published equations, and the targets' values at the points found.

    Every LP solution is a point consistent with the publication; each watched target keeps
    the smallest and largest value it takes at those points, a lower bound of its range.
    `coords` are the unknowns' joint-table coordinates (one row per joint dimension).
    """

    def __init__(
        self, cols: np.ndarray, a: sparse.csr_matrix, b: np.ndarray, coords: np.ndarray
    ) -> None:
        self.cols, self.a, self.b, self.coords = cols, a, b, coords
        self.a_by_col = a.tocsc()
        self.point: np.ndarray | None = None
        self.found, self.total = 0, np.zeros(len(cols))  # the solutions' sum: their mean is a point
        self.watch(sparse.csr_matrix((0, len(cols))))

    def watch(self, objectives: sparse.csr_matrix) -> None:
        """Targets (one row of coefficients each) whose values are tracked from now on."""
        self.watched = objectives.tocsr()
        self.watched_by_col = self.watched.tocsc()
        self.low = np.full(self.watched.shape[0], np.inf)
        self.high = np.full(self.watched.shape[0], -np.inf)
        self.current = np.zeros(self.watched.shape[0])
        if self.point is not None:
            self._record(self.point)

    def coef(self, j: int) -> np.ndarray:
        return np.asarray(self.watched[j].todense()).ravel()

    def _record(self, point: np.ndarray) -> None:
        self.point = point
        self.found, self.total = self.found + 1, self.total + point
        self.current = self.watched @ point
        np.minimum(self.low, self.current, out=self.low)
        np.maximum(self.high, self.current, out=self.high)

    def _solve(self, coef: np.ndarray, maximise: bool) -> float:
        if self.a.shape[0] == 0:  # no equation: each unknown anywhere in [0, inf)
            return math.inf if maximise and coef.any() else 0.0
        sign = -1.0 if maximise else 1.0
        res = _linprog(sign * coef, self.a, self.b)
        if res.status == 3:
            return math.inf
        if res.status != 0:
            raise AttackError(f"the published values contradict each other ({res.message})")
        point = np.asarray(res.x)
        self._record(point)
        return float(coef @ point)

    def range(self, coef: np.ndarray) -> tuple[float, float]:
        return self._solve(coef, maximise=False), self._solve(coef, maximise=True)

    def upper(self, coef: np.ndarray) -> float:
        return self._solve(coef, maximise=True)

    def lower(self, coef: np.ndarray) -> float:
        return self._solve(coef, maximise=False)

    def widths(self) -> np.ndarray:
        """The watched targets' spread over the points found (0 before any point)."""
        if self.a.shape[0] == 0:
            return np.where(np.diff(self.watched.indptr) > 0, math.inf, 0.0)
        return np.maximum(self.high - self.low, 0.0)

    def seen_width(self, j: int) -> float:
        if self.a.shape[0] == 0:
            return math.inf if self.watched.indptr[j + 1] > self.watched.indptr[j] else 0.0
        return max(float(self.high[j] - self.low[j]), 0.0)

    def explore(self, threshold: float) -> None:
        """Cheap points first, each spreading many watched targets at once.

        From one solution of the whole component, neighbourhoods of a few hundred joint
        cells are moved one at a time, the rest held where it is (each move is again a
        point consistent with the publication); then random directions over the whole.
        """
        if self.a.shape[0] == 0 or self.watched.shape[0] == 0:
            return
        rng = np.random.default_rng(len(self.cols))
        needed = threshold - TOLERANCE
        best, stale = self.watched.shape[0] + 1, 0
        for round_ in range(40):
            open_ = np.flatnonzero(self.widths() < needed)
            best, stale = (len(open_), 0) if len(open_) < best else (best, stale + 1)
            if not len(open_) or stale >= 3:
                return
            if 1 < round_ <= LOCAL_ROUNDS + 1 and len(self.cols) > LOCAL_CELLS:
                self._move_locally(rng, open_, needed)
                continue
            signs = rng.choice([-1.0, 1.0], size=len(open_))
            self._solve(np.asarray(self.watched[open_].T @ signs).ravel(), True)

    def _move_locally(self, rng: np.random.Generator, open_: np.ndarray, needed: float) -> None:
        """Each neighbourhood of a random partition, pushed one way then the other."""
        if not self.found:
            return
        # from the solutions' mean, where fewer unknowns sit at 0 than at any vertex
        self.point = self.total / self.found
        self.current = self.watched @ self.point
        blocks = _neighbourhoods(self.coords, rng)
        order = np.argsort(blocks, kind="stable")
        starts = np.flatnonzero(np.diff(blocks[order], prepend=-1))
        is_open = np.zeros(self.watched.shape[0], dtype=bool)
        is_open[open_] = True
        for lo, hi in zip(starts, [*starts[1:], len(order)], strict=True):
            local = order[lo:hi]
            on_local = self.watched_by_col[:, local].tocsr()
            touched = np.flatnonzero(is_open & (np.diff(on_local.indptr) > 0))
            if not len(touched):
                continue
            signs = rng.choice([-1.0, 1.0], size=len(touched))
            direction = np.asarray(on_local[touched].T @ signs).ravel()
            self._move(local, direction)
            self._move(local, -direction)
            is_open[touched] = self.widths()[touched] < needed

    def _move(self, local: np.ndarray, direction: np.ndarray) -> None:
        """The furthest point along `direction` that moves only the unknowns `local`."""
        assert self.point is not None
        a_local = self.a_by_col[:, local]
        rows = np.unique(a_local.indices)
        a_rows = a_local[rows]
        x_local = self.point[local]
        rhs = self.b[rows] - self.a[rows] @ self.point + a_rows @ x_local
        res = linprog(-direction, A_eq=a_rows, b_eq=rhs, bounds=(0, None), method="highs")
        if res.status != 0:  # unbounded (the whole-component LP will say so) or numerical
            return
        point = self.point.copy()
        point[local] = res.x
        self.point = point
        self.current = self.current + self.watched_by_col[:, local] @ (res.x - x_local)
        np.minimum(self.low, self.current, out=self.low)
        np.maximum(self.high, self.current, out=self.high)


def _linprog(c: np.ndarray, a: sparse.csr_matrix, b: np.ndarray) -> OptimizeResult:
    """min c.x subject to a x = b, x >= 0; interior point (with crossover) on large systems."""
    if a.shape[1] > LARGE_LP:
        res = linprog(c, A_eq=a, b_eq=b, bounds=(0, None), method="highs-ipm")
        if res.status == 0:
            return res
    return linprog(c, A_eq=a, b_eq=b, bounds=(0, None), method="highs")


def _neighbourhoods(coords: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A random partition of the unknowns: the levels of each dimension shuffled into groups."""
    extent = coords.max(axis=1) + 1
    varied = max(int((extent > 1).sum()), 1)
    size = max(2, round(LOCAL_CELLS ** (1 / varied)))
    groups = []
    for d, n in enumerate(extent):
        group_of = np.empty(n, dtype=np.int64)
        group_of[rng.permutation(n)] = np.arange(n) // min(size, n)
        groups.append(group_of[coords[d]])
    return np.ravel_multi_index(tuple(groups), tuple(int(n) for n in extent))


def _clean(value: float) -> float:
    """LP values within the solver's tolerance of a whole number are that number."""
    if math.isinf(value):
        return value
    nearest = round(value)
    return float(nearest) if abs(value - nearest) <= TOLERANCE else value


def _universe(
    tables: Sequence[PublishedTable], declared: Mapping[str, Sequence[str]]
) -> tuple[list[str], list[list[str]]]:
    """The joint table's dimensions and levels."""
    dims: list[str] = []
    for table in tables:
        for d in (*table.dims, *table.scope):
            if d not in dims:
                dims.append(d)
    levels: list[list[str]] = []
    for d in dims:
        levels.append(_levels_of(d, tables, declared.get(d)))
    size = math.prod(len(lv) for lv in levels)
    if size > MAX_JOINT_CELLS:
        raise AttackError(f"the joint table would have {size} cells (at most {MAX_JOINT_CELLS})")
    return dims, levels


def _levels_of(
    dim: str, tables: Sequence[PublishedTable], declared: Sequence[str] | None
) -> list[str]:
    full = [list(t.levels[t.dims.index(dim)]) for t in tables if dim in t.dims]
    scoped = [t.scope[dim] for t in tables if dim in t.scope]
    levels = full[0] if full else list(declared or dict.fromkeys(scoped))
    if any(set(lv) != set(levels) for lv in full[1:]):
        raise AttackError(f"tables classify {dim!r} into different levels")
    if declared is not None and set(declared) != set(levels):
        raise AttackError(f"the declared levels of {dim!r} differ from the tables'")
    if any(s not in levels for s in scoped):
        raise AttackError(f"a scope names a level of {dim!r} that is not among its levels")
    return levels


def _rows(
    tables: Sequence[PublishedTable], dims: list[str], levels: list[list[str]]
) -> tuple[list[Target], list[int | None], sparse.csr_matrix]:
    """One row per published or hidden cell: the joint counts it adds up."""
    shape = tuple(len(lv) for lv in levels)
    rows: list[Target] = []
    values: list[int | None] = []
    indptr, indices = [0], []
    for t, table in enumerate(tables):
        for key, value in table.cells.items():
            picks = []
            for d, lv in zip(dims, levels, strict=True):
                if d in table.dims and key[table.dims.index(d)] != TOTAL:
                    picks.append([lv.index(key[table.dims.index(d)])])
                elif d in table.scope:
                    picks.append([lv.index(table.scope[d])])
                else:
                    picks.append(list(range(len(lv))))
            flat = np.ravel_multi_index(np.ix_(*picks), shape).ravel()
            rows.append((t, key))
            values.append(None if value is None else int(value))
            indices.append(flat)
            indptr.append(indptr[-1] + len(flat))
    cols = np.concatenate(indices) if indices else np.zeros(0, dtype=int)
    data = np.ones(len(cols))
    matrix = sparse.csr_matrix((data, cols, np.array(indptr)), shape=(len(rows), math.prod(shape)))
    return rows, values, matrix
