"""The attacker: how precisely can each hidden cell be recomputed from what is published?

For every suppressed cell two linear programmes (min and max of the cell subject to all
published values, all relations and non-negativity; HiGHS, warm-started) give its feasible interval.
Protection holds when no hidden cell is pinned to a single integer and every primary cell's
interval is at least the protection width.

Speed: hidden cells only interact through relations, so the LPs are split into connected
components of the hidden-cell graph. Components are independent, so one LP can minimise the
sum of one cell from each of many components and still return each cell's own minimum; each
LP takes the next still-open cell of every component in a batch. A cell is open until its own
LP is solved or the feasible points seen so far settle it (a point at 0 is its minimum). The
number of LPs is then at most about twice the largest component size per batch, not twice the
number of hidden cells.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components

from haarlem_opendata.errors import ProtectionError

BATCH_VARS = 3000  # hidden cells per batched LP; larger batches mean fewer but slower LPs
_ZERO = 1e-9  # a feasible value this close to the bound 0 is the minimum
_SHRINK_MIN = 300  # smaller LPs are not worth rebuilding without their finished components


@dataclass
class Intervals:
    """Feasible interval per hidden cell (aligned to ``cells``); ``upper`` may be inf."""

    cells: np.ndarray
    lower: np.ndarray
    upper: np.ndarray
    component: np.ndarray
    n_lps: int

    @property
    def width(self) -> np.ndarray:
        return self.upper - self.lower

    @property
    def exact(self) -> np.ndarray:
        """True where only one integer fits in the interval: the attacker knows the value."""
        return np.floor(self.upper + 1e-6) <= np.ceil(self.lower - 1e-6)


def _system(A: sp.csr_matrix, y: np.ndarray, hidden: np.ndarray):
    """Equations touching hidden cells, as ``A_h @ x = b`` over the hidden cells only."""
    Ah = A[:, hidden].tocsr()
    touched = np.flatnonzero(np.diff(Ah.indptr) > 0)
    known = np.ones(A.shape[1], dtype=bool)
    known[hidden] = False
    yk = np.where(known, y, 0.0)
    resid = A @ yk
    closed = np.setdiff1d(np.arange(A.shape[0]), touched)
    if len(closed) and np.any(np.abs(resid[closed]) > 1e-6):
        raise ProtectionError(
            "gepubliceerde tabel is inconsistent: een relatie zonder verborgen cellen klopt niet"
        )
    return Ah[touched], -resid[touched]


def _components(Ah: sp.csr_matrix) -> np.ndarray:
    n = Ah.shape[1]
    pattern = Ah.copy()
    pattern.data = np.ones_like(pattern.data)
    adj = (pattern.T @ pattern).tocsr()
    return connected_components(adj + sp.eye(n, format="csr"), directed=False)[1]


def _batches(label: np.ndarray) -> list[list[np.ndarray]]:
    """Components (label < 0: left out) packed into batches of about ``BATCH_VARS`` cells."""
    idx = np.flatnonzero(label >= 0)
    if len(idx) == 0:
        return []
    by_label = idx[np.argsort(label[idx], kind="stable")]  # grouped, ascending within a group
    bounds = np.flatnonzero(np.diff(label[by_label])) + 1
    ordered = sorted(np.split(by_label, bounds), key=lambda c: (-len(c), int(c[0])))
    batches: list[list[np.ndarray]] = []
    current: list[np.ndarray] = []
    size = 0
    for comp in ordered:
        if current and size + len(comp) > BATCH_VARS:
            batches.append(current)
            current, size = [], 0
        current.append(comp)
        size += len(comp)
    if current:
        batches.append(current)
    return batches


def _quiet_highs():
    """A HiGHS instance; the first one in a process prints a banner on stdout, which would land
    in the middle of a CLI's JSON output, so file descriptor 1 is pointed at /dev/null meanwhile."""
    import os
    import sys

    import highspy

    sys.stdout.flush()
    saved = os.dup(1)
    try:
        with open(os.devnull, "w") as null:
            os.dup2(null.fileno(), 1)
            return highspy.Highs()
    finally:
        os.dup2(saved, 1)
        os.close(saved)


