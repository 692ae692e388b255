"""Room for small cells: hide partners so each primary cell can move by the protection width.

An attacker who knows counts are non-negative bounds a hidden part from above by what the other
hidden parts of the same relation could give up: with a primary 1 and a hidden partner 2 in
``total = Σ parts``, the primary lies in [0, 3]. Before any LP runs, every relation of every
primary cell is given enough hidden mass next to it (the smallest published part that is large
enough, else the largest), repeated until nothing changes. Cheap, local and deterministic; in a
large table it removes most of the work the LP widening would otherwise do round by round. The
LP audit still decides.
"""

from __future__ import annotations

import numpy as np

from haarlem_opendata.protect.cells.model import TableModel


def ensure_room(
    model: TableModel,
    values: np.ndarray,
    hidden: np.ndarray,
    primary: np.ndarray,
    width: float,
    max_passes: int = 20,
) -> np.ndarray:
    """Cells to hide in addition to ``hidden`` (flat mask), so each primary cell has room."""
    A = model.A.tocsr()
    Ac = model.A.tocsc()
    hidden = hidden.copy()
    added = np.zeros(model.n_cells, dtype=bool)
    targets = np.flatnonzero(primary)
    for _ in range(max_passes):
        changed = False
        for cell in targets:
            need = width - values[cell]
            if need <= 0:
                continue
            for eq in Ac.indices[Ac.indptr[cell] : Ac.indptr[cell + 1]]:
                cols = A.indices[A.indptr[eq] : A.indptr[eq + 1]]
                signs = A.data[A.indptr[eq] : A.indptr[eq + 1]]
                mine = signs[cols == cell][0]
                same = (signs == mine) & (cols != cell)
                if (hidden[cols] & ~same & (cols != cell)).any():
                    continue  # a hidden cell of the other side: it can absorb the move
                room = values[cols[same & hidden[cols]]].sum()
                if room >= need:
                    continue
                candidates = cols[same & ~hidden[cols]]
                if len(candidates) == 0:
                    continue
                short = need - room
                big = candidates[values[candidates] >= short]
                if len(big):
                    pick = big[np.lexsort((big, values[big]))[0]]
                else:
                    pick = candidates[np.lexsort((candidates, -values[candidates]))[0]]
                hidden[pick] = True
                added[pick] = True
                changed = True
        if not changed:
            break
    return added
