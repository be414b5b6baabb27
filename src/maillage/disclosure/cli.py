"""`maillage protect INPUT.csv --dims A,B[,C] --threshold T --out OUTPUT.csv`.

INPUT has the `--dims` columns and `count`, one row per cell of the most detailed table (an
absent cell is 0). OUTPUT has a row for every combination of the levels seen and for every
margin (a margin's dimension holds `Total`): the dimensions, `count` (empty when suppressed)
and `status` (published, primary or secondary).
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections.abc import Iterable, Sequence
from typing import IO

from maillage.disclosure.suppression import DEFAULT_THRESHOLD, Protected, protect
from maillage.disclosure.table import DisclosureError, Table


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="maillage protect",
        description="Cell suppression of a frequency table, verified by an interval attack.",
    )
    parser.add_argument("input", metavar="INPUT.csv", help="the dimensions' columns and count")
    parser.add_argument("--dims", required=True, help="one to three column names, comma-separated")
    parser.add_argument("--threshold", type=int, default=DEFAULT_THRESHOLD, metavar="T")
    parser.add_argument("--out", required=True, metavar="OUTPUT.csv", help="'-' for stdout")
    return parser


def _count(value: str | None, line: int) -> int:
    text = (value or "").strip()
    try:
        number = int(text)
    except ValueError:
        raise DisclosureError(
            f"line {line}, column count: {text!r} is not a whole number"
        ) from None
    if number < 0:
        raise DisclosureError(f"line {line}, column count: {number} is negative")
    return number


def read_cells(rows: Iterable[dict[str, str]], dims: Sequence[str]) -> dict[tuple[str, ...], int]:
    """{(level, ...): count} from the input rows; a cell given twice is an error."""
    cells: dict[tuple[str, ...], int] = {}
    seen_at: dict[tuple[str, ...], int] = {}
    for line, row in enumerate(rows, start=2):
        key = tuple((row.get(d) or "").strip() for d in dims)
        if any(not level for level in key):
            missing = dims[[not level for level in key].index(True)]
            raise DisclosureError(f"line {line}, column {missing}: empty")
        if key in cells:
            raise DisclosureError(f"line {line}: cell {key} repeats line {seen_at[key]}")
        cells[key] = _count(row.get("count"), line)
        seen_at[key] = line
    if not cells:
        raise DisclosureError("the input has no cell")
    return cells


def read_table(stream: IO[str], dims: Sequence[str]) -> Table:
    reader = csv.DictReader(stream)
    header = reader.fieldnames or []
    for column in [*dims, "count"]:
        if column not in header:
            raise DisclosureError(f"missing column {column!r} (the header has {header})")
    return Table.from_counts(dims, read_cells(reader, dims))


def write_protected(stream: IO[str], protected: Protected) -> None:
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow([*protected.table.dims, "count", "status"])
    for key, count, status in protected.rows():
        writer.writerow([*key, "" if count is None else count, str(status)])


def _run(args: argparse.Namespace) -> None:
    dims = [d.strip() for d in args.dims.split(",") if d.strip()]
    if not 1 <= len(dims) <= 3 or len(set(dims)) != len(dims):
        raise DisclosureError("--dims names one to three distinct columns")
    if args.threshold < 1:
        raise DisclosureError("--threshold must be at least 1")
    try:
        with open(args.input, newline="", encoding="utf-8-sig") as stream:
            table = read_table(stream, dims)
    except OSError as exc:
        raise DisclosureError(f"cannot read {args.input}: {exc.strerror}") from None
    protected = protect(table, args.threshold)
    if args.out == "-":
        write_protected(sys.stdout, protected)
        return
    with open(args.out, "w", newline="", encoding="utf-8") as out:
        write_protected(out, protected)


def main(argv: list[str]) -> int:
    """Entry point of `maillage protect`; returns the exit status."""
    args = _parser().parse_args(argv)
    try:
        _run(args)
    except DisclosureError as exc:
        print(f"maillage protect: error: {exc}", file=sys.stderr)
        return 2
    return 0
