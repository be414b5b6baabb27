"""Demo calls for projects (filled in below by the demo of the calls work)."""

from __future__ import annotations


def load() -> dict[str, int]:
    return {}
