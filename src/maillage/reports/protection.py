"""The year's tables through the disclosure engine: linked tables together, verified.

Tables counting the same population are protected in one `protect_linked` call, so a
suppression in one cannot be undone with another. Cells an earlier published edition of the
same year hid stay hidden (`keep_hidden`): a new edition never reveals what an old one hid.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from maillage.disclosure import TOTAL, Table, protect_linked
from maillage.reports.tables import EngineTable, grouped_by_population

Cell = tuple[int | float | None, str]  # published count (None when hidden), its status
Protected = dict[str, dict[tuple[str, ...], Cell]]


def protect_year(
    tables: Mapping[str, EngineTable], hidden_before: Mapping[str, Sequence[Sequence[str]]]
) -> Protected:
    """Every cell and margin of every table with its published count and status."""
    result: Protected = {}
    for group in grouped_by_population(tables.values()).values():
        threshold = group[0].threshold
        engine = [Table.from_counts(t.dims, t.counts, levels=t.levels) for t in group]
        keep = [_still_there(t, hidden_before.get(t.key, [])) for t in group]
        protected = protect_linked(engine, threshold, keep_hidden=keep)
        for table, one in zip(group, protected, strict=True):
            result[table.key] = {key: (count, str(status)) for key, count, status in one.rows()}
    return result


def hidden_keys(protected: Protected) -> dict[str, list[list[str]]]:
    """What this edition hides, kept with it for the editions after it."""
    return {
        table: [list(key) for key, (count, _status) in cells.items() if count is None]
        for table, cells in protected.items()
    }


def _still_there(table: EngineTable, keys: Sequence[Sequence[str]]) -> list[tuple[str, ...]]:
    """The earlier edition's hidden cells that this year's table still has (a quartier or a
    campaign may have gone)."""
    known = [set(levels) | {TOTAL} for levels in table.levels]
    return [
        tuple(key)
        for key in keys
        if len(key) == len(known) and all(level in ok for level, ok in zip(key, known, strict=True))
    ]
