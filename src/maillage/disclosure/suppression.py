"""Primary and secondary suppression, verified by the interval attack before returning."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from maillage.disclosure import hypercube, milp
from maillage.disclosure.interval_attack import Key, PublishedTable, Target, unprotected
from maillage.disclosure.system import System, build
from maillage.disclosure.table import DisclosureError, Status, Table

DEFAULT_THRESHOLD = 5
TIME_LIMIT = 5.0  # seconds HiGHS may spend on one MILP
MAX_ROUNDS = 20
_CODES = (Status.PUBLISHED, Status.PRIMARY, Status.SECONDARY)


@dataclass(frozen=True, eq=False)
class Protected:
    """A table with the status of each cell and margin (extended array of codes 0, 1, 2)."""

    table: Table
    codes: np.ndarray
    threshold: int

    def status(self, key: Key) -> Status:
        return _CODES[int(self.codes[self.table.index(key)])]

    def count(self, key: Key) -> int | None:
        """The published count, None if hidden."""
        index = self.table.index(key)
        return None if self.codes[index] else int(self.table.extended()[index])

    def rows(self) -> list[tuple[Key, int | None, Status]]:
        """Every cell and margin in the order of `Table.indices`."""
        ext = self.table.extended()
        return [
            (self.table.key(i), None if self.codes[i] else int(ext[i]), _CODES[int(self.codes[i])])
            for i in self.table.indices()
        ]

    def published(self) -> PublishedTable:
        """What an outsider sees."""
        cells = {key: count for key, count, _ in self.rows()}
        return PublishedTable(self.table.dims, self.table.levels, cells, dict(self.table.scope))

    @property
    def primary_count(self) -> int:
        return int((self.codes == 1).sum())

    @property
    def secondary_count(self) -> int:
        """Cells and margins hidden to protect the primary ones."""
        return int((self.codes == 2).sum())

    @property
    def hidden_share(self) -> float:
        """Share of the grand total in the detailed cells hidden as secondaries."""
        inner = self.codes[tuple(slice(0, n) for n in self.table.shape)]
        total = int(self.table.counts.sum())
        return float(self.table.counts[inner == 2].sum()) / total if total else 0.0


def protect(
    table: Table,
    threshold: int = DEFAULT_THRESHOLD,
    *,
    time_limit: float = TIME_LIMIT,
    keep_hidden: Iterable[Key] | None = None,
) -> Protected:
    """Hide every count from 1 to threshold - 1, then what it takes to keep them hidden."""
    kept = None if keep_hidden is None else [keep_hidden]
    return protect_linked([table], threshold, time_limit=time_limit, keep_hidden=kept)[0]


def protect_linked(
    tables: Sequence[Table],
    threshold: int = DEFAULT_THRESHOLD,
    *,
    levels: Mapping[str, Sequence[str]] | None = None,
    time_limit: float = TIME_LIMIT,
    keep_hidden: Sequence[Iterable[Key]] | None = None,
) -> list[Protected]:
    """Protect tables published together, so that no combination of them discloses.

    Tables are linked through their dimensions: the same dimension name means the
    same classification (same levels), and every table counts the same population,
    or the part of it its `scope` names. A cell of one table that adds up the same
    people as a cell of another is the same number, hidden in both or in neither.
    `levels` lists the complete levels of a dimension seen only in scopes (say all
    hubs, or ["Nord", "other hubs"]); without it, the scopes' levels are all there is.
    `keep_hidden` gives, per table, the keys of cells and margins an earlier edition hid:
    they stay hidden (status secondary unless primary) and cost nothing to the search.
    """
    if isinstance(threshold, bool) or not isinstance(threshold, int) or threshold < 1:
        raise DisclosureError(f"the threshold must be a whole number >= 1, not {threshold!r}")
    if not tables:
        return []
    system = build(tables, levels)
    primary = (system.value >= 1) & (system.value < threshold)
    hidden = primary | _kept(system, tables, keep_hidden)
    if primary.any():
        hidden = _secondary(system, tables, primary, hidden, threshold, time_limit)
        hidden = _until_safe(system, tables, hidden, primary, threshold, levels, time_limit)
    codes = np.where(primary, 1, np.where(hidden, 2, 0))
    return [
        Protected(table, codes[rows], threshold)
        for table, rows in zip(tables, system.row_of, strict=True)
    ]


def _kept(
    system: System, tables: Sequence[Table], keep_hidden: Sequence[Iterable[Key]] | None
) -> np.ndarray:
    """The quantities an earlier edition hid, which must stay hidden."""
    kept = np.zeros(len(system.value), dtype=bool)
    if keep_hidden is None:
        return kept
    if len(keep_hidden) != len(tables):
        raise DisclosureError(
            f"keep_hidden lists {len(keep_hidden)} tables, there are {len(tables)}"
        )
    for t, (table, rows, keys) in enumerate(zip(tables, system.row_of, keep_hidden, strict=True)):
        for key in keys:
            try:
                kept[rows[table.index(tuple(key))]] = True
            except DisclosureError:
                raise DisclosureError(f"keep_hidden: table {t + 1} has no cell {key!r}") from None
    return kept


def _secondary(
    system: System,
    tables: Sequence[Table],
    primary: np.ndarray,
    hidden: np.ndarray,
    threshold: int,
    time_limit: float,
) -> np.ndarray:
    """The cheaper of the hypercube pattern and, when the model is small, the MILP's.

    `hidden` holds the primary cells and those that must stay hidden: they cost nothing.
    """
    cubes = _hypercubes(system, tables, primary, hidden, threshold)
    targets = [int(r) for r in np.flatnonzero(primary)]
    if milp.model_size(system, hidden, len(targets)) > milp.BUDGET:
        return cubes
    # the MILP sees the links between tables, the hypercubes only each table
    ceiling = np.inf if len(tables) > 1 else float(system.cost[cubes & ~hidden].sum())
    exact = milp.solve(system, hidden, targets, threshold, time_limit, ceiling)
    return cubes if exact is None else exact


def _hypercubes(
    system: System,
    tables: Sequence[Table],
    primary: np.ndarray,
    hidden: np.ndarray,
    threshold: int,
) -> np.ndarray:
    hidden = hidden.copy()
    for table, rows in zip(tables, system.row_of, strict=True):
        values = table.extended()
        targets = [tuple(int(i) for i in ix) for ix in zip(*np.nonzero(primary[rows]), strict=True)]
        targets.sort(key=lambda ix: (-_totals(ix, table.shape), values[ix]))
        found = hypercube.protect_cells(values, hidden[rows], system.cost[rows], targets, threshold)
        hidden[rows[found]] = True
    return hidden


def _totals(index: tuple[int, ...], shape: tuple[int, ...]) -> int:
    """Margins first: they are the hardest to protect."""
    return sum(i == n for i, n in zip(index, shape, strict=True))


def _until_safe(
    system: System,
    tables: Sequence[Table],
    hidden: np.ndarray,
    primary: np.ndarray,
    threshold: int,
    levels: Mapping[str, Sequence[str]] | None,
    time_limit: float,
) -> np.ndarray:
    """Attack the publication; hide more while a primary cell's range is too narrow."""
    targets = _one_cell_each(system, tables, primary)
    for _ in range(MAX_ROUNDS):
        published = [
            _published(t, rows, hidden) for t, rows in zip(tables, system.row_of, strict=True)
        ]
        failing = set(unprotected(published, threshold, targets.values(), levels))
        if not failing:
            return hidden
        rows = [r for r, target in targets.items() if target in failing]
        hidden = _repair(system, hidden, rows, threshold, time_limit)
    raise DisclosureError("the suppression could not be verified; please report this table")


