"""A published count table in the shape every joint audit works on: flat cells and relations.

The joint attackers (rows next to the table, earlier releases next to it) and their remedies
address cells by one flat index (region row × layout column), read the published values with
NaN where hidden, and need the table's own relations. This is that view, rebuilt from the
published long table alone, with the primary mask checked to belong to the same table.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd

from haarlem_opendata.protect.cells.audit import feasible_intervals
from haarlem_opendata.protect.cells.model import TableModel, build_model
from haarlem_opendata.protect.counts.protect import ProtectedCounts, _published_share, primary_mask
from haarlem_opendata.protect.counts.shape import REGION, WideLayout, to_long, to_wide
from haarlem_opendata.spec import REGION_COLUMNS, CountTableSpec


@dataclass
class WideCounts:
    """A published long table in the wide shape the audit needs, with its primary mask."""

    wide: pd.DataFrame
    layout: WideLayout
    model: TableModel
    values: np.ndarray  # flat cells, NaN where hidden
    primary: np.ndarray  # flat cells

    def label(self, cell: int) -> str:
        row, col = divmod(cell, self.model.n_cols)
        code = str(self.wide[REGION_COLUMNS[0]].iloc[row])
        return " | ".join([code, *self.layout.combos[col]])


def wide_counts(
    published: pd.DataFrame, primary: pd.DataFrame | None, spec: CountTableSpec
) -> WideCounts:
    wide, layout = to_wide(published, spec)
    model = build_model(
        wide,
        region=REGION,
        counts=layout.columns,
        relations=layout.relations(),
        file=f"teltabel {spec.name}",
    )
    values = wide[layout.columns].to_numpy(dtype=float).ravel()
    mask = np.zeros(model.n_cells, dtype=bool)
    if primary is not None:
        mask = primary_mask(primary, wide, layout, spec).to_numpy().ravel()
    return WideCounts(wide, layout, model, values, mask)


def derivable(counts: WideCounts, extra: list[int]) -> set[int]:
    """Cells of ``extra`` that the published table (with ``extra`` hidden) pins to one value.

    The remedy may hide a cell whose relation then has no other hidden cell; hiding it protects
    nothing, and the table's own audit refuses a hidden cell anyone can recompute.
    """
    if not extra:
        return set()
    values = counts.values.copy()
    values[extra] = np.nan
    hidden = np.flatnonzero(np.isnan(values))
    # two feasible points 2 apart prove two integers fit; the others get their exact interval
    required = np.where(np.isin(hidden, extra), 2.0, 0.0)
    iv = feasible_intervals(counts.model.A, values, hidden, required=required)
    at = {int(c): i for i, c in enumerate(hidden)}
    return {c for c in extra if iv.exact[at[c]]}


def hide_more(
    protected: ProtectedCounts, counts: WideCounts, cells: list[int], **why: Any
) -> ProtectedCounts:
    """The table with ``cells`` hidden too (they count as secondary), and its summary (with
    the fields in ``why``: why they were hidden)."""
    spec = protected.spec
    if cells:
        wide = counts.wide.copy()
        grid = wide[counts.layout.columns].to_numpy(dtype=float)
        rows, cols = np.divmod(np.asarray(cells), counts.model.n_cols)
        grid[rows, cols] = np.nan
        wide[counts.layout.columns] = grid
        table = to_long(wide, counts.layout, spec)
    else:
        table = protected.table
    n_hidden = int(table[spec.count.name].isna().sum())
    n_cells = len(table)
    summary = protected.summary.model_copy(
        update={
            "n_published": n_cells - n_hidden,
            "published_share": round((n_cells - n_hidden) / n_cells, 4) if n_cells else 1.0,
            "published_share_per_level": _published_share(table, spec),
            "n_secondary": protected.summary.n_secondary + len(cells),
            **why,
        }
    )
    return replace(protected, table=table, summary=summary)
