"""Widening: extra suppressions for hidden cells whose audited interval is still too narrow.

Gaussian elimination only guarantees that no primary cell is a linear function of published
cells; an attacker also knows counts are non-negative, which can pin a small cell to a narrow
interval. For such a cell we solve its min and max LP and read the dual values of the
relations: hiding published cell ``j`` relaxes the relations it appears in, and the duals say
how much that would widen the interval per unit of ``j``. We hide the cheapest cell (smallest
value, never a gemeente total unless nothing else helps) whose estimated gain covers the missing
width, else the one with the largest gain: one cell per failing component per round. A large
component (a region × month × category table is one) often holds hundreds of failing cells far
apart; with ``spread``, each of those whose relations share nothing with the cells already
handled this round also gets a neighbour hidden (:func:`secondary.widen`), so rounds stay few. The
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
    spread: bool = False,
) -> list[int]:
    """Cells to hide next (see module docstring); falls back to a neighbour search.

    ``spread``: also fix failing cells far from this round's targets (for large tables).

    Components are independent, so the min (and the max) LPs of all failing components are
    solved as one LP; each component's duals are read from its own relations.
    """
    A = model.A.tocsr()
    Ac = model.A.tocsc()
    top = _is_top(model)
    pos = np.full(model.n_cells, -1)  # cell -> position in ``iv`` (an array: a dict cost 0.8 s)
    pos[iv.cells] = np.arange(len(iv.cells))
    targets: list[int] = []  # the narrowest failing cell of each failing component
    seen_comp: set[int] = set()
    for cell in sorted(failing, key=lambda c: (-failing[c], c)):
        comp = int(iv.component[pos[cell]])
        if comp not in seen_comp:
            seen_comp.add(comp)
            targets.append(cell)
    comps = [int(iv.component[pos[c]]) for c in targets]
    members = iv.cells[np.isin(iv.component, comps)]
    sub = Ac[:, members].tocsr()
    eqs = np.flatnonzero(np.diff(sub.indptr) > 0)
    Ah = sub[eqs]
    known = ~hidden_mask
    b = -(A[eqs] @ np.where(known, values, 0.0))
    cap = 10.0 * float(values[known].sum()) + 1e4
    col_of = {int(c): k for k, c in enumerate(members)}
    Arows = A[eqs]
    # Component of each equation, via its first hidden cell.
    member_comp = iv.component[pos[members]]
    eq_comp = member_comp[Ah.indices[Ah.indptr[:-1]]]
    gains: dict[int, dict[int, float]] = {c: {} for c in comps}
    for sign in (1.0, -1.0):
        objective = np.zeros(len(members))
        objective[[col_of[t] for t in targets]] = sign
        res = linprog(objective, A_eq=Ah, b_eq=b, bounds=(0, cap), method="highs")
        if res.status != 0 or res.eqlin is None:
            continue
        lam = res.eqlin.marginals
        for comp in comps:
            rows = np.flatnonzero(eq_comp == comp)
            block = Arows[rows]
            cand = np.unique(block.indices)
            cand = cand[known[cand]]
            if len(cand) == 0:
                continue
            # d(objective)/d(b_e) with b_e = -Σ A[e,j] y_j: the rate per unit of published y_j.
            g = -(block[:, cand].T @ lam[rows])
            # The objective improves when y_j moves against g: up is free, down only by y_j.
            step = np.where(g < 0, np.inf, values[cand])
            for j, gain in zip(cand, np.abs(g) * step, strict=True):
                if gain > 1e-9:
                    gains[comp][int(j)] = gains[comp].get(int(j), 0.0) + float(gain)
    chosen: list[int] = []
    fallback: dict[int, float] = {}
    for cell, comp in zip(targets, comps, strict=True):
        useful = {j: g for j, g in gains[comp].items() if j not in chosen}
        if not useful:
            fallback[cell] = failing[cell]
            continue
        need = failing[cell]
        enough = [j for j, g in useful.items() if g >= need - 1e-9]
        if enough:
            pick = min(enough, key=lambda j: (bool(top[j]), values[j], j))
        else:
            pick = min(useful, key=lambda j: (bool(top[j]), -min(useful[j], need), values[j], j))
        chosen.append(int(pick))
    if spread:
        fallback.update(_independent_others(Ac, failing, targets, chosen))
    if fallback:
        mask = hidden_mask.copy()
        mask[chosen] = True
        chosen += [c for c in widen(model, values, mask, fallback) if c not in chosen]
    return sorted(set(chosen))


def _independent_others(Ac, failing: dict[int, float], targets: list[int], chosen: list[int]):
    """Failing cells besides the targets whose relations touch no cell handled this round."""

    def relations(cell: int) -> set[int]:
        return set(Ac.indices[Ac.indptr[cell] : Ac.indptr[cell + 1]].tolist())

    touched: set[int] = set()
    for cell in [*targets, *chosen]:
        touched |= relations(cell)
    others: dict[int, float] = {}
    for cell in sorted(failing, key=lambda c: (-failing[c], c)):
        if cell in targets:
            continue
        eqs = relations(cell)
        if eqs & touched:
            continue
        touched |= eqs
        others[cell] = failing[cell]
    return others
