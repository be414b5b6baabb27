"""`maillage detect` stops with a message naming the series, period or line."""

from __future__ import annotations

from pathlib import Path

import pytest

from maillage.detection.cli import main

GOOD = "series,period,count\n" + "".join(f"a,{i},{i % 5}\n" for i in range(1, 31))


def _error(capsys: pytest.CaptureFixture[str], argv: list[str]) -> str:
    assert main(argv) == 2
    return capsys.readouterr().err


def _detect(path: Path, *extra: str) -> list[str]:
    return [str(path), "--method", "earsC1", *extra, "--out", str(path.with_suffix(".out"))]


def test_it_names_the_gap(write_csv, capsys) -> None:  # type: ignore[no-untyped-def]
    path = write_csv(GOOD.replace("a,7,2\n", ""))
    err = _error(capsys, _detect(path))
    assert "series 'a'" in err and "gap between periods 6 and 8" in err


def test_it_names_a_date_gap(write_csv, capsys) -> None:  # type: ignore[no-untyped-def]
    text = "series,period,count\nx,2024-01-01,1\nx,2024-01-08,2\nx,2024-01-22,3\n"
    err = _error(capsys, _detect(write_csv(text)))
    assert "series 'x'" in err and "2024-01-08 and 2024-01-22" in err


def test_it_names_duplicated_periods(write_csv, capsys) -> None:  # type: ignore[no-untyped-def]
    err = _error(capsys, _detect(write_csv(GOOD + "a,3,9\n")))
    assert "period 3 appears twice (lines 4 and 32)" in err


def test_it_rejects_negative_counts(write_csv, capsys) -> None:  # type: ignore[no-untyped-def]
    err = _error(capsys, _detect(write_csv(GOOD.replace("a,4,4\n", "a,4,-1\n"))))
    assert "line 5: negative count -1 (series 'a', period 4)" in err


def test_it_rejects_text_counts(write_csv, capsys) -> None:  # type: ignore[no-untyped-def]
    err = _error(capsys, _detect(write_csv(GOOD.replace("a,4,4\n", "a,4,four\n"))))
    assert "line 5: count 'four' is not a number" in err


def test_it_rejects_mixed_periods(write_csv, capsys) -> None:  # type: ignore[no-untyped-def]
    err = _error(capsys, _detect(write_csv(GOOD + "b,2024-01-01,3\n")))
    assert "line 32: period '2024-01-01' is not an integer" in err


def test_it_requires_the_columns(write_csv, capsys) -> None:  # type: ignore[no-untyped-def]
    err = _error(capsys, _detect(write_csv("series,week,count\na,1,2\n")))
    assert "header lacks column(s) period" in err


def test_it_rejects_unknown_params(write_csv, capsys) -> None:  # type: ignore[no-untyped-def]
    err = _error(capsys, _detect(write_csv(GOOD), "--param", "b=3"))
    assert "unknown parameter 'b' for earsC1" in err and "baseline" in err


@pytest.mark.parametrize(
    ("param", "message"),
    [
        ("trend=maybe", "parameter trend: expected TRUE or FALSE"),
        ("b=2.5", "parameter b: expected an integer"),
        ("alpha=high", "parameter alpha: expected a number"),
        ("limit54=5", "parameter limit54: expected two numbers"),
        ("thresholdMethod=exact", "thresholdMethod must be one of delta, nbPlugin, muan"),
        ("powertrans=3/4", "powertrans must be one of"),
        ("noPeriods", "expected name=value"),
    ],
)
def test_it_rejects_bad_values(write_csv, capsys, param: str, message: str) -> None:  # type: ignore[no-untyped-def]
    path = write_csv(GOOD)
    argv = [str(path), "--method", "farringtonFlexible", "--param", param, "--out", "o.csv"]
    assert message in _error(capsys, argv)


def test_it_rejects_a_small_baseline(write_csv, capsys) -> None:  # type: ignore[no-untyped-def]
    err = _error(capsys, _detect(write_csv(GOOD), "--param", "baseline=2"))
    assert "baseline must be >= 3" in err


def test_it_says_when_a_series_is_too_short(write_csv, capsys) -> None:  # type: ignore[no-untyped-def]
    path = write_csv(GOOD)
    argv = [str(path), "--method", "farringtonFlexible", "--out", str(path) + ".out"]
    assert "series 'a' has 30 periods" in _error(capsys, argv)


def test_farrington_refuses_missing_reference_values(write_csv, capsys) -> None:  # type: ignore[no-untyped-def]
    """R's algo.farrington stops on NA among the reference values; so do we, with the period."""
    rows = [f"a,{i},{'' if i == 60 else i % 7}" for i in range(1, 160)]
    path = write_csv("series,period,count\n" + "\n".join(rows) + "\n")
    argv = [str(path), "--method", "farrington", "--param", "b=2", "--out", str(path) + ".o"]
    err = _error(capsys, argv)
    assert "series 'a': the missing count of period 60 is a reference value of period 109" in err


def test_it_reports_a_missing_file(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    err = _error(capsys, _detect(tmp_path / "absent.csv"))
    assert "cannot read" in err
