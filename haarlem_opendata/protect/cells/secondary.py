"""Secondary suppression by Gaussian elimination (the GaussSuppression method of Statistics Norway).

Every publishable cell is a linear function ``x_j`` of the free "inner" values of the table
(the leaf regions × a basis of the column relations). A primary cell is safe exactly when its
``x_i`` is not in the span of the published cells' vectors. Candidates are offered for
publication one by one, most valuable first (gemeente totals, then large values); a candidate is
suppressed instead when publishing it would put some primary cell in that span. This is
deterministic, handles any additive relations, and runs per independent block (root subtree ×
column group), which keeps a national table fast.

Linear safety is not enough against an attacker who also knows counts are non-negative, so
:func:`widen` adds suppressions next to cells whose audited interval is still too narrow.
"""

from __future__ import annotations

import functools

import numpy as np
from scipy.linalg.blas import dger
from threadpoolctl import ThreadpoolController

from haarlem_opendata.protect.cells.model import TableModel

_TOL = 1e-9


@functools.cache
def _blas() -> ThreadpoolController:
    """The loaded BLAS libraries (found once; a lookup costs about a millisecond).

    The elimination is a long chain of matrix-vector products too small to split: with
    OpenBLAS' threads (one per core) they spin and wait for each other, worst on a shared
    machine. Measured on the national sex × age table (2 cores, load ≈ 5): the Amsterdam block
    took 26.5 s with two BLAS threads and 5.3 s with one. threadpoolctl (the scikit-learn
    project's tool) limits them for the elimination only.
    """
    return ThreadpoolController()


def _leaves_below(model: TableModel) -> list[list[int]]:
    kids = model.children()
    out: list[list[int]] = [[] for _ in range(model.n_rows)]
    # Process rows deepest first so children are done before parents.
    depth = np.zeros(model.n_rows, dtype=int)
    for r in range(model.n_rows):
        a = r
        while model.parent[a] >= 0:
            a = model.parent[a]
            depth[r] += 1
    for r in np.argsort(-depth, kind="stable"):
        out[r] = [r] if not kids[r] else [leaf for ch in kids[r] for leaf in out[ch]]
    return out


def publish_priority(model: TableModel, values: np.ndarray) -> np.ndarray:
    """Sort key per cell: lower sorts first = offered for publication first.

    Gemeente (root) totals first, then zeros (hiding a zero next to a small cell gives the
    attacker's interval no room, as in GaussSuppression's default), then larger values; ties by
    position, so the result is deterministic. Suppressing small cells loses the least information.
    """
    rows = np.arange(model.n_cells) // model.n_cols
    has_kids = np.zeros(model.n_rows, dtype=bool)
    has_kids[model.parent[model.parent >= 0]] = True
    is_top = (model.parent[rows] < 0) & has_kids[rows]
    return np.lexsort((np.arange(model.n_cells), -values, values != 0, ~is_top))


def small_first_priority(width: float):
    """Publication order for tables with many small cells: root totals, then cells below
    ``width``, then the rest by value. A hidden partner of at least ``width`` is what gives a
    small primary cell room against an attacker who knows counts are non-negative; partners
    smaller than that leave it pinned, and the LP audit would hide more later."""

    def priority(model: TableModel, values: np.ndarray) -> np.ndarray:
        rows = np.arange(model.n_cells) // model.n_cols
        has_kids = np.zeros(model.n_rows, dtype=bool)
        has_kids[model.parent[model.parent >= 0]] = True
        is_top = (model.parent[rows] < 0) & has_kids[rows]
        return np.lexsort((np.arange(model.n_cells), values, values >= width, ~is_top))

    return priority


def gauss_secondary(
    model: TableModel, values: np.ndarray, primary: np.ndarray, priority=publish_priority
) -> np.ndarray:
    """Boolean mask (flat cells) of secondary suppressions protecting ``primary`` linearly."""
    secondary = np.zeros(model.n_cells, dtype=bool)
    if not primary.any():
        return secondary
    rank = np.empty(model.n_cells, dtype=int)
    rank[priority(model, values)] = np.arange(model.n_cells)
    leaves = _leaves_below(model)
    with _blas().limit(limits=1, user_api="blas"):
        for (_root, g), cells in model.blocks().items():
            if primary[cells].any():
                secondary[_block_secondary(model, cells, g, leaves, primary, rank)] = True
    return secondary


