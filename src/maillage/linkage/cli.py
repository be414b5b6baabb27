"""`maillage dedupe INPUT.csv --out OUTPUT.csv [--threshold P]`.

Reads identities row by row, encodes each one at once and keeps only the
encodings, so memory grows by about 250 bytes a record whatever the input.
"""

from __future__ import annotations

import argparse
import csv
import multiprocessing
import os
import secrets
import sys
from collections import deque
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tqdm import tqdm

from maillage.linkage.api import cluster_names
from maillage.linkage.encoding import Encoder, Identity, normalize_identity
from maillage.linkage.engine import DEFAULT_THRESHOLD, cluster_table
from maillage.linkage.normalize import InvalidValue
from maillage.linkage.table import EncodedTable, TableBuilder

HEADER: tuple[str, ...] = ("record_id", "source", "first_name", "last_name", "birth_date")
HEADER += ("sex", "commune", "phone", "nir")
SECRET_ENV = "MAILLAGE_LINKAGE_SECRET"
BATCH_ROWS = 5_000
MAX_WORKERS = 4
PARALLEL_FROM_BYTES = 4_000_000


class InputError(Exception):
    """A malformed input, with the line number where it was found."""


def main(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    try:
        ids, table = read_and_encode(Path(args.input), _secret())
    except (InputError, OSError) as error:
        print(f"maillage dedupe: error: {error}", file=sys.stderr)
        return 2
    result = cluster_table(table, args.threshold)
    write_clusters(Path(args.out), ids, cluster_names(ids, result.labels))
    persons = len(set(result.labels.tolist()))
    print(f"{len(ids)} records, {persons} persons -> {args.out}", file=sys.stderr)
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="maillage dedupe",
        description="Count distinct persons across partners' records, on keyed encodings.",
    )
    parser.add_argument("input", help="CSV with header " + ",".join(HEADER))
    parser.add_argument("--out", required=True, help="CSV written with record_id,cluster_id")
    parser.add_argument(
        "--threshold",
        type=_probability,
        default=None,
        help=f"average match probability (in log-odds) of the pairs between two groups "
        f"of records above which they are one person (default {DEFAULT_THRESHOLD})",
    )
    return parser


def _probability(text: str) -> float:
    value = float(text)
    if not 0.0 < value < 1.0:
        raise argparse.ArgumentTypeError("the threshold is a probability between 0 and 1")
    return value


def _secret() -> bytes:
    # Standalone runs need no configuration: encodings only live for the run,
    # so a fresh random key is as good as a shared one and leaks nothing.
    configured = os.environ.get(SECRET_ENV)
    return configured.encode() if configured else secrets.token_bytes(32)


def read_and_encode(path: Path, secret: bytes) -> tuple[list[str], EncodedTable]:
    ids: list[str] = []
    seen: set[str] = set()
    builder = TableBuilder()
    batches = _batches(_checked_rows(path, ids, seen))
    workers = _workers(path)
    if workers > 1:
        context = multiprocessing.get_context("forkserver")
        with context.Pool(workers, _init_worker, (secret,)) as pool:
            for parts in _in_order(pool, batches, window=2 * workers):
                builder.extend(parts)
    else:
        _init_worker(secret)
        for batch in batches:
            builder.extend(encode_batch(batch))
    return ids, builder.build()


def _workers(path: Path) -> int:
    # Forking only pays off on large inputs; small files stay in one process.
    large = path.stat().st_size > PARALLEL_FROM_BYTES
    return min(os.cpu_count() or 1, MAX_WORKERS) if large else 1


def _checked_rows(path: Path, ids: list[str], seen: set[str]) -> Iterator[tuple[int, list[str]]]:
    for line, row in _rows(path):
        ids.append(_check_ids(line, row, seen))
        yield line, row


def _batches(rows: Iterator[tuple[int, list[str]]]) -> Iterator[list[tuple[int, list[str]]]]:
    batch: list[tuple[int, list[str]]] = []
    for item in rows:
        batch.append(item)
        if len(batch) == BATCH_ROWS:
            yield batch
            batch = []
    if batch:
        yield batch


def _in_order(pool: Any, batches: Iterator[Any], window: int) -> Iterator[Any]:
    """Results in input order, with at most `window` batches in flight (flat memory)."""
    pending: deque[Any] = deque()
    for batch in batches:
        pending.append(pool.apply_async(encode_batch, (batch,)))
        if len(pending) >= window:
            yield pending.popleft().get()
    while pending:
        yield pending.popleft().get()


_encoder: Encoder | None = None


def _init_worker(secret: bytes) -> None:
    global _encoder
    _encoder = Encoder(secret)


def encode_batch(
    batch: list[tuple[int, list[str]]],
) -> tuple[bytes, bytes, bytes, bytes, list[int]]:
    assert _encoder is not None
    builder = TableBuilder()
    for line, row in batch:
        builder.append(_encoder.encode(_identity(line, row)))
    return builder.parts()


def _rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.reader(handle)
        header = next(reader, None)
        if header is None or tuple(h.strip() for h in header) != HEADER:
            raise InputError(f"line 1: the header must be {','.join(HEADER)}")
        progress = tqdm(reader, desc="encoding", unit=" records", file=sys.stderr, mininterval=1)
        for row in progress:
            if len(row) != len(HEADER):
                raise InputError(f"line {reader.line_num}: expected {len(HEADER)} fields")
            yield reader.line_num, row


def _check_ids(line: int, row: list[str], seen: set[str]) -> str:
    record_id, source = row[0].strip(), row[1].strip()
    if not record_id:
        raise InputError(f"line {line}: field record_id is empty")
    if not source:
        raise InputError(f"line {line}: field source is empty")
    if record_id in seen:
        raise InputError(f"line {line}: field record_id: duplicate {record_id!r}")
    seen.add(record_id)
    return record_id


def _identity(line: int, row: list[str]) -> Identity:
    _, _, first_name, last_name, birth_date, sex, commune, phone, nir = row
    try:
        return normalize_identity(
            first_name=first_name,
            last_name=last_name,
            birth_date=birth_date.strip(),
            sex=sex,
            commune=commune,
            phone=phone,
            nir=nir,
        )
    except InvalidValue as error:
        raise InputError(f"line {line}: field {error.field}: {error}") from None


def write_clusters(path: Path, ids: list[str], clusters: list[str]) -> None:
    # Write then rename, so a failed run never leaves a partial output file.
    partial = path.with_name(path.name + ".partial")
    with partial.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(("record_id", "cluster_id"))
        writer.writerows(zip(ids, clusters, strict=True))
    partial.replace(path)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
