"""`--param name=value` parsing with R's names, types and defaults."""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from maillage.detection.base import DetectionError
from maillage.detection.farrington import FarringtonParams
from maillage.detection.flexible import FlexibleParams

METHODS = ("earsC1", "earsC2", "earsC3", "farrington", "farringtonFlexible")
EARS_PARAMS: dict[str, Any] = {
    "baseline": int,
    "alpha": float,
    "minSigma": float,
    "variant": str,
    "range": "tuple[int, int] | None",
}
ALIASES = {"trendThreshold": "pThresholdTrend"}
IGNORED = {"verbose", "glmWarnings", "plot"}  # R's chatter switches: no effect on results
TRUE, FALSE = {"true", "t"}, {"false", "f"}


def parse_bool(name: str, text: str) -> bool:
    low = text.strip().lower()
    if low in TRUE or low in FALSE:
        return low in TRUE
    raise DetectionError(f"parameter {name}: expected TRUE or FALSE, got {text!r}")


def parse_limit54(text: str) -> tuple[float, int]:
    """`c(5,4)` or `5,4`."""
    parts = [p for p in re.split(r"[,\s]+", re.sub(r"^c\(|\)$", "", text.strip())) if p]
    if len(parts) != 2:
        raise DetectionError(f"parameter limit54: expected two numbers like 5,4, got {text!r}")
    return float(parts[0]), int(_number("limit54", parts[1], int))


def parse_range(text: str) -> tuple[int, int]:
    """R's `range` as `first:last` (1-based positions in the series)."""
    first, sep, last = text.partition(":")
    if not sep:
        raise DetectionError(f"parameter range: expected first:last, got {text!r}")
    return int(_number("range", first, int)), int(_number("range", last, int))


def _number(name: str, text: str, kind: type) -> int | float:
    try:
        value = float(text)
    except ValueError:
        raise DetectionError(f"parameter {name}: expected a number, got {text!r}") from None
    if kind is int:
        if value != int(value):
            raise DetectionError(f"parameter {name}: expected an integer, got {text!r}")
        return int(value)
    return value


def convert(name: str, text: str, kind: Any) -> Any:
    """Turn the text of one parameter into the type its field declares."""
    kind = str(kind)
    if name == "range":
        return parse_range(text)
    if "bool" in kind:
        return parse_bool(name, text)
    if "tuple" in kind:
        return parse_limit54(text)
    if "int" in kind:
        if "None" in kind and text.strip().upper() in {"NULL", "NA", ""}:
            return None
        return _number(name, text, int)
    if "float" in kind:
        return _number(name, text, float)
    return text.strip().strip("\"'")


def split_params(items: list[str]) -> dict[str, str]:
    """`["b=3", "w=2"]` -> {"b": "3", "w": "2"}; later values win, as in R's modifyList."""
    out: dict[str, str] = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise DetectionError(f"--param {item!r}: expected name=value")
        out[ALIASES.get(name.strip(), name.strip())] = value
    return out


def _known(method: str) -> dict[str, Any]:
    if method.startswith("ears"):
        return dict(EARS_PARAMS)
    cls = FarringtonParams if method == "farrington" else FlexibleParams
    return {f.name: f.type for f in dataclasses.fields(cls)}


def parse_params(method: str, items: list[str]) -> dict[str, Any]:
    """Typed keyword arguments for the method; unknown names are errors."""
    known = _known(method)
    out: dict[str, Any] = {}
    for name, text in split_params(items).items():
        if name in IGNORED:
            continue
        if name not in known:
            raise DetectionError(
                f"unknown parameter {name!r} for {method}; known: {', '.join(sorted(known))}"
            )
        out[name] = convert(name, text, known[name])
    return out
