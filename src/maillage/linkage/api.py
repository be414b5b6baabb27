"""The two calls the application makes: encode one identity, cluster many."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from maillage.linkage.encoding import Encoding
from maillage.linkage.engine import cluster_table
from maillage.linkage.table import TableBuilder


def cluster_encodings(
    records: Iterable[tuple[str, Encoding]], threshold: float | None = None
) -> dict[str, str]:
    """Map each record id to a cluster id (the first record id of its person).

    `threshold` is the bar two groups of records clear to be one person: the
    average (in log-odds) match probability of the pairs between them
    (default `engine.DEFAULT_THRESHOLD`).
    """
    ids: list[str] = []
    builder = TableBuilder()
    for record_id, encoding in records:
        ids.append(record_id)
        builder.append(encoding)
    if not ids:
        return {}
    labels = cluster_table(builder.build(), threshold).labels
    return dict(zip(ids, cluster_names(ids, labels), strict=True))


def cluster_names(ids: list[str], labels: np.ndarray) -> list[str]:
    """Name each cluster after its first record, in input order."""
    first = np.full(labels.max() + 1, len(labels), dtype=np.int64)
    np.minimum.at(first, labels, np.arange(len(labels), dtype=np.int64))
    return [ids[i] for i in first[labels]]
