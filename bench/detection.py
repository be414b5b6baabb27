"""Benchmark of the detection engine against R's surveillance on the same series.

    python bench/detection.py [--quick] [--series N] [--r-series N]

1,000 weekly series of 520 weeks (10 years); every algorithm judges the last 52 weeks.
Progress goes to stderr; the last line of stdout is the JSON summary. R runs through
bench/r/detect.R when Rscript is installed (r_s is null otherwise); its time is the
algorithm's own, without R's start-up and file input/output, and so is ours.
"""

from __future__ import annotations

import argparse
import csv
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from maillage.detection.cli import detect
from maillage.detection.io import read_series
from maillage.detection.params import parse_params

WEEKS = 520
JUDGED = 52
METHODS = ("earsC1", "earsC2", "earsC3", "farrington", "farringtonFlexible")
R_SCRIPT = Path(__file__).parent / "r" / "detect.R"


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def simulate(n_series: int, seed: int = 20240601) -> np.ndarray:
    """Seasonal, trending, overdispersed counts with a few outbreaks."""
    rng = np.random.default_rng(seed)
    t = np.arange(WEEKS)
    level = rng.uniform(-1.5, 4.0, size=(n_series, 1))
    amplitude = rng.uniform(0, 1, size=(n_series, 1))
    phase = rng.uniform(0, 2 * np.pi, size=(n_series, 1))
    trend = rng.normal(0, 0.001, size=(n_series, 1))
    mu = np.exp(level + amplitude * np.sin(2 * np.pi * t / 52 + phase) + trend * t)
    size = rng.uniform(2, 50, size=(n_series, 1))
    counts = rng.negative_binomial(size, size / (size + mu))
    for s in rng.choice(n_series, size=n_series // 5, replace=False):
        start = rng.integers(0, WEEKS - 4)
        counts[s, start : start + 3] += rng.poisson(4 * mu[s, start] + 5, size=3)
    return counts


def write_input(counts: np.ndarray, path: Path) -> None:
    with path.open("w", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(["series", "period", "count"])
        for s, row in enumerate(counts):
            writer.writerows((f"s{s:04d}", t + 1, int(c)) for t, c in enumerate(row))


def range_param() -> str:
    return f"range={WEEKS - JUDGED + 1}:{WEEKS}"


def run_ours(path: Path, method: str) -> tuple[float, list[list[str]]]:
    with path.open(newline="") as stream:
        series = read_series(stream)
    start = time.perf_counter()
    rows = detect(series, method, parse_params(method, [range_param()]))
    return time.perf_counter() - start, rows


def run_r(path: Path, method: str, workdir: Path) -> tuple[float, list[list[str]]]:
    out, timing = workdir / f"r_{method}.csv", workdir / f"r_{method}.time"
    command = ["Rscript", str(R_SCRIPT), str(path), "--method", method]
    command += ["--param", range_param(), "--out", str(out), "--timing", str(timing)]
    subprocess.run(command, check=True, capture_output=True)
    with out.open(newline="") as stream:
        rows = [list(r.values()) for r in csv.DictReader(stream)]
    return float(timing.read_text()), rows


def agreement(ours: list[list[str]], theirs: list[list[str]]) -> float:
    """Share of R's judged weeks on which our alarm is the same."""
    mine = {(r[0], r[1]): r[5] for r in ours}
    same = sum(mine.get((r[0], r[1])) == r[5] for r in theirs)
    return same / len(theirs) if theirs else float("nan")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="100 series, R on 20")
    parser.add_argument("--series", type=int, default=None)
    parser.add_argument("--r-series", type=int, default=None, help="R on the first N series")
    args = parser.parse_args(argv)
    n = args.series or (100 if args.quick else 1000)
    n_r = min(n, args.r_series or (20 if args.quick else n))
    has_r = shutil.which("Rscript") is not None
    result = benchmark(n, n_r, has_r)
    print(json.dumps(result))
    return 0


def benchmark(n: int, n_r: int, has_r: bool) -> dict[str, object]:
    counts = simulate(n)
    ours_s: dict[str, float] = {}
    r_s: dict[str, float | None] = {}
    agree: dict[str, float | None] = {}
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        full, part = workdir / "series.csv", workdir / "series_r.csv"
        write_input(counts, full)
        write_input(counts[:n_r], part)
        for method in METHODS:
            log(f"ours  {method}: {n} series x {JUDGED} weeks ...")
            ours_s[method], rows = run_ours(full, method)
            log(f"ours  {method}: {ours_s[method]:.2f} s")
            r_s[method], agree[method] = None, None
            if has_r:
                log(f"R     {method}: {n_r} series x {JUDGED} weeks ...")
                seconds, theirs = run_r(part, method, workdir)
                r_s[method] = seconds * n / n_r
                agree[method] = agreement(rows, theirs)
                log(f"R     {method}: {seconds:.2f} s, alarm agreement {agree[method]:.4f}")
    return summary(n, ours_s, r_s, agree, n_r)


def summary(n, ours_s, r_s, agree, n_r) -> dict[str, object]:  # type: ignore[no-untyped-def]
    speedup = {m: (r_s[m] / ours_s[m] if r_s[m] else None) for m in ours_s}
    out: dict[str, object] = {"series": n, "weeks": WEEKS, "ours_s": _round(ours_s)}
    out |= {"r_s": _round(r_s), "speedup": _round(speedup), "alarm_agreement": agree}
    if any(v is not None for v in r_s.values()) and n_r < n:
        out["r_extrapolated_from_series"] = n_r
    return out


def _round(values: dict[str, float | None]) -> dict[str, float | None]:
    return {k: (None if v is None else round(v, 4)) for k, v in values.items()}


if __name__ == "__main__":
    raise SystemExit(main())