def _repair(
    system: System, hidden: np.ndarray, rows: list[int], threshold: int, time_limit: float
) -> np.ndarray:
    """Hide what the MILP finds for the failing cells; failing that, every non-zero count."""
    small = milp.model_size(system, hidden, len(rows)) <= milp.BUDGET
    batches = [rows] if small else [[r] for r in rows]
    for batch in batches:
        found = milp.solve(system, hidden, batch, threshold, time_limit)
        if found is None:
            return hidden | (system.value > 0)
        hidden = found
    return hidden


def _one_cell_each(
    system: System, tables: Sequence[Table], primary: np.ndarray
) -> dict[int, Target]:
    """A (table, key) naming each primary quantity, to attack it once."""
    targets: dict[int, Target] = {}
    for t, (table, rows) in enumerate(zip(tables, system.row_of, strict=True)):
        for index in zip(*np.nonzero(primary[rows]), strict=True):
            targets.setdefault(int(rows[index]), (t, table.key(index)))
    return targets


def _published(table: Table, rows: np.ndarray, hidden: np.ndarray) -> PublishedTable:
    ext = table.extended()
    cells: dict[Key, int | None] = {}
    for index in table.indices():
        cells[table.key(index)] = None if hidden[rows[index]] else int(ext[index])
    return PublishedTable(table.dims, table.levels, cells, dict(table.scope))
