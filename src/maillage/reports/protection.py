"""The year's tables through the disclosure engine: linked tables together, verified.

Tables counting the same population are protected in one `protect_linked` call, so a
suppression in one cannot be undone with another. Cells an earlier published edition of the
same year hid stay hidden (`keep_hidden`): a new edition never reveals what an old one hid.
"""

from __future__ import annotations

import inspect
from collections.abc import Mapping, Sequence
from typing import Any

from maillage.disclosure import Table, protect_linked
from maillage.reports.tables import EngineTable, grouped_by_population

Cell = tuple[int | None, str]  # published count (None when hidden) and its status
Protected = dict[str, dict[tuple[str, ...], Cell]]

_KEEPS_HIDDEN = "keep_hidden" in inspect.signature(protect_linked).parameters


def protect_year(
    tables: Mapping[str, EngineTable], hidden_before: Mapping[str, Sequence[Sequence[str]]]
) -> Protected:
    """Every cell and margin of every table with its published count and status."""
    result: Protected = {}
    for group in grouped_by_population(tables.values()).values():
        threshold = group[0].threshold
        engine = [Table.from_counts(t.dims, t.counts, levels=t.levels) for t in group]
        keep = [[tuple(k) for k in hidden_before.get(t.key, [])] for t in group]
        extra: dict[str, Any] = {"keep_hidden": keep} if _KEEPS_HIDDEN else {}
        for table, protected in zip(group, protect_linked(engine, threshold, **extra), strict=True):
            result[table.key] = {
                key: (count, str(status)) for key, count, status in protected.rows()
            }
            if not _KEEPS_HIDDEN:
                _hide_again(result[table.key], keep[group.index(table)])
    return result


def _hide_again(cells: dict[tuple[str, ...], Cell], keys: Sequence[tuple[str, ...]]) -> None:
    """Without the engine's own option, hide the earlier edition's cells after the fact (only
    ever more hidden than the verified pattern, so still protected)."""
    for key in keys:
        if key in cells and cells[key][0] is not None:
            cells[key] = (None, "secondary")


def hidden_keys(protected: Protected) -> dict[str, list[list[str]]]:
    """What this edition hides, kept with it for the editions after it."""
    return {
        table: [list(key) for key, (count, _status) in cells.items() if count is None]
        for table, cells in protected.items()
    }
