"""The two shapes of a count table and the relations that hold in it.

The small-cell machinery works on a *wide* table — one row per region, one column per
combination of dimension values (with a ``totaal`` for each dimension) — because that is where
"total = Σ parts" is a relation between columns of one row. The public reads the *long* table —
one row per region × month × category — which is what spreadsheets and DataStore previews want.
Both directions live here, so the audit can rebuild the wide table from the published file alone.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
import pandas as pd

from haarlem_opendata.spec import REGION_COLUMNS, CountTableSpec, RegionHierarchySpec, Relation

REGION = RegionHierarchySpec(code_column=REGION_COLUMNS[0], parent_column=REGION_COLUMNS[2])


@dataclass(frozen=True)
class WideLayout:
    """Column ``n<j>`` of the wide table holds the count for ``combos[j]`` (one label per
    dimension)."""

    values: list[list[str]]  # per dimension: its values, the total label last
    total_label: str

    @property
    def combos(self) -> list[tuple[str, ...]]:
        return list(itertools.product(*self.values))

    @property
    def columns(self) -> list[str]:
        return [f"n{j}" for j in range(len(self.combos))]

    def relations(self) -> list[Relation]:
        """Per dimension, per combination of the other dimensions: total = Σ of that dimension's
        values."""
        sizes = [len(v) for v in self.values]
        index = {combo: j for j, combo in enumerate(itertools.product(*map(range, sizes)))}
        relations = []
        for axis, size in enumerate(sizes):
            others = [range(s) if a != axis else [size - 1] for a, s in enumerate(sizes)]
            for fixed in itertools.product(*others):
                parts = []
                for v in range(size - 1):
                    position = list(fixed)
                    position[axis] = v
                    parts.append(f"n{index[tuple(position)]}")
                relations.append(Relation(total=f"n{index[fixed]}", parts=parts))
        return relations


def ordered_values(observed, total_label: str) -> list[str]:
    """A dimension's values in reading order, its total last."""
    return [*sorted({str(v) for v in observed} - {total_label}), total_label]


def to_long(wide: pd.DataFrame, layout: WideLayout, spec: CountTableSpec) -> pd.DataFrame:
    """One row per region × combination; suppressed counts stay missing (``<NA>``)."""
    combos = layout.combos
    n_rows = len(wide)
    out = {
        name: np.repeat(wide[name].astype(object).to_numpy(), len(combos))
        for name in REGION_COLUMNS
    }
    for axis, dimension in enumerate(spec.dimensions):
        out[dimension.name] = np.tile([c[axis] for c in combos], n_rows)
    stacked = wide[layout.columns].astype("Int64").to_numpy().ravel()
    out[spec.count.name] = pd.array(stacked, dtype="Int64")
    return pd.DataFrame(out)


def to_wide(long: pd.DataFrame, spec: CountTableSpec) -> tuple[pd.DataFrame, WideLayout]:
    """The wide table back from a long one (the published file, or a mask in the same shape)."""
    names = [d.name for d in spec.dimensions]
    layout = WideLayout(
        values=[ordered_values(long[n].astype(str), spec.total_label) for n in names],
        total_label=spec.total_label,
    )
    column_of = {combo: f"n{j}" for j, combo in enumerate(layout.combos)}
    keys = [tuple(str(v) for v in row) for row in long[names].itertuples(index=False)]
    code = REGION_COLUMNS[0]
    frame = long[[code, spec.count.name]].copy()
    frame["_column"] = [column_of[k] for k in keys]
    regions = long[list(REGION_COLUMNS)].drop_duplicates(code).reset_index(drop=True)
    counts = frame.pivot(index=code, columns="_column", values=spec.count.name)
    counts = counts.reindex(index=regions[code], columns=layout.columns).reset_index(drop=True)
    counts.columns.name = None
    return pd.concat([regions, counts], axis=1), layout
