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
from scipy.optimize import linprog
from scipy.sparse.csgraph import connected_components

TOTAL = "Total"
MAX_JOINT_CELLS = 2_000_000
TOLERANCE = 1e-6

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
            self.components.append(_Component(cols, eqs[rows][:, cols], self.rhs[rows]))

    def _objective(self, target: Target) -> tuple[float, dict[int, np.ndarray]]:
        """A target as a constant plus, per component, its coefficients there."""
        if target not in self.row_of:
            raise AttackError(f"table {target[0]} has no cell {target[1]}")
        row = self.matrix[self.row_of[target]]
        coef = np.asarray(row.todense()).ravel()
        known = ~np.isnan(self.known)
        constant = float(coef[known] @ self.known[known])
        on_free = coef[self.free]
        parts: dict[int, np.ndarray] = {}
        for c in np.unique(self.label[on_free > 0]):
            comp = self.components[c]
            parts[int(c)] = on_free[comp.cols]
        return constant, parts

    def _targets(self, targets: list[Target] | None) -> list[Target]:
        if targets is not None:
            return targets
        return [t for t, v in zip(self.rows, self.values, strict=True) if v is None]

    def intervals(self, targets: list[Target] | None) -> dict[Target, Interval]:
        out: dict[Target, Interval] = {}
        for target in self._targets(targets):
            constant, parts = self._objective(target)
            lower = upper = constant
            for c, coef in parts.items():
                lo, hi = self.components[c].range(coef)
                lower, upper = lower + lo, upper + hi
            out[target] = Interval(_clean(lower), _clean(upper))
        return out

    def narrow(self, targets: list[Target], threshold: float) -> list[Target]:
        objectives = [self._objective(t)[1] for t in targets]
        by_component: dict[int, list[int]] = {}
        for i, parts in enumerate(objectives):
            for c in parts:
                by_component.setdefault(c, []).append(i)
        for c, members in by_component.items():
            self.components[c].explore([objectives[i][c] for i in members], threshold)
        return [
            t
            for t, parts in zip(targets, objectives, strict=True)
            if not self._wide(parts, threshold)
        ]

    def _wide(self, parts: dict[int, np.ndarray], threshold: float) -> bool:
        """Whether the target's range spans `threshold`: upper bounds first, they often suffice."""
        needed = threshold - TOLERANCE

        def seen() -> float:
            return sum(self.components[c].seen_width(coef) for c, coef in parts.items())

        if seen() >= needed:
            return True
        for c, coef in parts.items():
            if self.components[c].upper(coef) == math.inf:
                return True
        if seen() >= needed:
            return True
        for c, coef in parts.items():
            self.components[c].lower(coef)
        return seen() >= needed


class _Component:
    """Unknowns linked by published equations, and the points found consistent with them."""

    def __init__(self, cols: np.ndarray, a: sparse.csr_matrix, b: np.ndarray) -> None:
        self.cols, self.a, self.b = cols, a, b
        self.points: list[np.ndarray] = []

    def _solve(self, coef: np.ndarray, maximise: bool) -> float:
        if self.a.shape[0] == 0:  # no equation: each unknown anywhere in [0, inf)
            return math.inf if maximise and coef.any() else 0.0
        sign = -1.0 if maximise else 1.0
        res = linprog(sign * coef, A_eq=self.a, b_eq=self.b, bounds=(0, None), method="highs")
        if res.status == 3:
            return math.inf
        if res.status != 0:
            raise AttackError(f"the published values contradict each other ({res.message})")
        self.points.append(np.asarray(res.x))
        return float(coef @ res.x)

    def range(self, coef: np.ndarray) -> tuple[float, float]:
        return self._solve(coef, maximise=False), self._solve(coef, maximise=True)

    def upper(self, coef: np.ndarray) -> float:
        return self._solve(coef, maximise=True)

    def lower(self, coef: np.ndarray) -> float:
        return self._solve(coef, maximise=False)

    def seen_width(self, coef: np.ndarray) -> float:
        if self.a.shape[0] == 0:
            return math.inf if coef.any() else 0.0
        if not self.points:
            return 0.0
        values = np.array([coef @ p for p in self.points])
        return float(values.max() - values.min())

    def explore(self, objectives: list[np.ndarray], threshold: float) -> None:
        """Random directions first: each LP spreads many targets at once."""
        if self.a.shape[0] == 0:
            return
        rng = np.random.default_rng(len(self.cols))
        best, stale = len(objectives) + 1, 0
        for _ in range(40):
            open_ = [o for o in objectives if self.seen_width(o) < threshold - TOLERANCE]
            best, stale = (len(open_), 0) if len(open_) < best else (best, stale + 1)
            if not open_ or stale >= 3:
                return
            signs = rng.choice([-1.0, 1.0], size=len(open_))
            self._solve(np.sum([s * o for s, o in zip(signs, open_, strict=True)], axis=0), True)


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
