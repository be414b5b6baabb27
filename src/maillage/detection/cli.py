"""`maillage detect INPUT.csv --method M [--param name=value ...] --out OUTPUT.csv`."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from maillage.detection.base import Detection, DetectionError, SeriesBatch
from maillage.detection.ears import ears
from maillage.detection.farrington import FarringtonParams, farrington
from maillage.detection.flexible import FlexibleParams, farrington_flexible
from maillage.detection.io import InputSeries, batches, output_rows, read_series, write_output
from maillage.detection.params import METHODS, parse_params


def run_method(method: str, batch: SeriesBatch, params: dict[str, Any]) -> Detection:
    """Dispatch one batch of series to an algorithm."""
    if method.startswith("ears"):
        return ears(batch, method.removeprefix("ears"), **params)
    if method == "farrington":
        return farrington(batch, FarringtonParams(**params))
    return farrington_flexible(batch, FlexibleParams(**params))


def detect(all_series: list[InputSeries], method: str, params: dict[str, Any]) -> list[list[str]]:
    """Run the method on every series; output rows in input order."""
    by_name = {s.name: s for s in all_series}
    rows: dict[str, list[list[str]]] = {}
    for batch in batches(all_series):
        det = run_method(method, batch, params)
        for i, name in enumerate(batch.names):
            rows[name] = list(output_rows(by_name[name], det, i))
    return [r for s in all_series for r in rows[s.name]]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="maillage detect",
        description="Outbreak detection on weekly counts, with the algorithms of R's surveillance.",
    )
    parser.add_argument("input", metavar="INPUT.csv", help="series,period,count[,population]")
    parser.add_argument("--method", required=True, choices=METHODS)
    parser.add_argument(
        "--param",
        action="extend",
        nargs="+",
        default=[],
        metavar="name=value",
        help="R's control parameters, e.g. b=3 w=2 thresholdMethod=nbPlugin",
    )
    parser.add_argument("--out", required=True, metavar="OUTPUT.csv", help="'-' for stdout")
    return parser


def _run(args: argparse.Namespace) -> None:
    params = parse_params(args.method, args.param)
    try:
        with open(args.input, newline="", encoding="utf-8-sig") as stream:
            all_series = read_series(stream)
    except OSError as exc:
        raise DetectionError(f"cannot read {args.input}: {exc.strerror}") from None
    rows = detect(all_series, args.method, params)
    if args.out == "-":
        write_output(sys.stdout, rows)
        return
    with open(args.out, "w", newline="", encoding="utf-8") as out:
        write_output(out, rows)


def main(argv: list[str]) -> int:
    """Entry point of `maillage detect`; returns the exit status."""
    args = _parser().parse_args(argv)
    try:
        _run(args)
    except (DetectionError, TypeError) as exc:
        print(f"maillage detect: error: {exc}", file=sys.stderr)
        return 2
    return 0
