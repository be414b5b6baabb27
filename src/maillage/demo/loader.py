"""Loads the whole demo, step by step; each step is idempotent so `make demo` can run again."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Collection

from django.db import transaction

# Domain modules appear as their apps are built; a missing module is simply skipped.
STEPS = [
    "network",
    "accounts",
    "directory",
    "pathways",
    "activity",
    "meetings",
    "programmes",
    "surveillance",
]


def demo_steps(only: Collection[str] | None = None) -> list[tuple[str, Callable[[], object]]]:
    steps = []
    for name in STEPS:
        if only is not None and name not in only:
            continue
        try:
            module = importlib.import_module(f"maillage.demo.{name}")
        except ModuleNotFoundError as error:
            if error.name != f"maillage.demo.{name}":
                raise
            continue
        steps.append((name, module.load))
    return steps


def load_demo(
    progress: Callable[[str], None] = lambda name: None, only: Collection[str] | None = None
) -> None:
    """Load every step, or `only` the named ones (tests that need just the network, say)."""
    for name, load in demo_steps(only):
        progress(name)
        with transaction.atomic():
            load()
