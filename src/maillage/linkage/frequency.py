"""Term frequencies: agreeing on a rare value is stronger evidence than on a common one.

Fellegi-Sunter weighs "first names agree" with one u probability, the average
chance that two random records agree, so MARIE and a rare first name count the
same. Splink's term-frequency adjustment replaces u by the frequency of the
agreed value; we do the same on the encodings:

- commune and full birth date are keyed hashes, whose frequencies are counted
  exactly (keyed hashes reveal those frequencies anyway, see docs/linkage.md);
- names exist only as noisy Bloom filters, so a name's frequency is estimated
  by counting, in a random sample of records, the filters at the "same name"
  level from it. Only pairs whose decision is still open get this estimate,
  which bounds its cost.

Frequencies are smoothed towards u (one pseudo-observation at the average
rate), so a value seen rarely is not taken for unique.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np

from maillage.linkage.compare import COMPARISON_INDEX, NAME_THRESHOLDS, denoised_dice
from maillage.linkage.encoding import BLOOM_BITS
from maillage.linkage.table import EncodedTable

NAME_SAMPLE = 3_000
# Pairs whose weight is further than this from even odds keep their decision
# whatever a name's frequency (the adjustment stays within about +/- 4 bits).
BORDERLINE_BITS = 8.0
CHUNK = 1_024
NAME_FIELDS = {"first_name": 0, "last_name": 1}  # comparison -> name field in the table


@dataclass(frozen=True)
class Frequencies:
    table: EncodedTable
    name_samples: dict[str, np.ndarray]  # comparison -> sampled record indices
    exact_counts: dict[str, np.ndarray]  # comparison -> per record, records sharing its value
    exact_present: dict[str, int]

    @classmethod
    def of(cls, table: EncodedTable, rng: np.random.Generator) -> Frequencies:
        samples = {name: _sample(table, field, rng) for name, field in NAME_FIELDS.items()}
        exact = {"commune": table.exact[:, 1], "birth_date": table.dates[:, 0]}
        counts = {name: _value_counts(values) for name, values in exact.items()}
        present = {name: int((values != 0).sum()) for name, values in exact.items()}
        return cls(table, samples, counts, present)

    def adjustments(
        self,
        left: np.ndarray,
        right: np.ndarray,
        levels: np.ndarray,
        u: list[np.ndarray],
        undecided: np.ndarray,
    ) -> np.ndarray:
        """log2(u / frequency of the agreed value) for pairs agreeing at level 1."""
        out = np.zeros(len(left))
        for name, counts in self.exact_counts.items():
            agree = levels[:, COMPARISON_INDEX[name]] == 1
            u1 = u[COMPARISON_INDEX[name]][1]
            # A record's count includes itself: minus one, plus one pseudo-count.
            seen = np.maximum(counts[left[agree]], counts[right[agree]])
            out[agree] += np.log2(u1 * (self.exact_present[name] + 1 / u1) / seen)
        for name, field in NAME_FIELDS.items():
            agree = undecided & (levels[:, COMPARISON_INDEX[name]] == 1)
            out[agree] += self._name_adjustment(name, field, left[agree], right[agree], u)
        return out

    def _name_adjustment(
        self, name: str, field: int, left: np.ndarray, right: np.ndarray, u: list[np.ndarray]
    ) -> np.ndarray:
        sample = self.name_samples[name]
        if len(left) == 0 or len(sample) == 0:
            return np.zeros(len(left))
        records, where = np.unique(np.r_[left, right], return_inverse=True)
        counts = same_name_counts(self.table, field, records, sample)[where]
        seen = np.maximum(counts[: len(left)], counts[len(left) :]) + 1.0
        u1 = u[COMPARISON_INDEX[name]][1]
        return np.log2(u1 * (len(sample) + 1 / u1) / seen)


def same_name_counts(
    table: EncodedTable, field: int, records: np.ndarray, sample: np.ndarray
) -> np.ndarray:
    """For each record, how many sampled filters are at the "same name" level from its own."""
    theirs, their_bits = table.names[sample, field], table.name_bits[sample, field]
    needed = _shared_bits_needed()
    out = np.empty(len(records), dtype=np.int64)
    for start in range(0, len(records), CHUNK):
        chunk = records[start : start + CHUNK]
        mine = table.names[chunk, field]
        shared = np.zeros((len(chunk), len(sample)), dtype=np.uint16)
        for word in range(mine.shape[1]):
            shared += np.bitwise_count(mine[:, None, word] & theirs[None, :, word])
        total = table.name_bits[chunk, field][:, None] + their_bits[None, :]
        out[start : start + CHUNK] = (shared >= needed[total]).sum(axis=1)
    return out


@cache
def _shared_bits_needed() -> np.ndarray:
    """Least shared bits at the "same name" level, by total set bits of the two filters.

    The denoised Dice grows with the shared bits and depends on the set bits
    only through their total, so one table replaces the float computation.
    """
    total = np.arange(2 * BLOOM_BITS + 1)[:, None]
    shared = np.arange(BLOOM_BITS + 2)[None, :]
    same = denoised_dice(shared, total, 0) >= NAME_THRESHOLDS[0]
    same[:, -1] = True  # more shared bits than exist: never reached
    return same.argmax(axis=1).astype(np.uint16)


def _sample(table: EncodedTable, field: int, rng: np.random.Generator) -> np.ndarray:
    present = np.flatnonzero(table.name_bits[:, field] > 0)
    if len(present) <= NAME_SAMPLE:
        return present
    return np.sort(rng.choice(present, NAME_SAMPLE, replace=False))


def _value_counts(values: np.ndarray) -> np.ndarray:
    _, where, counts = np.unique(values, return_inverse=True, return_counts=True)
    return np.where(values != 0, counts[where], 0)
