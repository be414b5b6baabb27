"""Loads the whole demo, step by step; each step is idempotent so `make demo` can run again."""

from __future__ import annotations

import importlib
from collections.abc import Callable

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


def demo_steps() -> list[tuple[str, Callable[[], object]]]:
    steps = []
    for name in STEPS:
        try:
            module = importlib.import_module(f"maillage.demo.{name}")
        except ModuleNotFoundError as error:
            if error.name != f"maillage.demo.{name}":
                raise
            continue
        steps.append((name, module.load))
    return steps


def load_demo(progress: Callable[[str], None] = lambda name: None) -> None:
    for name, load in demo_steps():
        progress(name)
        with transaction.atomic():
            load()
