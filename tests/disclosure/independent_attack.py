"""An interval attack written for the tests, apart from the engine's own: for one hidden
detailed cell, the smallest and largest values consistent with every published cell and margin
(additivity along every dimension, counts ≥ 0), by scipy's linprog over the detailed cells."""

from __future__ import annotations

import itertools

import numpy as np
from scipy.optimize import linprog

TOTAL = "Total"


def ranges(dims_levels: list[list[str]], published: dict[tuple[str, ...], int | None]) -> dict:
    """{hidden cell or margin: (low, high)} — margins are sums of the detailed cells."""
    cells = list(itertools.product(*dims_levels))
    position = {cell: i for i, cell in enumerate(cells)}
    rows, values = [], []
    for key, value in published.items():
        if value is None:
            continue
        rows.append(_members(key, cells, position))
        values.append(value)
    a_eq = np.array(rows, dtype=float) if rows else None
    b_eq = np.array(values, dtype=float) if rows else None
    found = {}
    for key, value in published.items():
        if value is not None:
            continue
        objective = _members(key, cells, position)
        low = linprog(objective, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
        high = linprog(-objective, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
        upper = -high.fun if high.status == 0 else float("inf")
        found[key] = (round(low.fun, 6), round(upper, 6))
    return found


def _members(key: tuple[str, ...], cells: list, position: dict) -> np.ndarray:
    row = np.zeros(len(cells))
    for cell in cells:
        if all(k == TOTAL or k == c for k, c in zip(key, cell, strict=True)):
            row[position[cell]] = 1
    return row