class _WarmLP:
    """One equality system, many objectives: HiGHS keeps its simplex basis between solves.

    The audit minimises and maximises cell after cell over the same constraints, so each solve
    starts from the last optimum and needs a few pivots instead of a fresh solve (highspy, the
    HiGHS project's own binding; scipy's ``linprog`` cannot warm-start).
    """

    def __init__(self, A, b, cap: float):
        import highspy

        A = sp.csc_matrix(A)
        n_rows, n_cols = A.shape
        lp = highspy.HighsLp()
        lp.num_col_, lp.num_row_ = n_cols, n_rows
        lp.col_cost_ = np.zeros(n_cols)
        lp.col_lower_ = np.zeros(n_cols)
        lp.col_upper_ = np.full(n_cols, float(cap))
        lp.row_lower_ = np.asarray(b, dtype=float)
        lp.row_upper_ = np.asarray(b, dtype=float)
        lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
        lp.a_matrix_.start_ = A.indptr.astype(np.int32)
        lp.a_matrix_.index_ = A.indices.astype(np.int32)
        lp.a_matrix_.value_ = A.data.astype(float)
        self._highs = _quiet_highs()
        # Primal simplex from the previous basis: a cost change keeps it primal feasible, and
        # presolve would throw the basis away (measured: 57 pivots and 5 ms per LP instead of
        # 640 pivots and 29 ms on a 2,400-cell component).
        for option, value in (("output_flag", False), ("presolve", "off"), ("simplex_strategy", 4)):
            self._highs.setOptionValue(option, value)
        self._highs.passModel(lp)
        self._optimal = highspy.HighsModelStatus.kOptimal
        self._cost = np.zeros(n_cols)

    def solve(self, c: np.ndarray) -> np.ndarray:
        highs = self._highs
        c = np.asarray(c, dtype=float)
        # Only the costs that differ from the last solve are passed: objectives are sparse (a
        # few target cells), and rewriting all costs took a tenth of the audit's time.
        changed = np.flatnonzero(c != self._cost).astype(np.int32)
        if len(changed):
            highs.changeColsCost(len(changed), changed, c[changed])
            self._cost = c.copy()
        highs.run()
        status = highs.getModelStatus()
        if status != self._optimal:
            raise ProtectionError(f"audit-LP niet opgelost ({highs.modelStatusToString(status)})")
        return np.asarray(highs.getSolution().col_value)


def _solve_batch(sub, sb, comps: list[np.ndarray], req: np.ndarray | None, cap: float):
    """Lower/upper per variable of one batch; ``comps`` lists variable positions per component.

    With ``req``, two LPs (min and max of the sum) first give feasible points for every
    variable; only components that still hold an unproven variable go on to per-cell LPs,
    solved on the sub-system of those components alone.
    """
    n = sub.shape[1]
    lo_seen = np.full(n, np.inf)
    hi_seen = np.full(n, -np.inf)
    used = 0
    if req is not None:
        solver = _WarmLP(sub, sb, cap)
        for sign in (1.0, -1.0):
            x = solver.solve(np.full(n, sign))
            used += 1
            np.minimum(lo_seen, x, out=lo_seen)
            np.maximum(hi_seen, x, out=hi_seen)
        open_ = [c for c in comps if np.any(hi_seen[c] - lo_seen[c] < req[c] - 1e-9)]
        if not open_:
            return lo_seen, hi_seen, used
        if len(open_) < len(comps):
            keep = [k for k, c in enumerate(comps) if any(c is o for o in open_)]
            return _on_part(sub, sb, comps, keep, req, cap, lo_seen, hi_seen, used)
    lo, hi, used2 = _rounds(sub, sb, comps, req, cap, lo_seen, hi_seen)
    return lo, hi, used + used2


def _on_part(sub, sb, comps, keep, req, cap, lo_seen, hi_seen, used, lo_done=None, hi_done=None):
    """Continue :func:`_rounds` on the components ``keep`` (indices into ``comps``) alone.

    The others are finished; left in, they would make every later LP larger for nothing.
    """
    n = sub.shape[1]
    col_comp = np.full(n, -1)
    for k, c in enumerate(comps):
        col_comp[c] = k
    csr = sub.tocsr()
    rows = np.flatnonzero(np.isin(col_comp[csr.indices[csr.indptr[:-1]]], keep))
    cols = np.concatenate([comps[k] for k in keep])
    new_pos = np.full(n, -1)
    new_pos[cols] = np.arange(len(cols))
    done = None if lo_done is None or hi_done is None else (lo_done[cols], hi_done[cols])
    lo2, hi2, used2 = _rounds(
        csr[rows][:, cols],
        sb[rows],
        [new_pos[comps[k]] for k in keep],
        None if req is None else req[cols],
        cap,
        lo_seen[cols],
        hi_seen[cols],
        done,
    )
    lo_seen, hi_seen = lo_seen.copy(), hi_seen.copy()
    lo_seen[cols], hi_seen[cols] = lo2, hi2
    return lo_seen, hi_seen, used + used2


