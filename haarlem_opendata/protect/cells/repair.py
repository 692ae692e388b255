"""Widening: extra suppressions for hidden cells whose audited interval is still too narrow.

Gaussian elimination only guarantees that no primary cell is a linear function of published
cells; an attacker also knows counts are non-negative, which can pin a small cell to a narrow
interval. For such a cell we solve its min and max LP and read the dual values of the
relations: hiding published cell ``j`` relaxes the relations it appears in, and the duals say
how much that would widen the interval per unit of ``j``. We hide the cheapest cell (smallest
value, never a gemeente total unless nothing else helps) whose estimated gain covers the missing
width, else the one with the largest gain. One cell per failing component per round; the
caller re-audits and repeats. Deterministic.
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import linprog

from haarlem_opendata.protect.cells.audit import Intervals
from haarlem_opendata.protect.cells.model import TableModel
from haarlem_opendata.protect.cells.secondary import widen


def _is_top(model: TableModel) -> np.ndarray:
    rows = np.arange(model.n_cells) // model.n_cols
    has_kids = np.zeros(model.n_rows, dtype=bool)
    has_kids[model.parent[model.parent >= 0]] = True
    return (model.parent[rows] < 0) & has_kids[rows]


def widen_by_duals(
    model: TableModel,
    values: np.ndarray,
    hidden_mask: np.ndarray,
    iv: Intervals,
    failing: dict[int, float],
) -> list[int]:
    """Cells to hide next (see module docstring); falls back to a neighbour search."""
    A = model.A.tocsr()
    Ac = model.A.tocsc()
    top = _is_top(model)
    pos = {int(c): k for k, c in enumerate(iv.cells)}
    chosen: list[int] = []
    done_components: set[int] = set()
    fallback: dict[int, float] = {}
    # Worst cells first, so each component is widened where it is narrowest.
    for cell in sorted(failing, key=lambda c: (-failing[c], c)):
        comp = int(iv.component[pos[cell]])
        if comp in done_components:
            continue
        done_components.add(comp)
        members = iv.cells[iv.component == comp]
        sub = Ac[:, members].tocsr()
        eqs = np.flatnonzero(np.diff(sub.indptr) > 0)
        Ah = sub[eqs]
        known = ~hidden_mask
        b = -(A[eqs] @ np.where(known, values, 0.0))
        target = int(np.flatnonzero(members == cell)[0])
        cap = 10.0 * float(values[known].sum()) + 1e4
        gain = np.zeros(model.n_cells)
        for sign in (1.0, -1.0):
            c = np.zeros(len(members))
            c[target] = sign
            res = linprog(c, A_eq=Ah, b_eq=b, bounds=(0, cap), method="highs")
            if res.status != 0 or res.eqlin is None:
                continue
            # d(objective)/d(b_e); b_e = -Σ A[e,j] y_j over published j.
            g = -(A[eqs].T @ res.eqlin.marginals)
            # Objective improves (decreases) when y_j moves against g: up is free, down by y_j.
            step = np.where(g < 0, np.inf, values)
            gain += np.abs(g) * step
        gain[hidden_mask] = 0.0
        gain[chosen] = 0.0
        useful = np.flatnonzero(gain > 1e-9)
        if len(useful) == 0:
            fallback[cell] = failing[cell]
            continue
        need = failing[cell]
        enough = [j for j in useful if gain[j] >= need - 1e-9]
        if enough:
            pick = min(enough, key=lambda j: (bool(top[j]), values[j], j))
        else:
            pick = min(useful, key=lambda j: (bool(top[j]), -min(gain[j], need), values[j], j))
        chosen.append(int(pick))
    if fallback:
        mask = hidden_mask.copy()
        mask[chosen] = True
        chosen += [c for c in widen(model, values, mask, fallback) if c not in chosen]
    return sorted(set(chosen))
