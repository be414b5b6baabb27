"""Reference weeks follow R's rules for integer and date-based series."""

from __future__ import annotations

import datetime as dt

import pytest

from maillage.detection.base import DetectionError
from maillage.detection.blocks import seasonal_blocks
from maillage.detection.refs import (
    farrington_positions,
    flexible_reference_weeks,
    snap_weekday,
    years_back,
)


def test_years_back_turns_29_february_into_1_march() -> None:
    assert years_back(dt.date(2016, 2, 29), 1) == dt.date(2015, 3, 1)
    assert years_back(dt.date(2016, 2, 29), 4) == dt.date(2012, 2, 29)


def test_snap_goes_to_the_nearest_same_weekday() -> None:
    monday = 0
    assert snap_weekday(dt.date(2023, 1, 3), monday) == dt.date(2023, 1, 2)  # Tuesday -> back
    assert snap_weekday(dt.date(2023, 1, 7), monday) == dt.date(2023, 1, 9)  # Saturday -> on


def test_integer_series_use_k_minus_52_i() -> None:
    assert flexible_reference_weeks(200, 3, None) == [200, 148, 96, 44]
    refs = farrington_positions(60, 2, 1, None)
    assert refs == [None, None, None, 7, 8, 9]


def test_dates_can_fall_53_weeks_back() -> None:
    days = [dt.date(2001, 1, 1) + dt.timedelta(weeks=i) for i in range(400)]
    k = 360
    refs = flexible_reference_weeks(k, 5, days)
    assert refs[1] == k - 52
    assert [k - r for r in refs if r is not None] == [0, 52, 104, 156, 209, 261]


def test_blocks_split_the_gap_into_levels() -> None:
    blocks = seasonal_blocks([120, 68, 16], n=130, w=1, p=3, excluded=1)
    assert blocks[15] == blocks[16] == blocks[17] == 3
    assert blocks[18] == 1 and blocks[66] == 2
    assert 119 not in blocks and 120 not in blocks and 118 in blocks


def test_blocks_refuse_windows_before_the_start() -> None:
    with pytest.raises(DetectionError):
        seasonal_blocks([60, 8, -44], n=70, w=2, p=1, excluded=2)
