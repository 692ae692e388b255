"""The remedy when the rows give a hidden count away: hide more cells of the count table.

Where the joint attacker (:mod:`joint`) pins a small hidden cell, we solve that cell's min and max
LP on its component and read the dual values of the equations: hiding published cell ``j``
relaxes the equations it appears in, and the duals say how much the interval would widen per
unit of ``j`` (the method of :mod:`haarlem_opendata.protect.cells.repair`, on the joint system).
Only cells of the count table are candidates — a class count is a fact of the published rows.
Per failing cell we hide the cheapest cell whose gain covers the missing width, else the cells
with the largest gains until it is covered (after a round without progress: every cell with a
gain); then the joint audit runs again. Hiding more never narrows an interval, so the table's own
audit still passes. Deterministic: the LPs use the dual simplex.

A layout that needs many rounds is a sign the rows already show most of the table: the spec
should then count at a coarser level (see the README, *Linkage audit*).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from scipy.optimize import linprog
from scipy.sparse.csgraph import connected_components

from haarlem_opendata.protect.counts.joint import JointSystem
from haarlem_opendata.protect.linkage.audit import LinkageReport


def _gains(sub, sb, rows_full, target: int, candidates: np.ndarray, values, cap) -> dict:
    """Estimated widening per candidate published cell, from the duals of min and max LPs."""
    objective = np.zeros(sub.shape[1])
    objective[target] = 1.0
    gains: dict[int, float] = {}
    block = rows_full[:, candidates]
    for sign in (1.0, -1.0):
        # the dual simplex: its vertex (and so its duals) does not depend on timing or threads
        result = linprog(sign * objective, A_eq=sub, b_eq=sb, bounds=(0, cap), method="highs-ds")
        if result.status != 0 or result.eqlin is None:
            continue
        # d(objective)/d(y_j) for a published y_j; moving it up is free, down only to 0
        g = -(block.T @ result.eqlin.marginals)
        step = np.where(g < 0, np.inf, values[candidates])
        for j, gain in zip(candidates, np.abs(g) * step, strict=True):
            if gain > 1e-9:
                gains[int(j)] = gains.get(int(j), 0.0) + float(gain)
    return gains


def widen_joint(joint: JointSystem, missing: np.ndarray, *, broad: bool = False) -> list[int]:
    """Flat cells of the count table to hide next, for every hidden cell still too narrow.

    ``broad``: every cell with a positive gain, not just enough to cover the missing width — for
    when the cheaper picks of the rounds before made no progress.
    """
    A, y, hidden = joint.A.tocsr(), joint.y, joint.hidden
    is_hidden = np.zeros(A.shape[1], dtype=bool)
    is_hidden[hidden] = True
    Ah = A[:, hidden].tocsr()
    touched = np.flatnonzero(np.diff(Ah.indptr) > 0)
    Ah, Ak = Ah[touched], A[touched]
    b = -(Ak @ np.where(is_hidden, 0.0, y))
    pattern = Ah.copy()
    pattern.data[:] = 1.0
    _, label = connected_components((pattern.T @ pattern).tocsr(), directed=False)
    eq_label = label[Ah.indices[Ah.indptr[:-1]]]
    cap = 10.0 * float(np.abs(y[~is_hidden]).sum()) + 1e4
    is_candidate = np.zeros(A.shape[1], dtype=bool)
    is_candidate[: joint.n_cells] = True
    is_candidate &= ~is_hidden
    by_variable = Ak.tocsc()
    touched_by = {
        int(v): by_variable.indices[by_variable.indptr[v] : by_variable.indptr[v + 1]]
        for v in hidden[missing > 0]
    }
    chosen: list[int] = []
    for j in np.flatnonzero(missing > 0):
        cols = np.flatnonzero(label == label[j])
        rows = np.flatnonzero(eq_label == label[j])
        block = Ak[rows]
        candidates = np.unique(block.indices)
        candidates = candidates[is_candidate[candidates]]
        candidates = candidates[~np.isin(candidates, chosen)]
        if not len(candidates):
            continue
        target = int(np.searchsorted(cols, j))
        gains = _gains(Ah[rows][:, cols], b[rows], block, target, candidates, y, cap)
        if not gains:
            # no dual points anywhere (an LP without a usable optimum): hide the published cells
            # of the equations the cell itself is in, its nearest neighbours
            own = Ak[touched_by[hidden[j]]] if hidden[j] in touched_by else None
            if own is not None:
                near = np.unique(own.indices)
                chosen += [int(c) for c in near[is_candidate[near]]]
            continue
        if broad:
            chosen += sorted(gains)
            continue
        need = float(missing[j])
        enough = [c for c, g in gains.items() if g >= need - 1e-9]
        if enough:
            chosen.append(min(enough, key=lambda c: (y[c], c)))
            continue
        covered = 0.0
        for c in sorted(gains, key=lambda c: (-gains[c], c)):
            chosen.append(c)
            covered += gains[c]
            if covered >= need - 1e-9:
                break
    return sorted(set(chosen))


def hide_until_safe(
    audit: Callable[[np.ndarray], tuple[LinkageReport, JointSystem, np.ndarray]],
    values: np.ndarray,
    *,
    rounds: int,
    error: Callable[[LinkageReport, int], Exception],
    progress: list[int] | None = None,
) -> tuple[list[int], LinkageReport]:
    """Run ``audit(values)`` → (report, joint, missing); hide what the duals point at until it
    passes. Returns the cells hidden and the passing report.

    Gives up after ``rounds`` rounds, or when two rounds in a row leave no fewer findings than the
    round before them: then the other publication shows too much of this table for hiding to
    repair it, and each further round on a large table costs a minute or more. ``error(report,
    rounds)`` is raised then. ``progress`` collects the number of findings per round.
    """
    values = values.copy()
    extra: list[int] = []
    done = 0
    previous, stalled = None, 0
    while done < rounds:
        done += 1
        report, joint, missing = audit(values)
        if progress is not None:
            progress.append(len(report.findings))
        if report.passed:
            return extra, report
        stalled = stalled + 1 if previous is not None and len(report.findings) >= previous else 0
        if stalled >= 2:
            break
        previous = len(report.findings)
        # candidates are published cells, so each pick is new; none left means no room
        more = widen_joint(joint, missing, broad=stalled > 0)
        if not more:
            break
        values[more] = np.nan
        extra += more
    raise error(report, done)
