import csv
from pathlib import Path

from maillage.linkage.cli import main

ROWS = """record_id,source,first_name,last_name,birth_date,sex,commune,phone,nir
r1,pass-chu,Hélène,Le Gall,1985-03-12,F,59350,06 12 34 56 78,
r2,hub-roubaix,HELENE,LEGALL,1985-03-12,F,59512,,
r3,asso,Le Gall,Helene,1985,2,,+33612345678,
r4,pass-chu,Jean-Pierre,Dupont,1950-06-07,M,59350,,
r5,asso,Jean Pierre,Dupond,1950-06-07,,59350,,
r6,hub-roubaix,Marie,Martin,1990-05-05,F,59512,,
r7,asso,,,,,,,
"""


def test_it_writes_one_cluster_per_person(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("MAILLAGE_LINKAGE_SECRET", "a-network-secret-for-the-tests")
    source, out = tmp_path / "in.csv", tmp_path / "out.csv"
    source.write_text(ROWS, encoding="utf-8")
    assert main([str(source), "--out", str(out)]) == 0
    with out.open(newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["record_id", "cluster_id"]
    clusters = dict(rows[1:])
    assert list(clusters) == [f"r{i}" for i in range(1, 8)]
    assert clusters["r1"] == clusters["r2"] == clusters["r3"] == "r1"
    assert clusters["r4"] == clusters["r5"] == "r4"
    assert clusters["r6"] == "r6" and clusters["r7"] == "r7"


def test_it_works_without_a_configured_secret(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("MAILLAGE_LINKAGE_SECRET", raising=False)
    source, out = tmp_path / "in.csv", tmp_path / "out.csv"
    source.write_text(ROWS, encoding="utf-8")
    assert main([str(source), "--out", str(out), "--threshold", "0.95"]) == 0
    assert len(out.read_text().splitlines()) == 8


def test_it_gives_the_same_clusters_when_encoding_in_parallel(tmp_path: Path, monkeypatch) -> None:
    from maillage.linkage import cli

    monkeypatch.setenv("MAILLAGE_LINKAGE_SECRET", "a-network-secret-for-the-tests")
    source, serial, parallel = tmp_path / "in.csv", tmp_path / "a.csv", tmp_path / "b.csv"
    source.write_text(ROWS, encoding="utf-8")
    assert main([str(source), "--out", str(serial)]) == 0
    monkeypatch.setattr(cli, "PARALLEL_FROM_BYTES", 0)
    monkeypatch.setattr(cli, "BATCH_ROWS", 2)
    assert main([str(source), "--out", str(parallel)]) == 0
    assert parallel.read_text() == serial.read_text()
