"""Loads the whole demo, step by step; each step is idempotent so `make demo` can run again."""

from __future__ import annotations

from collections.abc import Callable, Collection

from django.db import transaction

from maillage.core.appkit import demo_loaders


def demo_steps(
    only: Collection[str] | None = None, skip: Collection[str] = ()
) -> list[tuple[str, Callable[[], object]]]:
    """(app label, loader) of the apps that declare a demo loader, `only` those named if given,
    without those to `skip`."""
    return [
        (label, load)
        for label, load in demo_loaders()
        if (only is None or label in only) and label not in skip
    ]


def load_demo(
    progress: Callable[[str], None] = lambda name: None,
    only: Collection[str] | None = None,
    skip: Collection[str] = (),
) -> None:
    """Load every step, or `only` the named ones (tests that need just the network, say), or
    all but those to `skip` (tests that need no published report)."""
    for name, load in demo_steps(only, skip):
        progress(name)
        with transaction.atomic():
            load()