def _rounds(sub, sb, comps, req, cap, lo_seen, hi_seen, done=None):
    """Each LP minimises (or maximises) one still-open variable of every component at once.

    A variable is open for a direction until its own LP in that direction is solved, or until
    feasible points seen so far prove it (with ``req``: wide enough; for the minimum: a point at
    0, the lower bound every count has, so no LP can go lower). Taking the next *open* variable
    of each component, not the next by position, keeps the number of LPs near the largest number
    of open variables in one component rather than the size of the largest component. When
    the components still open hold less than a third of the variables, the LP is rebuilt on
    them alone. ``done``: (min, max) already solved per variable.
    """
    n = sub.shape[1]
    lo_seen, hi_seen = lo_seen.copy(), hi_seen.copy()
    lo_done, hi_done = (np.zeros(n, dtype=bool),) * 2 if done is None else done
    lo_done, hi_done = lo_done.copy(), hi_done.copy()
    flat = np.concatenate(comps)
    comp_of = np.repeat(np.arange(len(comps)), [len(c) for c in comps])
    used = 0
    solver = _WarmLP(sub, sb, cap)
    while True:
        solved = 0
        for sign, done, seen in ((1.0, lo_done, lo_seen), (-1.0, hi_done, hi_seen)):
            at_zero = lo_seen <= _ZERO
            lo_seen[at_zero] = 0.0
            lo_done |= at_zero
            settled = lo_done & hi_done
            if req is not None:
                settled |= (hi_seen - lo_seen) >= req - 1e-9
            open_ = ~done[flat] & ~settled[flat]
            # The first open variable of each component (``flat`` is grouped by component).
            _, first = np.unique(comp_of[open_], return_index=True)
            todo = flat[open_][first]
            if len(todo) == 0:
                continue
            objective = np.zeros(n)
            objective[todo] = sign
            x = solver.solve(objective)
            used += 1
            solved += 1
            np.minimum(lo_seen, x, out=lo_seen)
            np.maximum(hi_seen, x, out=hi_seen)
            done[todo] = True
            seen[todo] = x[todo]
        if not solved:
            return lo_seen, hi_seen, used
        alive = ~(lo_done & hi_done)
        if req is not None:
            alive &= (hi_seen - lo_seen) < req - 1e-9
        keep = np.unique(comp_of[alive[flat]])
        if len(keep) and n >= _SHRINK_MIN and sum(len(comps[k]) for k in keep) * 3 < n:
            return _on_part(
                sub, sb, comps, list(keep), req, cap, lo_seen, hi_seen, used, lo_done, hi_done
            )


def feasible_intervals(
    A: sp.csr_matrix,
    y: np.ndarray,
    hidden: np.ndarray,
    *,
    required: np.ndarray | None = None,
) -> Intervals:
    """Feasible interval of each hidden cell given the other cells' values ``y``.

    ``y`` values at hidden positions are ignored. With ``required`` (width needed per hidden
    cell), the search stops for a cell as soon as two feasible points prove its interval is wide
    enough — a certificate, not the exact interval; that is what protection needs in its loop.
    Without it the exact interval of every hidden cell is computed (the audit).
    """
    hidden = np.asarray(hidden, dtype=int)
    n = len(hidden)
    lower = np.full(n, np.inf)
    upper = np.full(n, -np.inf)
    if n == 0:
        return Intervals(hidden, lower, upper, np.zeros(0, dtype=int), 0)
    Ah, b = _system(A.tocsr(), np.nan_to_num(y.astype(float)), hidden)
    label = _components(Ah)
    known = np.ones(A.shape[1], dtype=bool)
    known[hidden] = False
    cap = 10.0 * float(np.abs(y[known]).sum()) + 1e4
    n_lps = 0
    row_label = (
        label[Ah.tocsr().indices[Ah.tocsr().indptr[:-1]]] if Ah.shape[0] else np.zeros(0, dtype=int)
    )
    if required is not None:
        # Components where no cell needs proving are skipped (reported as unbounded).
        need = np.zeros(label.max() + 1, dtype=bool)
        np.logical_or.at(need, label, required > 0)
        skip = ~need[label]
        lower[skip], upper[skip] = 0.0, np.inf
        active = label.copy()
        active[skip] = -1
    else:
        active = label
    for batch in _batches(active):
        cols = np.concatenate(batch)
        comp_ids = np.unique(label[cols])
        rows = np.flatnonzero(np.isin(row_label, comp_ids))
        sub = Ah[rows][:, cols]
        sb = b[rows]
        pos = {int(c): i for i, c in enumerate(cols)}
        if sub.shape[0] == 0:  # cells in no relation at all: anything non-negative fits
            lower[cols], upper[cols] = 0.0, np.inf
            continue
        lo_seen, hi_seen, used = _solve_batch(
            sub,
            sb,
            [np.array([pos[int(c)] for c in comp]) for comp in batch],
            None if required is None else required[cols],
            cap,
        )
        n_lps += used
        lower[cols] = lo_seen
        upper[cols] = np.where(hi_seen >= cap * (1 - 1e-9), np.inf, hi_seen)
    lower = np.maximum(lower, 0.0)
    return Intervals(hidden, lower, upper, label, n_lps)