def _block_secondary(model, cells, g, leaves, primary, rank) -> np.ndarray:
    """Cells to hide in one block (root subtree × column group)."""
    group = model.groups[g]
    local_col = {c: i for i, c in enumerate(group.columns)}
    rows = sorted(set((cells // model.n_cols).tolist()))
    block_leaves = sorted({leaf for r in rows for leaf in leaves[r]})
    leaf_pos = {leaf: i for i, leaf in enumerate(block_leaves)}
    d = group.basis.shape[1]
    X = np.zeros((len(block_leaves) * d, len(cells)))
    for j, cell in enumerate(cells):
        r, c = divmod(int(cell), model.n_cols)
        coef = group.basis[local_col[c]]
        for leaf in leaves[r]:
            p = leaf_pos[leaf] * d
            X[p : p + d, j] += coef
    is_primary = primary[cells]
    order = [j for j in np.argsort(rank[cells], kind="stable") if not is_primary[j]]
    return cells[_eliminate(X, is_primary, order)]


def _eliminate(X: np.ndarray, is_primary: np.ndarray, order: list[int]) -> list[int]:
    """Offer columns of ``X`` in ``order``; return those that must stay hidden.

    The published span has an orthonormal basis (rows of ``Qt``) and ``R`` holds the primary
    vectors minus their projection on it, so ``Qt @ R == 0``. Most candidates are buurt cells
    with only a few non-zeros: their projection coefficients, residual norm and the projection
    of ``R`` on their new direction come from those non-zeros alone. Only a published candidate
    needs its dense direction (to extend the basis and update ``R``); that keeps the cost per
    rejected candidate at O(k · nnz) instead of O(dim · k).
    """
    dim = X.shape[0]
    Qt = np.zeros((min(dim, len(order)) + 1, dim))  # row-major: Qt[:k] is contiguous
    k = 0
    R = X[:, is_primary].copy()
    r2 = np.einsum("ij,ij->j", R, R)
    hidden: list[int] = []
    for j in order:
        col = X[:, j]
        nz = np.flatnonzero(col)
        vn = col[nz]
        v2 = float(vn @ vn)
        c = Qt[:k, nz] @ vn
        res2 = v2 - float(c @ c)
        if res2 < 1e-10 * v2:
            continue  # in the span (a real new direction is far larger): nothing new revealed
        if res2 < 1e-6 * v2:  # close to the span: decide on the exact residual, as before
            v = col.copy()
            for _ in range(2):
                v -= Qt[:k].T @ (Qt[:k] @ v)
            nv = float(np.linalg.norm(v))
            if nv < 1e-7:
                continue  # already implied by published cells: publishing reveals nothing new
            proj = (v @ R) / nv
        else:
            nv = float(np.sqrt(res2))
            v = None
            proj = (vn @ R[nz]) / nv
        new_r2 = r2 - proj**2
        if np.any(new_r2 < _TOL * np.maximum(1.0, r2)):
            hidden.append(j)
            continue
        if v is None:
            v = col - Qt[:k].T @ c
            nv_d = float(np.linalg.norm(v))
            if nv_d < 0.7 * np.sqrt(v2):  # "twice is enough": re-orthogonalise when it lost much
                v -= Qt[:k].T @ (Qt[:k] @ v)
                nv_d = float(np.linalg.norm(v))
            nv = nv_d
        u = v / nv
        Qt[k] = u
        k += 1
        proj = u @ R
        # R -= u projᵀ in place (BLAS dger on the transpose, which is Fortran-ordered): the
        # numpy expression built a dim × n_primary temporary per published cell, half the time.
        R = dger(-1.0, proj, u, a=R.T, overwrite_a=True).T
        r2 = np.einsum("ij,ij->j", R, R)
    return hidden


def widen(
    model: TableModel,
    values: np.ndarray,
    suppressed: np.ndarray,
    failing: dict[int, float],
) -> list[int]:
    """Pick extra cells to hide so each failing cell (→ width still needed) gets more room.

    For each failing cell, look outward through the relations (via hidden cells) for the nearest
    published cells; take a non-total cell with value ≥ the missing width if there is one
    (the smallest such), else the largest. Deterministic.
    """
    A = model.A.tocsc()
    At = model.A.tocsr()
    rows_all = np.arange(model.n_cells) // model.n_cols
    has_kids = np.zeros(model.n_rows, dtype=bool)
    has_kids[model.parent[model.parent >= 0]] = True
    is_top = (model.parent[rows_all] < 0) & has_kids[rows_all]
    chosen: set[int] = set()
    for cell in sorted(failing):
        need = failing[cell]
        seen_cells = {cell}
        frontier = [cell]
        pick = None
        while frontier and pick is None:
            eqs = np.unique(
                np.concatenate([A.indices[A.indptr[c] : A.indptr[c + 1]] for c in frontier])
            )
            if len(eqs) == 0:
                break
            neigh = np.unique(
                np.concatenate([At.indices[At.indptr[e] : At.indptr[e + 1]] for e in eqs])
            )
            neigh = [int(n) for n in neigh if n not in seen_cells]
            seen_cells.update(neigh)
            published = [n for n in neigh if not suppressed[n] and n not in chosen]
            if published:
                pick = min(
                    published,
                    key=lambda n: (
                        bool(is_top[n]),
                        values[n] < need,
                        values[n] if values[n] >= need else -values[n],
                        n,
                    ),
                )
            frontier = [n for n in neigh if suppressed[n] or n in chosen]
        if pick is not None:
            chosen.add(pick)
    return sorted(chosen)
