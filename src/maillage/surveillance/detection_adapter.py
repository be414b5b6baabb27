"""The one place where the surveillance app calls the pure detection engine."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import numpy as np

from maillage import detection
from maillage.detection import DetectionError, SeriesBatch
from maillage.detection.params import METHODS

__all__ = ["METHODS", "DetectionError", "Judgement", "check_params", "detect"]


@dataclass(frozen=True)
class Judgement:
    """The engine's verdict on one week of one series (None where R gives NA)."""

    position: int
    observed: int | None
    expected: float | None
    upperbound: float | None
    alarm: bool | None


def _run(method: str, batch: SeriesBatch, params: dict[str, Any]) -> detection.Detection:
    if method.startswith("ears"):
        return detection.ears(batch, method.removeprefix("ears"), **params)
    if method == "farrington":
        return detection.farrington(batch, detection.FarringtonParams(**params))
    if method == "farringtonFlexible":
        return detection.farrington_flexible(batch, detection.FlexibleParams(**params))
    raise DetectionError(f"unknown method {method!r}")


def _typed(params: dict[str, Any]) -> dict[str, Any]:
    """JSON has no tuples: limit54 comes back as a list."""
    # The app judges every week with enough history; which ones raise alerts is the run's choice.
    out = {name: value for name, value in params.items() if name != "range"}
    if isinstance(out.get("limit54"), list):
        out["limit54"] = tuple(out["limit54"])
    return out


def check_params(method: str, params: dict[str, Any]) -> None:
    """Raise DetectionError when the engine would refuse these parameters."""
    if method not in METHODS:
        raise DetectionError(f"unknown method {method!r}")
    try:
        if method == "farrington":
            detection.FarringtonParams(**_typed(params)).check()
        elif method == "farringtonFlexible":
            detection.FlexibleParams(**_typed(params)).check()
        elif set(params) - {"baseline", "alpha", "minSigma", "variant"}:
            raise DetectionError(f"unknown parameter for {method}: {sorted(params)}")
    except TypeError as error:
        raise DetectionError(str(error)) from None


def _none(value: float) -> float | None:
    return None if np.isnan(value) else float(value)


def _judgements(counts: np.ndarray, result: detection.Detection, row: int) -> list[Judgement]:
    out = []
    for col, position in enumerate(result.positions):
        observed = counts[row, position]
        alarm = result.alarm[row, col]
        out.append(
            Judgement(
                position=int(position),
                observed=None if np.isnan(observed) else int(observed),
                expected=_none(result.expected[row, col]),
                upperbound=_none(result.upperbound[row, col]),
                alarm=None if np.isnan(alarm) else bool(alarm),
            )
        )
    return out


def _batch(series: dict[str, list[int | None]], start: dt.date | None) -> SeriesBatch:
    names = list(series)
    counts = np.array(
        [[np.nan if c is None else float(c) for c in series[name]] for name in names],
        dtype=np.float64,
    ).reshape(len(names), -1)
    days = None
    if start is not None:
        days = [start + dt.timedelta(weeks=i) for i in range(counts.shape[1])]
    return SeriesBatch(names=names, counts=counts, days=days)


def detect(
    series: dict[str, list[int | None]],
    method: str,
    params: dict[str, Any],
    *,
    start: dt.date | None = None,
) -> dict[str, list[Judgement]]:
    """Judge equal-length weekly series (oldest first); `start` is the first week's Monday.

    The engine refuses a whole batch when one series cannot be fitted (e.g. a missing
    reference count for Farrington 1996); such a series is then judged alone, and left out
    with an empty list if it still fails, so one bad series never silences the others.
    """
    if not series:
        return {}
    params = _typed(params)
    batch = _batch(series, start)
    try:
        result = _run(method, batch, params)
    except DetectionError:
        if len(series) == 1:
            return {next(iter(series)): []}
        out: dict[str, list[Judgement]] = {}
        for name, counts in series.items():
            out.update(detect({name: counts}, method, params, start=start))
        return out
    return {name: _judgements(batch.counts, result, i) for i, name in enumerate(batch.names)}
