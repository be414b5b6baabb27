"""`keep_hidden`: a cell an earlier edition hid stays hidden, and the table stays safe."""

from __future__ import annotations

import numpy as np
import pytest

from maillage.disclosure import TOTAL, DisclosureError, Status, Table, protect, protect_linked
from tests.disclosure.independent_attack import ranges

T = 5


def _table() -> Table:
    counts = np.array([[3, 40, 22], [25, 31, 18], [12, 9, 27]])
    return Table(("hub", "theme"), (("Fives", "Moulins", "Wazemmes"), ("a", "b", "c")), counts)


def _assert_safe(protected) -> None:  # type: ignore[no-untyped-def]
    table = protected.table
    published = {key: count for key, count, _ in protected.rows()}
    found = ranges([list(lv) for lv in table.levels], published)
    for key, _count, status in protected.rows():
        if status == Status.PRIMARY:
            low, high = found[key]
            assert high - low >= T, (key, low, high)


def test_it_keeps_a_cell_hidden_as_secondary() -> None:
    plain = protect(_table(), T)
    kept = next(key for key, _, status in plain.rows() if status == Status.PUBLISHED)
    protected = protect(_table(), T, keep_hidden=[kept, ("Moulins", TOTAL)])
    assert protected.status(kept) == Status.SECONDARY
    assert protected.count(kept) is None
    assert protected.status(("Moulins", TOTAL)) == Status.SECONDARY
    assert protected.status(("Fives", "a")) == Status.PRIMARY
    _assert_safe(protected)


def test_a_kept_primary_cell_stays_primary() -> None:
    protected = protect(_table(), T, keep_hidden=[("Fives", "a")])
    assert protected.status(("Fives", "a")) == Status.PRIMARY
    _assert_safe(protected)


def test_it_keeps_cells_hidden_in_linked_tables() -> None:
    network = Table.from_counts(("theme",), {("Droits",): 12, ("Soins",): 40, ("Vaccins",): 20})
    fives = Table.from_counts(
        ("theme",), {("Droits",): 2, ("Soins",): 25, ("Vaccins",): 9}, scope={"hub": "Fives"}
    )
    protected = protect_linked(
        [network, fives],
        T,
        levels={"hub": ["Fives", "other hubs"]},
        keep_hidden=[[("Vaccins",)], []],
    )
    assert protected[0].status(("Vaccins",)) == Status.SECONDARY
    assert protected[1].status(("Droits",)) == Status.PRIMARY


def test_an_unknown_key_is_refused_by_name() -> None:
    with pytest.raises(DisclosureError, match="Roubaix"):
        protect(_table(), T, keep_hidden=[("Roubaix", "a")])


def test_one_list_per_table_is_required() -> None:
    with pytest.raises(DisclosureError, match="keep_hidden"):
        protect_linked([_table()], T, keep_hidden=[[], []])
