"""Comparison vectors: one agreement level per field for each candidate pair.

Level 0 always means "missing on one side" and carries no evidence.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from maillage.linkage.encoding import BLIP_EXPONENT, BLOOM_BITS
from maillage.linkage.table import EncodedTable

# Thresholds on the Dice similarity of the names before BLIP noise (estimated,
# see denoised_dice): identical names score about 1, one typo about 0.7.
NAME_THRESHOLDS = (0.88, 0.65, 0.4)
FLIP = 2.0**-BLIP_EXPONENT
# The name orientation flips only if swapping first and last names clearly helps.
SWAP_MARGIN = 0.3
CHUNK = 200_000


@dataclass(frozen=True, slots=True)
class Comparison:
    name: str
    levels: tuple[str, ...]  # labels for levels 1.. (level 0 is "missing")


COMPARISONS = (
    Comparison("first_name", ("dice>=0.88", "dice>=0.65", "dice>=0.4", "else")),
    # A surname disagreement is common between records of a married woman (used
    # vs birth name) and rare otherwise. The engine cannot tell which sex key is
    # "F" (keys are keyed hashes), so "else" is split by the shared sex value and
    # EM learns which of the two levels carries the name changes.
    Comparison(
        "last_name",
        ("dice>=0.88", "dice>=0.65", "dice>=0.4", "else, same sex a", "else, same sex b", "else"),
    ),
    Comparison(
        "birth_date",
        ("exact", "partial agrees", "one part differs", "year only", "year +/- 1", "else"),
    ),
    Comparison("sex", ("agree", "disagree")),
    Comparison("commune", ("agree", "disagree")),
    Comparison("phone", ("agree", "disagree")),
    Comparison("nir", ("agree", "disagree")),
)
COMPARISON_INDEX = {c.name: i for i, c in enumerate(COMPARISONS)}
SEX = 0  # index of sex in table.exact


def comparison_levels(table: EncodedTable, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """(pairs, comparisons) int8 level matrix, computed in bounded chunks."""
    out = np.empty((len(left), len(COMPARISONS)), dtype=np.int8)
    sex_a = first_sex_key(table)
    for start in range(0, len(left), CHUNK):
        part = slice(start, start + CHUNK)
        out[part] = _levels_chunk(table, left[part], right[part], sex_a)
    return out


def first_sex_key(table: EncodedTable) -> np.uint64:
    """The smaller non-missing sex key: an arbitrary but fixed name for one sex."""
    keys = table.exact[:, SEX]
    present = keys[keys != 0]
    return present.min() if len(present) else np.uint64(0)


def _levels_chunk(
    table: EncodedTable, left: np.ndarray, right: np.ndarray, sex_a: np.uint64
) -> np.ndarray:
    first, last = name_similarities(table, left, right)
    exact = [_exact_level(table.exact[left, f], table.exact[right, f]) for f in range(4)]
    columns = [
        _name_level(first),
        _surname_level(last, exact[SEX], table.exact[left, SEX] == sex_a),
        date_levels(table.dates[left], table.dates[right]),
        *exact,
    ]
    return np.stack(columns, axis=1)


def _surname_level(similarity: np.ndarray, sex: np.ndarray, sex_a: np.ndarray) -> np.ndarray:
    level = _name_level(similarity)
    differs = level == len(NAME_THRESHOLDS) + 1
    level[differs] = np.where(sex[differs] != 1, 6, np.where(sex_a[differs], 4, 5))
    return level


def name_similarities(
    table: EncodedTable, left: np.ndarray, right: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Best first- and last-name Dice, allowing used/birth names and swapped names.

    Missing names give NaN.
    """
    dice = _dice_matrix(table, left, right)  # (pairs, 3, 3): fields of left x right
    first = dice[:, 0, 0]
    last = np.fmax.reduce(dice[:, 1:, 1:].reshape(-1, 4), axis=1)
    swapped_first = np.fmax(dice[:, 0, 1], dice[:, 0, 2])
    swapped_last = np.fmax(dice[:, 1, 0], dice[:, 2, 0])
    swap = np.nan_to_num(swapped_first + swapped_last) > np.nan_to_num(first + last) + SWAP_MARGIN
    return np.where(swap, swapped_first, first), np.where(swap, swapped_last, last)


def _dice_matrix(table: EncodedTable, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    a, b = table.names[left], table.names[right]
    shared = np.bitwise_count(a[:, :, None, :] & b[:, None, :, :]).sum(axis=3, dtype=np.int32)
    bits_a, bits_b = table.name_bits[left], table.name_bits[right]
    present = (bits_a[:, :, None] > 0) & (bits_b[:, None, :] > 0)
    dice = denoised_dice(shared, bits_a[:, :, None], bits_b[:, None, :])
    return np.where(present, dice, np.nan).astype(np.float32)


def denoised_dice(shared: np.ndarray, bits_a: np.ndarray, bits_b: np.ndarray | int) -> np.ndarray:
    """Dice of the filters before BLIP noise, estimated from the noisy ones.

    Each bit of each filter flipped independently with probability f, so
    E[set bits] = c (1 - f) + (L - c) f for c clean bits, and E[shared bits]
    = x (1 - 2f)^2 + (c_a + c_b) f (1 - 2f) + L f^2 for x clean shared bits.
    Inverting both makes identical names score about 1 whatever their length
    (on the noisy filters a short name scored 0.8, a long one 0.9), so the
    levels separate typos from noise.
    """
    scale = 1.0 - 2.0 * FLIP
    clean_total = (np.asarray(bits_a) + bits_b - 2.0 * BLOOM_BITS * FLIP) / scale
    clean_shared = (shared - clean_total * FLIP * scale - BLOOM_BITS * FLIP**2) / scale**2
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.clip(2.0 * clean_shared / clean_total, 0.0, 1.0)


def _name_level(similarity: np.ndarray) -> np.ndarray:
    level = np.full(similarity.shape, len(NAME_THRESHOLDS) + 1, dtype=np.int8)
    for index, threshold in reversed(list(enumerate(NAME_THRESHOLDS, start=1))):
        level[similarity >= threshold] = index
    level[np.isnan(similarity)] = 0
    return level


def date_levels(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Levels from date-part keys (ymd, ym, yd, md, dm, y, y+1); see COMPARISONS."""

    def same(i: int, j: int | None = None) -> np.ndarray:
        j = i if j is None else j
        return (a[:, i] != 0) & (a[:, i] == b[:, j])

    year = same(5)
    partial = year & ((a[:, 0] == 0) | (b[:, 0] == 0)) & (same(1) | (a[:, 1] == 0) | (b[:, 1] == 0))
    one_part = same(1) | same(2) | same(3) | same(4, 0) | same(0, 4)
    next_year = same(6, 5) | same(5, 6)
    level = np.select([same(0), partial, one_part, year, next_year], [1, 2, 3, 4, 5], default=6)
    level[(a[:, 5] == 0) | (b[:, 5] == 0)] = 0
    return level.astype(np.int8)


def _exact_level(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    level = np.where(a == b, 1, 2).astype(np.int8)
    level[(a == 0) | (b == 0)] = 0
    return level
