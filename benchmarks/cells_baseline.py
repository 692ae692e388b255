"""Baseline for the cell-suppression benchmarks: "hide the smallest sibling".

The naive method many spreadsheets use: whenever a relation (a total and its parts) has exactly
one hidden cell, also hide its smallest published sibling (a part; the total when no part is
left), until no relation has a lone hidden cell. It ignores chains of relations and the
attacker's non-negativity, so its audit shows what it misses.
"""

from __future__ import annotations

import numpy as np

from haarlem_opendata.protect.cells.model import TableModel


def smallest_sibling(model: TableModel, values: np.ndarray, primary: np.ndarray) -> np.ndarray:
    """Secondary mask of the baseline (flat cells)."""
    A = model.A.tocsr()
    pattern = abs(A)
    hidden = primary.copy()
    while True:
        lone = np.flatnonzero(pattern @ hidden.astype(float) == 1)
        added = False
        for e in lone:
            cols = A.indices[A.indptr[e] : A.indptr[e + 1]]
            coef = A.data[A.indptr[e] : A.indptr[e + 1]]
            if hidden[cols].sum() != 1:
                continue  # an earlier pick in this pass already fixed it
            parts = [c for c, a in zip(cols, coef, strict=True) if a < 0 and not hidden[c]]
            pool = parts or [c for c in cols if not hidden[c]]
            pick = min(pool, key=lambda c: (values[c], c))
            hidden[pick] = True
            added = True
        if not added:
            return hidden & ~primary
