"""Unique people per year and scope, from the linkage engine's clusters over the encodings.

Two contacts are the same person when the engine links their encodings or when both belong
to the same pathway file. A contact recorded without any identity counts as one person.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

from maillage.linkage import Encoding, cluster_encodings

NETWORK_KEY = ""


@dataclass(frozen=True)
class ContactRow:
    id: int
    year: int
    hub_id: int | None
    organisation_id: int
    quartier_id: int | None
    themes: tuple[str, ...]
    encoding: dict[str, Any] | None
    beneficiary_id: str | None = None


@dataclass
class Cell:
    contacts: int = 0
    people: set[str] = field(default_factory=set)
    new_people: int = 0
    multi_hub_people: int = 0


def person_ids(rows: list[ContactRow], threshold: float | None = None) -> dict[int, str]:
    """Contact id -> person id (linked encodings and shared pathway files are one person)."""
    clusters = cluster_encodings(
        ((str(row.id), Encoding.from_dict(row.encoding)) for row in rows if row.encoding),
        threshold,
    )
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.get(x, x) != x:
            parent[x] = parent.get(parent[x], parent[x])
            x = parent[x]
        return x

    first_by_file: dict[str, str] = {}
    for row in rows:
        person = clusters.get(str(row.id), str(row.id))
        if row.beneficiary_id:
            other = first_by_file.setdefault(row.beneficiary_id, person)
            parent[find(person)] = find(other)
    return {row.id: find(clusters.get(str(row.id), str(row.id))) for row in rows}


def scope_keys(row: ContactRow) -> Iterator[tuple[str, str]]:
    yield "network", NETWORK_KEY
    yield "organisation", str(row.organisation_id)
    if row.hub_id:
        yield "hub", str(row.hub_id)
    if row.quartier_id:
        yield "quartier", str(row.quartier_id)
    for theme in row.themes:
        yield "theme", theme


def count(rows: Iterable[ContactRow], threshold: float | None = None) -> dict[tuple, Cell]:
    """(year, scope, key) -> Cell; "hubs_seen" and "hub_pair" cells give the overlap of hubs."""
    rows = list(rows)
    persons = person_ids(rows, threshold)
    cells: dict[tuple, Cell] = defaultdict(Cell)
    first_year: dict[tuple, int] = {}
    hubs: dict[tuple[int, str], set[int]] = defaultdict(set)
    for row in rows:
        person = persons[row.id]
        for scope, key in scope_keys(row):
            cell = cells[(row.year, scope, key)]
            cell.contacts += 1
            cell.people.add(person)
            seen = first_year.get((scope, key, person))
            first_year[(scope, key, person)] = row.year if seen is None else min(seen, row.year)
        if row.hub_id:
            hubs[(row.year, person)].add(row.hub_id)
    for (year, scope, key), cell in cells.items():
        cell.new_people = sum(1 for p in cell.people if first_year[(scope, key, p)] == year)
    _add_overlap(cells, hubs)
    return dict(cells)


def _add_overlap(cells: dict[tuple, Cell], hubs: dict[tuple[int, str], set[int]]) -> None:
    for (year, person), seen in hubs.items():
        bucket = "3+" if len(seen) >= 3 else str(len(seen))
        cells[(year, "hubs_seen", bucket)].people.add(person)
        if len(seen) >= 2:
            cells[(year, "network", NETWORK_KEY)].multi_hub_people += 1
            for hub_id in seen:
                cells[(year, "hub", str(hub_id))].multi_hub_people += 1
            for first, second in combinations(sorted(seen), 2):
                cells[(year, "hub_pair", pair_key(first, second))].people.add(person)


def pair_key(first: int, second: int) -> str:
    return f"{min(first, second)}-{max(first, second)}"
