"""A compact columnar store of encodings, grown one record at a time.

Only the encoded bytes are kept (about 250 bytes a record), so memory stays
proportional to the number of records and never holds clear text.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from maillage.linkage.encoding import BLOOM_BYTES, DATE_PARTS, KEY_BYTES, Encoding

EXACT_FIELDS = ("sex", "commune", "phone", "nir")
NAME_FIELDS = ("first_name", "last_name", "birth_name")


@dataclass(frozen=True, slots=True)
class EncodedTable:
    """Numpy views of n encodings; a zero word means "missing"."""

    names: np.ndarray  # (n, 3, words) uint64 Bloom filters
    name_bits: np.ndarray  # (n, 3) int32 popcounts
    dates: np.ndarray  # (n, 6) uint64 date-part keys
    exact: np.ndarray  # (n, 4) uint64 keys for EXACT_FIELDS
    block_keys: np.ndarray  # (k,) uint64
    block_records: np.ndarray  # (k,) int32

    def __len__(self) -> int:
        return int(self.names.shape[0])


class TableBuilder:
    def __init__(self) -> None:
        self._names = bytearray()
        self._dates = bytearray()
        self._exact = bytearray()
        self._blocks = bytearray()
        self._block_counts: list[int] = []

    def append(self, encoding: Encoding) -> None:
        self._names += encoding.first_name + encoding.last_name + encoding.birth_name
        self._dates += encoding.birth_date
        self._exact += encoding.sex + encoding.commune + encoding.phone + encoding.nir
        self._blocks += encoding.blocking
        self._block_counts.append(len(encoding.blocking) // KEY_BYTES)

    def __len__(self) -> int:
        return len(self._block_counts)

    def parts(self) -> tuple[bytes, bytes, bytes, bytes, list[int]]:
        """The raw columns, to ship a batch encoded in another process."""
        raw = (self._names, self._dates, self._exact, self._blocks)
        return (*(bytes(b) for b in raw), self._block_counts)  # type: ignore[return-value]

    def extend(self, parts: tuple[bytes, bytes, bytes, bytes, list[int]]) -> None:
        names, dates, exact, blocks, counts = parts
        self._names += names
        self._dates += dates
        self._exact += exact
        self._blocks += blocks
        self._block_counts += counts

    def build(self) -> EncodedTable:
        n = len(self)
        names = _words(self._names).reshape(n, len(NAME_FIELDS), BLOOM_BYTES // 8)
        counts = np.asarray(self._block_counts, dtype=np.int64)
        return EncodedTable(
            names=names,
            name_bits=np.bitwise_count(names).sum(axis=2, dtype=np.int32),
            dates=_words(self._dates).reshape(n, len(DATE_PARTS)),
            exact=_words(self._exact).reshape(n, len(EXACT_FIELDS)),
            block_keys=_words(self._blocks),
            block_records=np.repeat(np.arange(n, dtype=np.int32), counts),
        )


def _words(buffer: bytearray) -> np.ndarray:
    return np.frombuffer(bytes(buffer), dtype=np.uint64)


def table_from(encodings: list[Encoding]) -> EncodedTable:
    builder = TableBuilder()
    for encoding in encodings:
        builder.append(encoding)
    return builder.build()
