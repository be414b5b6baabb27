"""Output layout: periods as given, input order of series, NA as empty fields."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from maillage.detection.cli import main
from tests.detection.conftest import read_rows

HEADER = "series,period,count,expected,upperbound,alarm"


def _series(name: str, counts: list[int | None], pad: int = 0) -> str:
    cells = ["" if c is None else str(c) for c in counts]
    return "".join(f"{name},{i + 1:0{pad}d},{c}\n" for i, c in enumerate(cells))


def test_it_keeps_periods_and_series_order(write_csv, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    lines = _series("zeta", [3, 4, 5, 6, 2, 3, 4, 5, 9, 3], pad=3).splitlines()
    text = "series,period,count\n" + "\n".join(reversed(lines)) + "\n" + _series("alpha", [1] * 9)
    out = tmp_path / "out.csv"
    assert main([str(write_csv(text)), "--method", "earsC1", "--out", str(out)]) == 0
    assert out.read_text().splitlines()[0] == HEADER
    rows = read_rows(out)
    assert [(r["series"], r["period"]) for r in rows] == [
        ("zeta", "008"),
        ("zeta", "009"),
        ("zeta", "010"),
        ("alpha", "8"),
        ("alpha", "9"),
    ]


def test_it_prints_na_as_empty_fields(write_csv, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    text = "series,period,count\n" + _series("a", [1, 2, 3, 4, 5, 6, 7, None, 3, 8, 1])
    out = tmp_path / "out.csv"
    assert main([str(write_csv(text)), "--method", "earsC1", "--out", str(out)]) == 0
    rows = {r["period"]: r for r in read_rows(out)}
    assert rows["8"]["count"] == "" and rows["8"]["alarm"] == ""
    assert rows["8"]["upperbound"] != ""  # the bound only needs the 7 weeks before
    assert rows["9"]["upperbound"] == "" and rows["9"]["expected"] == ""
    assert rows["9"]["alarm"] == ""


def test_earsc1_bound_is_mean_plus_z_sd(write_csv, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    text = "series,period,count\n" + _series("a", [1, 2, 3, 4, 5, 6, 7, 30])
    out = tmp_path / "out.csv"
    assert main([str(write_csv(text)), "--method", "earsC1", "--out", str(out)]) == 0
    (row,) = read_rows(out)
    assert float(row["expected"]) == 4.0
    assert abs(float(row["upperbound"]) - (4 + 3.090232306167813 * 2.160246899469287)) < 1e-12
    assert row["alarm"] == "TRUE"


def test_the_console_script_dispatches_detect(write_csv, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    text = "series,period,count\n" + _series("a", [2, 3, 2, 4, 3, 2, 3, 2, 12])
    argv = [sys.executable, "-m", "maillage.cli", "detect", str(write_csv(text))]
    done = subprocess.run(
        [*argv, "--method", "earsC2", "--param", "baseline=3", "--out", "-"],
        capture_output=True,
        text=True,
        check=True,
    )
    lines = done.stdout.splitlines()
    assert lines[0] == HEADER and len(lines) == 1 + 4
    assert lines[-1].startswith("a,9,12,") and lines[-1].endswith(",TRUE")


def test_param_lists_and_repeated_params_are_equivalent(write_csv, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    text = "series,period,count\n" + _series("a", [i % 4 for i in range(40)])
    path = write_csv(text)
    one, two = tmp_path / "one.csv", tmp_path / "two.csv"
    base = [str(path), "--method", "earsC3"]
    assert main([*base, "--param", "baseline=5", "alpha=0.01", "--out", str(one)]) == 0
    assert main([*base, "--param", "baseline=5", "--param", "alpha=0.01", "--out", str(two)]) == 0
    assert one.read_text() == two.read_text()
