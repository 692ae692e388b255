"""Secondary suppression for blocks too large to eliminate at once: one sub-table at a time.

Gaussian elimination over one block holds a dense (leaves × basis) × cells matrix; for a
region × month × category table (111 buurten × 78 columns) that is about 6,700 × 10,000 and
takes many minutes. Like τ-ARGUS' HiTaS, this protects each sub-table — one region with its
children, all columns — on its own, treating every cell an earlier sub-table hid as primary, and
repeats until no sub-table hides anything new. Sub-tables share their parent and child rows, so
a suppression travels up and down the tree. Linear safety of the whole is not proven this way:
the LP audit in :func:`suppress_cells` that follows decides, and widens where it must.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from haarlem_opendata.protect.cells.model import TableModel
from haarlem_opendata.protect.cells.secondary import gauss_secondary, small_first_priority

# Largest dense elimination matrix (rows × columns) done in one piece.
MAX_DENSE_CELLS = 20_000_000


def _depths(parent: np.ndarray) -> np.ndarray:
    depth = np.zeros(len(parent), dtype=int)
    for r in range(len(parent)):
        a = r
        while parent[a] >= 0:
            a = parent[a]
            depth[r] += 1
    return depth


def largest_block(model: TableModel) -> int:
    """Size of the largest dense matrix :func:`gauss_secondary` would build for this model."""
    kids = model.children()
    leaves = np.array([0 if k else 1 for k in kids])
    for r in np.argsort(-_depths(model.parent), kind="stable"):
        if model.parent[r] >= 0:
            leaves[model.parent[r]] += leaves[r]
    largest = 0
    for (root, g), cells in model.blocks().items():
        largest = max(largest, int(leaves[root]) * model.groups[g].basis.shape[1] * len(cells))
    return largest


def _sub_model(model: TableModel, rows: list[int]) -> TableModel:
    parent = np.zeros(len(rows), dtype=int)
    parent[0] = -1
    return TableModel(
        keys=[model.keys[r] for r in rows],
        counts=model.counts,
        parent=parent,
        root=np.zeros(len(rows), dtype=int),
        groups=model.groups,
        A=sp.csr_matrix((0, len(rows) * model.n_cols)),
    )


def _offered_first(priority, first: np.ndarray):
    def ordered(model: TableModel, values: np.ndarray) -> np.ndarray:
        order = priority(model, values)
        return np.concatenate([order[first[order]], order[~first[order]]])

    return ordered


def modular_secondary(
    model: TableModel,
    values: np.ndarray,
    primary: np.ndarray,
    width: float,
    max_passes: int = 50,
    changed_rows: set[int] | None = None,
    first: np.ndarray | None = None,
) -> np.ndarray:
    """Boolean mask (flat cells) of secondary suppressions, sub-table by sub-table, top down.

    With ``changed_rows``, only sub-tables holding one of those rows are redone at first (the
    others were safe before and nothing in them changed); new suppressions spread from there.
    ``first`` (flat cells): offered for publication before all others in every sub-table — cells
    an earlier version already published, which hiding would not protect.
    """
    kids = model.children()
    hidden = primary.copy()
    parents = [int(r) for r in np.argsort(_depths(model.parent), kind="stable") if kids[r]]
    columns = np.arange(model.n_cols)
    dirty = None if changed_rows is None else set(changed_rows)
    for _ in range(max_passes):
        changed = False
        touched: set[int] = set()
        for r in parents:
            rows = [r, *kids[r]]
            if dirty is not None and dirty.isdisjoint(rows):
                continue
            cells = (np.asarray(rows)[:, None] * model.n_cols + columns).ravel()
            priority = small_first_priority(width)
            if first is not None and first[cells].any():
                priority = _offered_first(priority, first[cells])
            extra = gauss_secondary(_sub_model(model, rows), values[cells], hidden[cells], priority)
            new = cells[extra & ~hidden[cells]]
            if len(new):
                hidden[new] = True
                changed = True
                touched.update((new // model.n_cols).tolist())
        if not changed:
            break
        if dirty is not None:
            dirty = touched
    return hidden & ~primary
