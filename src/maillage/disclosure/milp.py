"""Secondary suppression by mixed-integer programming (HiGHS), after Fischetti and Salazar.

One binary per quantity (hidden or not) and, for each primary cell, two changes of
the joint counts that an outsider could not tell from the truth: they leave every
published quantity as it is and every count >= 0. The primary cell must differ by
at least the threshold between the two, so its range spans the threshold. The cost
is the information hidden (each quantity's count, plus one).
"""

from __future__ import annotations

import numpy as np
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, milp

from maillage.disclosure.system import System

BUDGET = 600_000  # nonzeros of the constraint matrix beyond which the model is not tried


def model_size(system: System, hidden: np.ndarray, n_targets: int) -> int:
    a = system.a[~hidden]
    return 2 * n_targets * 2 * (a.nnz + a.shape[0]) + n_targets * 2 * system.a.shape[1]


def solve(
    system: System,
    hidden: np.ndarray,
    targets: list[int],
    threshold: int,
    time_limit: float,
    ceiling: float = np.inf,
) -> np.ndarray | None:
    """The quantities to hide (a superset of `hidden`), or None if HiGHS found none in time.

    `ceiling` bounds the cost: a pattern already in hand, HiGHS need not look above it.
    """
    a, value, base = system.a, system.value, system.base
    n_rows, n = a.shape
    flows = 2 * len(targets)
    cap = float(threshold)  # smaller changes than an outsider could make: still unnoticed
    open_rows = np.flatnonzero(~hidden)
    a_open = a[open_rows]
    pick = sparse.csr_matrix(
        (np.ones(len(open_rows)), (np.arange(len(open_rows)), open_rows)),
        shape=(len(open_rows), n_rows),
    )
    moves = sparse.kron(sparse.eye(flows), a_open, format="csr")
    pick_all = sparse.vstack([pick] * flows)
    # a quantity left published does not move; a hidden one moves within [-count, cap]
    up = LinearConstraint(sparse.hstack([-cap * pick_all, moves]), -np.inf, 0.0)
    room = np.minimum(value[open_rows], threshold).astype(float)
    down_pick = sparse.vstack([sparse.diags(room) @ pick] * flows)
    down = LinearConstraint(sparse.hstack([down_pick, moves]), 0.0, np.inf)
    spread = sparse.lil_matrix((len(targets), n_rows + flows * n))
    for i, r in enumerate(targets):
        row = a[r]
        for j in row.indices:
            spread[i, n_rows + 2 * i * n + j] = 1.0
            spread[i, n_rows + (2 * i + 1) * n + j] = -1.0
    need = LinearConstraint(spread.tocsr(), float(threshold), np.inf)
    lower = np.concatenate([hidden.astype(float), np.tile(-np.minimum(base, cap), flows)])
    upper = np.concatenate([np.where((value > 0) | hidden, 1.0, 0.0), np.full(flows * n, cap)])
    cost = np.concatenate([np.where(hidden, 0.0, system.cost), np.zeros(flows * n)])
    integrality = np.concatenate([np.ones(n_rows), np.zeros(flows * n)])
    res = milp(
        cost,
        integrality=integrality,
        bounds=Bounds(lower, upper),
        constraints=[up, down, need, LinearConstraint(cost, -np.inf, ceiling)],
        options={"time_limit": time_limit, "disp": False, "mip_rel_gap": 0.01},
    )
    if res.x is None:
        return None
    return np.asarray(res.x[:n_rows] > 0.5) | hidden
