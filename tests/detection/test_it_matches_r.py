"""Every fixture case: `maillage detect` gives R surveillance's bounds and alarms."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from maillage.detection.cli import main
from tests.detection.conftest import FIXTURES, read_rows

CASES = read_rows(FIXTURES / "cases.csv")
RTOL = 1e-6


def _close(ours: str, theirs: str) -> bool:
    if ours == "" or theirs == "":
        return ours == theirs
    a, b = float(ours), float(theirs)
    return math.isclose(a, b, rel_tol=RTOL, abs_tol=1e-12)


def _run(case: dict[str, str], out: Path) -> list[dict[str, str]]:
    params = ["--param", *case["params"].split()] if case["params"] else []
    argv = [str(FIXTURES / "inputs" / f"{case['input']}.csv"), "--method", case["method"]]
    assert main([*argv, *params, "--out", str(out)]) == 0
    return read_rows(out)


@pytest.mark.parametrize("case", CASES, ids=[c["case"] for c in CASES])
def test_it_matches_r(case: dict[str, str], tmp_path: Path) -> None:
    ours = _run(case, tmp_path / "out.csv")
    theirs = read_rows(FIXTURES / "expected" / f"{case['case']}.csv")
    assert [(r["series"], r["period"]) for r in ours] == [
        (r["series"], r["period"]) for r in theirs
    ]
    for a, b in zip(ours, theirs, strict=True):
        where = f"{a['series']} {a['period']}"
        assert a["alarm"] == b["alarm"], where
        assert _close(a["upperbound"], b["upperbound"]), (where, a, b)
        assert _close(a["expected"], b["expected"]), (where, a, b)


def test_fixtures_cover_every_method_and_threshold() -> None:
    methods = {c["method"] for c in CASES}
    assert methods == {"earsC1", "earsC2", "earsC3", "farrington", "farringtonFlexible"}
    params = " ".join(c["params"] for c in CASES)
    for needle in ("thresholdMethod=nbPlugin", "thresholdMethod=muan", "trend=FALSE"):
        assert needle in params
    assert any(c["input"].endswith("date") for c in CASES)


def test_fixtures_contain_alarms_and_missing_bounds() -> None:
    rows = [r for c in CASES for r in read_rows(FIXTURES / "expected" / f"{c['case']}.csv")]
    alarms = {r["alarm"] for r in rows}
    assert {"TRUE", "FALSE", ""} <= alarms
    assert any(r["upperbound"] == "" for r in rows)
