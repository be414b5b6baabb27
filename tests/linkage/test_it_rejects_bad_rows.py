from pathlib import Path

import pytest

from maillage.linkage.cli import main

HEADER = "record_id,source,first_name,last_name,birth_date,sex,commune,phone,nir\n"
GOOD = "r1,asso,Marie,Martin,1990-05-05,F,59350,,\n"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("id,source,first_name\n" + GOOD, "line 1"),
        (HEADER + GOOD + "r2,asso,Paul,Petit,1990-13-01,M,,,\n", "line 3: field birth_date"),
        (HEADER + GOOD + "r2,asso,Paul,Petit,05/06/1990,M,,,\n", "line 3: field birth_date"),
        (HEADER + GOOD + ",asso,Paul,Petit,1990,M,,,\n", "line 3: field record_id"),
        (HEADER + GOOD + "r2,,Paul,Petit,1990,M,,,\n", "line 3: field source"),
        (HEADER + GOOD + GOOD, "line 3: field record_id: duplicate"),
        (HEADER + GOOD + "r2,asso,Paul,Petit,1990,Q,,,\n", "line 3: field sex"),
        (HEADER + GOOD + "r2,asso,Paul\n", "line 3: expected 9 fields"),
    ],
)
def test_it_names_the_line_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, expected: str
) -> None:
    source, out = tmp_path / "in.csv", tmp_path / "out.csv"
    source.write_text(content, encoding="utf-8")
    assert main([str(source), "--out", str(out)]) == 2
    assert expected in capsys.readouterr().err
    assert not out.exists()
    assert list(tmp_path.iterdir()) == [source]


def test_it_reports_a_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(tmp_path / "absent.csv"), "--out", str(tmp_path / "out.csv")]) == 2
    assert "absent.csv" in capsys.readouterr().err


def test_it_names_the_line_when_encoding_in_parallel(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from maillage.linkage import cli

    monkeypatch.setattr(cli, "PARALLEL_FROM_BYTES", 0)
    monkeypatch.setattr(cli, "BATCH_ROWS", 1)
    source, out = tmp_path / "in.csv", tmp_path / "out.csv"
    source.write_text(HEADER + GOOD + "r2,asso,Paul,Petit,1990-02-30,M,,,\n", encoding="utf-8")
    assert main([str(source), "--out", str(out)]) == 2
    assert "line 3: field birth_date" in capsys.readouterr().err
    assert not out.exists()
