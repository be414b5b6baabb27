"""Check the Splink model on encodings end to end on Spark against the same model on DuckDB.

`python bench/splink_spark.py [--records 2000]` needs the `spark` extra
(`pip install -e .[spark]`) and a Java 17+ runtime; set PYSPARK_PYTHON to
this interpreter. It generates a synthetic population, encodes it, runs
`cluster_table_splink` on a local Spark session (2 cores) and on DuckDB, and
prints one JSON line: the clusters each found, how many (Spark, DuckDB) label
pairs there are (equal to both cluster counts when the partitions agree) and
the wall time of each.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))

import gen_population  # noqa: E402
import numpy as np  # noqa: E402

SECRET = b"benchmark-network-secret-0123456789"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=2_000)
    args = parser.parse_args(argv)

    from pyspark.sql import SparkSession
    from splink import SparkAPI

    from maillage.linkage.cli import read_and_encode
    from maillage.linkage.splink_engine import cluster_table_splink

    with tempfile.TemporaryDirectory(prefix="splink-spark-") as folder:
        data = Path(folder) / "population.csv"
        gen_population.write(args.records, data, Path(folder) / "truth.csv")
        ids, table = read_and_encode(data, SECRET)
        truth = _persons(Path(folder) / "truth.csv", ids)
        spark = (
            SparkSession.builder.master("local[2]")
            .config("spark.driver.memory", "2g")
            .config("spark.sql.shuffle.partitions", "8")
            .getOrCreate()
        )
        spark.sparkContext.setCheckpointDir(str(Path(folder) / "checkpoints"))
        started = time.perf_counter()
        on_spark = cluster_table_splink(table, db_api=SparkAPI(spark_session=spark))
        spark_s = time.perf_counter() - started
        started = time.perf_counter()
        on_duckdb = cluster_table_splink(table)
        duckdb_s = time.perf_counter() - started
        spark.stop()
    label_pairs = np.unique(np.c_[on_spark, on_duckdb], axis=0).shape[0]
    report = {
        "records": args.records,
        "spark_clusters": len(set(on_spark.tolist())),
        "duckdb_clusters": len(set(on_duckdb.tolist())),
        "label_pairs": int(label_pairs),
        "spark_f1": _f1(on_spark, truth),
        "duckdb_f1": _f1(on_duckdb, truth),
        "spark_s": round(spark_s, 1),
        "duckdb_s": round(duckdb_s, 1),
    }
    print(json.dumps(report))
    return 0


def _persons(truth: Path, ids: list[str]) -> np.ndarray:
    with truth.open() as handle:
        person = dict(row for row in csv.reader(handle) if row[0] != "record_id")
    return np.unique([person[i] for i in ids], return_inverse=True)[1]


def _f1(labels: np.ndarray, truth: np.ndarray) -> float:
    """Pairwise F1 of the clusters against the true persons."""

    def pairs(*columns: np.ndarray) -> int:
        counts = np.unique(np.c_[columns], axis=0, return_counts=True)[1].astype(np.int64)
        return int((counts * (counts - 1) // 2).sum())

    together, found, true = pairs(labels, truth), pairs(labels), pairs(truth)
    return round(2 * together / (found + true), 4) if found + true else 1.0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
