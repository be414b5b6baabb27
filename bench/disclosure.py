"""Benchmark of the disclosure engine against τ-ARGUS (pytauargus) on the same tables.

    python bench/disclosure.py [--quick]

Frequency tables of 2 and 3 dimensions up to 20,000 cells, with many small counts (counts
drawn from a gamma-Poisson mixture, as people per hub × quartier × theme are). For each table:
our `protect` (time, secondary suppressions, share of the total they hide, and whether our
interval attack finds every primary cell protected), then τ-ARGUS's modular (MOD) and optimal
(OPT) methods with the frequency rule FREQ(5, 0) on the same counts, judged by the same attack.
τ-ARGUS runs only when `pytauargus` is installed (`pip install pytauargus`); otherwise its
entries are null. Progress goes to stderr; the last line of stdout is the JSON summary.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import tempfile
import time
from typing import Any

import numpy as np

from maillage.disclosure import TOTAL, PublishedTable, Table, protect, unprotected

T = 5
SHAPES = [(50, 40), (100, 200), (10, 10, 20), (20, 25, 40)]
QUICK_SHAPES = [(20, 10), (5, 6, 8)]


def make_table(shape: tuple[int, ...], seed: int) -> Table:
    rng = np.random.default_rng(seed)
    counts = rng.poisson(rng.gamma(0.7, 9.0, size=shape))
    dims = tuple("abc"[: len(shape)])
    levels = tuple(tuple(f"{d}{i:03d}" for i in range(n)) for d, n in zip(dims, shape, strict=True))
    return Table(dims, levels, counts)


def primary_targets(table: Table) -> list[tuple[int, tuple[str, ...]]]:
    ext = table.extended()
    return [(0, table.key(i)) for i in table.indices() if 0 < ext[i] < T]


def verdict(table: Table, published: PublishedTable) -> bool:
    """True when no primary cell's range is narrower than T (our interval attack)."""
    return not unprotected([published], T, primary_targets(table))


def hidden_share(table: Table, secondary: set[tuple[str, ...]]) -> float:
    total = int(table.counts.sum())
    hidden = sum(int(table.counts[table.index(k)]) for k in secondary if TOTAL not in k)
    return hidden / total if total else 0.0


def ours(table: Table) -> dict[str, Any]:
    start = time.perf_counter()
    protected = protect(table, T)
    seconds = time.perf_counter() - start
    return {
        "seconds": round(seconds, 3),
        "secondary": protected.secondary_count,
        "hidden_share": round(protected.hidden_share, 4),
        "protected": verdict(table, protected.published()),
    }


def _microdata(table: Table) -> dict[str, list[Any]]:
    columns: dict[str, list[Any]] = {d: [] for d in table.dims} | {"n": []}
    for index in itertools.product(*[range(n) for n in table.shape]):
        for _ in range(int(table.counts[index])):
            for d, i in zip(table.dims, index, strict=True):
                columns[d].append(table.levels[table.dims.index(d)][i])
            columns["n"].append(1.0)
    return columns


def tauargus(table: Table, method: str) -> dict[str, Any] | None:
    try:
        from pytauargus import protect as tau_protect
    except ImportError:
        return None
    micro = _microdata(table)
    with tempfile.TemporaryDirectory() as workdir:
        start = time.perf_counter()
        result = tau_protect(
            micro, list(table.dims), response="n", safety_rules="FREQ(5,0)",
            suppress=f"{method}(1)", workdir=workdir,
        )  # fmt: skip
        seconds = time.perf_counter() - start
        frame = result.tables[0].dataframe()
    status = {tuple(str(row[d]) for d in table.dims): row["status"] for _, row in frame.iterrows()}
    ext = table.extended()
    cells: dict[tuple[str, ...], int | None] = {}
    secondary = set()
    for i in table.indices():
        key = table.key(i)
        code = status.get(key, "E")
        hidden = code in ("U", "M") or (0 < ext[i] < T)
        cells[key] = None if hidden else int(ext[i])
        if code == "M":
            secondary.add(key)
    published = PublishedTable(table.dims, table.levels, cells)
    return {
        "seconds": round(seconds, 3),
        "secondary": len(secondary),
        "hidden_share": round(hidden_share(table, secondary), 4),
        "protected": verdict(table, published),
    }


def run(shapes: list[tuple[int, ...]]) -> dict[str, Any]:
    tables = []
    for n, shape in enumerate(shapes):
        table = make_table(shape, seed=n)
        cells = int(np.prod(shape))
        print(f"table {shape} ({cells} cells)…", file=sys.stderr)
        entry = {
            "shape": list(shape),
            "cells": cells,
            "primary": len(primary_targets(table)),
            "ours": ours(table),
            "tauargus_mod": tauargus(table, "MOD"),
            "tauargus_opt": tauargus(table, "OPT") if cells <= 2000 else None,
        }
        print(json.dumps(entry), file=sys.stderr)
        tables.append(entry)
    return {
        "tables": tables,
        "ours": _sum(tables, "ours"),
        "tauargus": _sum(tables, "tauargus_mod"),
    }


def _sum(tables: list[dict[str, Any]], key: str) -> dict[str, Any] | None:
    runs = [t[key] for t in tables if t[key] is not None]
    if not runs:
        return None
    return {
        "seconds": round(sum(r["seconds"] for r in runs), 3),
        "secondary": sum(r["secondary"] for r in runs),
        "hidden_share": round(sum(r["hidden_share"] for r in runs) / len(runs), 4),
        "protected": all(r["protected"] for r in runs),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="two small tables")
    args = parser.parse_args()
    print(json.dumps(run(QUICK_SHAPES if args.quick else SHAPES)))


if __name__ == "__main__":
    main()
