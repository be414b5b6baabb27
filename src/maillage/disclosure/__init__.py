"""Statistical disclosure control of frequency tables: cell suppression, verified.

Pure Python (numpy, scipy): no Django import, so `maillage protect` starts fast.

``protect(table, threshold=5) -> Protected`` hides every cell and margin counting
1 to threshold - 1 (primary suppression), then the cells it takes so that no
arithmetic on what is published narrows a hidden small count to a range shorter
than the threshold (secondary suppression), and checks it with an interval attack
(``maillage.disclosure.interval_attack``) before returning. ``protect_linked(tables,
threshold=5, levels=None)`` does the same for tables published together. See
docs/disclosure.md.
"""

from maillage.disclosure.interval_attack import (
    TOTAL,
    AttackError,
    Interval,
    PublishedTable,
    attack,
    attack_linked,
    unprotected,
)
from maillage.disclosure.suppression import DEFAULT_THRESHOLD, Protected, protect, protect_linked
from maillage.disclosure.table import DisclosureError, Status, Table

__all__ = [
    "DEFAULT_THRESHOLD",
    "TOTAL",
    "AttackError",
    "DisclosureError",
    "Interval",
    "Protected",
    "PublishedTable",
    "Status",
    "Table",
    "attack",
    "attack_linked",
    "protect",
    "protect_linked",
    "unprotected",
]
