"""farringtonFlexible's seasonal blocks (surveillance's internal `blocks`).

Written with R's 1-based `a:b` ranges so the quirks carry over unchanged: index 0
is ignored, and a reversed range (a block of length 0) still assigns two cells.
"""

from __future__ import annotations

import numpy as np

from maillage.detection.base import DetectionError


def r_range(a: int, b: int) -> range:
    """R's `a:b`."""
    return range(a, b + 1) if a <= b else range(a, b - 1, -1)


def _assign(factors: dict[int, int], cells: range, value: int, length: int) -> None:
    if min(cells) < 0:  # R cannot mix negative and positive subscripts either
        raise DetectionError("a reference window starts before the series; postpone the range")
    for i in cells:
        if 1 <= i <= length:
            factors[i] = value


def _gap_blocks(factors: dict[int, int], later: int, ref: int, w: int, p: int, n: int) -> None:
    """Split the weeks between two reference windows into p - 1 blocks."""
    period = later - 2 * w - 1 - ref
    if period < p - (2 * w + 1):
        raise DetectionError("noPeriods too big for b and w (R: 'Number of factors too big!')")
    size, rest = divmod(period, p - 1)
    lengths = [size + (1 if j < rest else 0) for j in range(p - 1)]
    cum = np.concatenate([[0], np.cumsum(lengths)])
    for j in range(1, p):
        start, stop = ref + w + 1 + int(cum[j - 1]), ref + w + 1 + int(cum[j]) - 1
        _assign(factors, r_range(start, stop), j, n)


def seasonal_blocks(ref_weeks: list[int], n: int, w: int, p: int, excluded: int) -> dict[int, int]:
    """Block level of each 1-based position used in the fit of the judged week.

    `ref_weeks` are 1-based, judged week first then one year back, two years...
    The judged week and the `excluded` weeks before it are left out.
    """
    now = ref_weeks[0]
    factors: dict[int, int] = {}
    _assign(factors, r_range(now - w, now), p, n)
    for i in range(1, len(ref_weeks)):
        ref = ref_weeks[i]
        _assign(factors, r_range(ref - w, ref + w), p, n)
        if p != 1:
            _gap_blocks(factors, ref_weeks[i - 1], ref, w, p, n)
    for i in r_range(now - excluded, now):
        factors.pop(i, None)
    return dict(sorted(factors.items()))
