"""The units of the attacker who lays count tables of the same records side by side.

A unit is a finest region (the finest level any of the tables uses) × per hierarchy a finest
value (the finest level any table uses): every combination, also the empty ones, since the
attacker does not know which are empty. Each cell of each table covers a set of units — its
region's leaves, its dimension values (a total, or a dimension the table does not have: all
values) — which is all :mod:`releases` needs: the equations, the true values per cell, and which
cells of two layouts are the same cell (the same units).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
import pandas as pd

from haarlem_opendata.errors import ProtectionError
from haarlem_opendata.protect.anonymity.hierarchy import GeoLevels, build_hierarchy
from haarlem_opendata.protect.counts.aggregate import _level, _row_labels
from haarlem_opendata.protect.counts.wide import WideCounts
from haarlem_opendata.spec import REGION_COLUMNS, CountTableSpec

# What a steward can do when an earlier version stands in the way. A version that reached the
# portal may have been downloaded, so it stays in the audit; one that never did can go.
NEXT_STEP = (
    "Tel op dezelfde indeling als de eerdere versie; een versie die nooit op het portaal heeft "
    "gestaan, kan uit de bundelmap worden verwijderd (zie README, Linkage audit)"
)


def layout_error(label: str, message: str) -> ProtectionError:
    return ProtectionError(
        f"{label}: {message}; samen toetsen kan niet, dus niets wordt gepubliceerd. {NEXT_STEP}"
    )


@dataclass
class Units:
    """The units of the attacker's system and, per record, the unit it lies in."""

    shape: tuple[int, ...]  # leaves × finest values per hierarchy
    hierarchies: list[str]
    leaf_level: str
    ancestors: pd.DataFrame  # per leaf (in unit order): its code at every region level
    fine: list[list[str]]  # per hierarchy: its finest values (unit axis order)
    coarse: list[dict[int, np.ndarray]]  # per hierarchy, per level: label of each finest value
    level_names: list[list[str]]  # per hierarchy
    of_record: np.ndarray

    def level(self, hierarchy: str, level: str | int) -> int:
        return (
            level
            if isinstance(level, int)
            else self.level_names[self.hierarchies.index(hierarchy)].index(level)
        )


def build_units(tables, hierarchies: dict, records, *, base_dir, source) -> Units:
    region = tables[0][0].region.hierarchy
    geo = build_hierarchy(hierarchies[region], base_dir)
    if not isinstance(geo, GeoLevels) or geo.regions is None:
        raise ProtectionError(f"{source}: regiohiërarchie {region} kent geen regio's")
    known = geo.region_levels
    for spec, _, label in tables:
        if spec.region.hierarchy != region or any(lv not in known for lv in spec.region.levels):
            raise layout_error(label, f"de regio's komen niet uit hiërarchie {region} ({known})")
    leaf_level = min((spec.region.levels[0] for spec, _, _ in tables), key=known.index)
    ancestors = geo.regions[known].astype(str).drop_duplicates(leaf_level)
    ancestors = ancestors.sort_values(leaf_level).reset_index(drop=True)
    encoded = geo.encode(records, region, source)
    leaf_of = {code: i for i, code in enumerate(ancestors[leaf_level])}
    record_leaf = _row_labels(encoded, _level(encoded, leaf_level, "region", source))
    axes = [np.fromiter((leaf_of[str(c)] for c in record_leaf), dtype=np.int64)]

    names = sorted({d.hierarchy for spec, _, _ in tables for d in spec.dimensions})
    fine, coarse, level_names = [], [], []
    for name in names:
        if name not in hierarchies:
            label = next(lb for s, _, lb in tables if name in {d.hierarchy for d in s.dimensions})
            raise layout_error(label, f"hiërarchie {name} is niet gedeclareerd in deze dataset")
        enc = build_hierarchy(hierarchies[name], base_dir).encode(records, name, source)
        levels = {
            _level(enc, d.level, name, source)
            for spec, _, _ in tables
            for d in spec.dimensions
            if d.hierarchy == name
        }
        finest = min(levels)
        record_fine = np.asarray(_row_labels(enc, finest), dtype=object).astype(str)
        values, index = np.unique(record_fine, return_inverse=True)
        fine.append(values.tolist())
        axes.append(index.astype(np.int64))
        per_level = {}
        for lv in levels:
            labels = np.asarray(_row_labels(enc, lv), dtype=object).astype(str)
            first = pd.Series(labels).groupby(index).first()
            per_level[lv] = first.reindex(range(len(values))).to_numpy(dtype=object)
        coarse.append(per_level)
        level_names.append(list(enc.level_names))
    shape = (len(ancestors), *(len(v) for v in fine))
    of_record = np.ravel_multi_index(tuple(axes), shape) if len(records) else np.zeros(0, int)
    return Units(shape, names, leaf_level, ancestors, fine, coarse, level_names, of_record)


def cells_of_units(units: Units, spec: CountTableSpec, counts: WideCounts) -> list[np.ndarray]:
    """Per region level × subset of totals of the table: each unit's flat cell there (-1: none).

    The first array is the finest cell (finest region level, no totals).
    """
    index = np.unravel_index(np.arange(int(np.prod(units.shape))), units.shape)
    code, level_col, _ = REGION_COLUMNS
    wide = counts.wide
    n_cols = counts.model.n_cols
    sizes = [len(v) for v in counts.layout.values]
    # per dimension of the table: each unit's position among its values (-1: a value not listed)
    positions = []
    for axis, dimension in enumerate(spec.dimensions):
        h = units.hierarchies.index(dimension.hierarchy)
        labels = units.coarse[h][units.level(dimension.hierarchy, dimension.level)]
        position = {v: j for j, v in enumerate(counts.layout.values[axis][:-1])}
        at = np.array([position.get(str(v), -1) for v in labels], dtype=np.int64)
        positions.append(at[index[1 + h]])
    out = []
    for level in spec.region.levels:
        rows = wide.index[wide[level_col].astype(str) == spec.region.level_name(level)]
        row_of = {str(c): r for c, r in zip(wide.loc[rows, code], rows, strict=True)}
        leaf_row = np.array([row_of.get(c, -1) for c in units.ancestors[level]], dtype=np.int64)[
            index[0]
        ]
        for totals in itertools.product((False, True), repeat=len(sizes)):
            multi = [
                np.full(len(leaf_row), size - 1) if total else pos
                for total, size, pos in zip(totals, sizes, positions, strict=True)
            ]
            ok = (leaf_row >= 0) & np.all([m >= 0 for m in multi], axis=0)
            col = np.ravel_multi_index(tuple(np.where(ok, m, 0) for m in multi), sizes)
            out.append(np.where(ok, leaf_row * n_cols + col, -1))
    return out


def cell_sums(cover: list[np.ndarray], units_true: np.ndarray, n_cells: int) -> np.ndarray:
    """Per cell the sum of its units' values (``cover``: from :func:`cells_of_units`)."""
    truth = np.zeros(n_cells)
    for cells in cover:
        ok = cells >= 0
        truth += np.bincount(cells[ok], weights=units_true[ok], minlength=n_cells)
    return truth


def signatures(cover: list[np.ndarray], n_cells: int, weight: np.ndarray) -> np.ndarray:
    """Per cell the sum (mod 2**64) of its units' random 64-bit weights: equal for two cells
    covering the same units, and for two different sets only by a 2**-64 chance (0: none)."""
    out = np.zeros(n_cells, dtype=np.uint64)
    for cells in cover:
        ok = cells >= 0
        np.add.at(out, cells[ok], weight[ok])
    return out
