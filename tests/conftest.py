from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connection

os.environ.setdefault("MAILLAGE_TESTING", "1")

PURE_FOLDERS = {"detection", "linkage", "disclosure"}


def pytest_report_header(config: pytest.Config) -> str:
    url = os.environ.get("DATABASE_URL", "")
    return f"database: {'PostgreSQL' if url.startswith('postgres') else 'SQLite'}"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        parts = Path(str(item.fspath)).parts
        if "e2e" in parts:
            item.add_marker(pytest.mark.e2e)
        if PURE_FOLDERS & set(parts):
            item.add_marker(pytest.mark.pure)


@pytest.fixture(scope="session", autouse=True)
def _announce_database(django_db_setup: None, django_db_blocker: object) -> None:
    print(f"\n[maillage tests on {connection.vendor}]")


from tests.factories import *  # noqa: E402,F403


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    """Rate-limit counters live in the cache: each test starts with none."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _english_interface(request: pytest.FixtureRequest) -> None:
    """Unit tests read the English msgids; tests marked `french` and browser tests see French."""
    if request.node.get_closest_marker("french") or request.node.get_closest_marker("e2e"):
        return
    settings = request.getfixturevalue("settings")
    settings.LANGUAGE_CODE = "en"


@pytest.fixture(autouse=True)
def _reproducible_linkage_noise() -> Iterator[None]:
    """Bloom-filter noise is random by design; each test draws it from the same seeded source."""
    import random

    from maillage.linkage import encoding

    encoding.use_noise_source(random.Random(20261123).randbytes)
    yield
    encoding.use_noise_source(os.urandom)
