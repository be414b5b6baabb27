"""Cell suppression: primary cells, the complementary cells that keep them hidden, and the
proof by an attack written apart from the engine."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from maillage.disclosure import (
    TOTAL,
    Status,
    Table,
    attack,
    attack_linked,
    protect,
    protect_linked,
)
from tests.disclosure.independent_attack import ranges

T = 5


def _levels(table: Table) -> list[list[str]]:
    return [list(lv) for lv in table.levels]


def _published(protected) -> dict:  # type: ignore[no-untyped-def]
    return {key: count for key, count, _status in protected.rows()}


def _assert_safe(protected) -> None:  # type: ignore[no-untyped-def]
    table = protected.table
    found = ranges(_levels(table), _published(protected))
    for key, count, status in protected.rows():
        if status == Status.PRIMARY:
            low, high = found[key]
            assert high - low >= T, (key, count, low, high)


def test_primary_suppression_alone_is_undone_by_subtraction_and_the_engine_prevents_it() -> None:
    table = Table.from_counts(
        ("hub", "theme"),
        {("Fives", "Droits"): 3, ("Fives", "Soins"): 40, ("Moulins", "Droits"): 25,
         ("Moulins", "Soins"): 31},
    )  # fmt: skip
    naive = {key: (None if 0 < count < T else count) for key, count in _rows_of(table)}
    low, high = ranges(_levels(table), naive)[("Fives", "Droits")]
    assert low == high == 3  # the row total minus the published cell gives it back
    protected = protect(table, T)
    assert protected.status(("Fives", "Droits")) == Status.PRIMARY
    assert protected.secondary_count >= 3
    _assert_safe(protected)


def _rows_of(table: Table) -> list[tuple[tuple[str, ...], int]]:
    ext = table.extended()
    return [(table.key(i), int(ext[i])) for i in table.indices()]


def test_zeros_are_published_and_small_margins_are_primary() -> None:
    table = Table.from_counts(("a", "b"), {("x", "u"): 0, ("x", "v"): 2, ("y", "u"): 30,
                                           ("y", "v"): 30})  # fmt: skip
    protected = protect(table, T)
    assert protected.count(("x", "u")) == 0
    assert protected.status(("x", TOTAL)) == Status.PRIMARY
    _assert_safe(protected)


def test_a_three_dimensional_table_is_protected() -> None:
    rng = np.random.default_rng(7)
    counts = rng.integers(0, 30, size=(3, 3, 2))
    counts[0, 1, 0], counts[2, 2, 1] = 2, 1
    table = Table(("hub", "theme", "sex"), (("A", "B", "C"), ("d", "e", "f"), ("F", "M")), counts)
    protected = protect(table, T)
    assert protected.status(("A", "e", "F")) == Status.PRIMARY
    _assert_safe(protected)


def test_linked_tables_are_protected_together() -> None:
    network = Table.from_counts(("theme",), {("Droits",): 12, ("Soins",): 40, ("Vaccins",): 20})
    fives = Table.from_counts(
        ("theme",), {("Droits",): 2, ("Soins",): 25, ("Vaccins",): 9}, scope={"hub": "Fives"}
    )
    moulins = Table.from_counts(
        ("theme",), {("Droits",): 10, ("Soins",): 15, ("Vaccins",): 11}, scope={"hub": "Moulins"}
    )
    protected = protect_linked([network, fives, moulins], T)
    assert protected[1].status(("Droits",)) == Status.PRIMARY
    # Fives' hidden count is not recoverable as the network's minus Moulins'.
    assert not (
        protected[0].count(("Droits",)) is not None and protected[2].count(("Droits",)) is not None
    )
    found = attack_linked([p.published() for p in protected], {"hub": ["Fives", "Moulins"]})
    low, high = found[1][("Droits",)]
    assert high - low >= T


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.integers(min_value=2, max_value=4),
    st.integers(min_value=2, max_value=4),
    st.lists(st.integers(min_value=0, max_value=25), min_size=16, max_size=16),
)
def test_every_protected_random_table_passes_the_independent_attack(
    rows: int, cols: int, values: list[int]
) -> None:
    counts = np.array(values[: rows * cols]).reshape(rows, cols)
    table = Table(("r", "c"), (tuple(f"r{i}" for i in range(rows)),
                               tuple(f"c{j}" for j in range(cols))), counts)  # fmt: skip
    protected = protect(table, T)
    _assert_safe(protected)
    engine = attack(protected.published())
    for key, interval in engine.items():
        if protected.status(key) == Status.PRIMARY:
            assert interval.upper - interval.lower >= T


# --- the command ------------------------------------------------------------------------------


def _run(tmp_path: Path, text: str, *args: str) -> subprocess.CompletedProcess[str]:
    source = tmp_path / "in.csv"
    source.write_text(text, encoding="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "maillage.cli", "protect", str(source), *args, "--out", "-"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip


def test_the_command_writes_every_cell_and_margin_with_its_status(tmp_path: Path) -> None:
    text = "hub,theme,count\nFives,Droits,3\nFives,Soins,40\nMoulins,Droits,25\nMoulins,Soins,31\n"
    done = _run(tmp_path, text, "--dims", "hub,theme", "--threshold", "5")
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert list(rows[0]) == ["hub", "theme", "count", "status"]
    assert len(rows) == 3 * 3
    by_key = {(r["hub"], r["theme"]): r for r in rows}
    assert by_key[("Fives", "Droits")] == {"hub": "Fives", "theme": "Droits", "count": "",
                                           "status": "primary"}  # fmt: skip
    assert by_key[("Total", "Total")]["count"] in ("99", "")
    assert {r["status"] for r in rows} <= {"published", "primary", "secondary"}
    published = {k: (int(r["count"]) if r["count"] else None) for k, r in by_key.items()}
    low, high = ranges([["Fives", "Moulins"], ["Droits", "Soins"]], published)[("Fives", "Droits")]
    assert high - low >= 5


def test_an_absent_cell_is_zero(tmp_path: Path) -> None:
    done = _run(tmp_path, "a,b,count\nx,u,10\ny,v,12\n", "--dims", "a,b")
    rows = {(r["a"], r["b"]): r for r in csv.DictReader(io.StringIO(done.stdout))}
    assert rows[("x", "v")]["count"] == "0" and rows[("x", "v")]["status"] == "published"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a,count\nx,-1\n", "line 2, column count: -1 is negative"),
        ("a,count\nx,2.5\n", "line 2, column count: '2.5' is not a whole number"),
        ("a,count\nx,1\nx,3\n", "line 3: cell ('x',) repeats line 2"),
        ("a,n\nx,1\n", "missing column 'count'"),
        ("b,count\nx,1\n", "missing column 'a'"),
    ],
)
def test_the_command_names_what_is_wrong(tmp_path: Path, text: str, message: str) -> None:
    done = _run(tmp_path, text, "--dims", "a")
    assert done.returncode == 2
    assert message in done.stderr and done.stdout == ""


def test_the_command_starts_without_django(tmp_path: Path) -> None:
    probe = (
        "import sys; from maillage.cli import main; "
        f"main(['protect', {str(tmp_path / 'in.csv')!r}, '--dims', 'a', '--out', '-']); "
        "print('django' in sys.modules, file=sys.stderr)"
    )
    (tmp_path / "in.csv").write_text("a,count\nx,10\ny,3\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert done.stderr.strip().endswith("False")
