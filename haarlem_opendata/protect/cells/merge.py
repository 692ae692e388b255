"""Area merging for maps: instead of holes in a map, unsafe areas are joined to a neighbour.

Each area whose count is unsafe (0 < n < threshold, zeros too when asked) is dissolved into an
adjacent area — the smallest unsafe area first, into its smallest neighbour — until every
published area is safe. Ties break on the area id, so the result is deterministic. A membership
record says which original areas make up each published area, and the result (areas plus the
gemeente total) is audited like any other count table.

The linkage audit may also ask to *hide* a merged area's numbers: when the area is a union of
whole buurten, it is one more total over the buurt table and merging further cannot stop it
revealing a hidden buurt. Its numeric columns are then left empty — every one of them, since they
are all additive like the counts (droogweerafvoer is inwoners × 12) — and, because the gemeente
total is published, so are the numbers of the smallest other area: one hidden area would be the
total minus the rest.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from haarlem_opendata.errors import InputError, ProtectionError
from haarlem_opendata.protect.cells.suppress import AuditReport, audit_suppression
from haarlem_opendata.protect.summary import AreaMerge, MergeSummary
from haarlem_opendata.spec import RegionHierarchySpec, Relation

TOTAL_ID = "totaal"
_PARENT = "_ouder"


@dataclass
class MergeResult:
    """Merged areas (published), the membership record and the gemeente total with the audit."""

    table: gpd.GeoDataFrame
    membership: pd.DataFrame  # columns: original id, published id
    total: dict[str, int]
    audit: AuditReport
    threshold: int
    n_original: int
    hidden: list[str] = field(default_factory=list)  # published areas without numbers

    @property
    def passed(self) -> bool:
        return self.audit.passed

    def summary(self) -> MergeSummary:
        merged = self.membership.groupby("gepubliceerd_gebied")["oorspronkelijk_gebied"].apply(
            sorted
        )
        return MergeSummary(
            threshold=self.threshold,
            n_original=self.n_original,
            n_published=len(self.table),
            merges=[
                AreaMerge(published=pid, original=list(members))
                for pid, members in merged.items()
                if len(members) > 1
            ],
            municipal_total={k: int(v) for k, v in self.total.items()},
            hidden=list(self.hidden) or None,
            audit=self.audit.summary(),
            passed=bool(self.passed),
        )

    def to_metadata(self) -> dict:
        return self.summary().to_dict()


def _unsafe(sums: np.ndarray, threshold: int, zeros_unsafe: bool) -> bool:
    small = (sums > 0) & (sums < threshold)
    if zeros_unsafe:
        small |= sums == 0
    return bool(small.any())


def merge_areas(
    areas: gpd.GeoDataFrame,
    *,
    area_id_column: str,
    counts: list[str],
    threshold: int = 10,
    zeros_unsafe: bool = False,
    relations: Sequence[Relation] = (),
    adjacency_tolerance: float = 0.5,
    force_merge: Sequence[frozenset[str]] = (),
    force_hide: Sequence[frozenset[str]] = (),
    file: str | Path = "<gebieden>",
) -> MergeResult:
    """Merge unsafe areas into neighbours until all are safe; see the module docstring.

    ``adjacency_tolerance`` (CRS units) lets polygons separated by digitising slivers count as
    neighbours; areas that only touch at a corner are not neighbours, so merged areas stay
    contiguous. String columns of merged areas are joined with " + ", the id with "+"; other
    numeric columns are summed (they must be additive, like the counts).

    ``force_merge`` names groups of original areas that may not be published on their own even
    when their counts are safe (the linkage audit found that another publication cuts a small
    part out of them): a group of areas inside such a set keeps merging until it reaches outside.
    ``force_hide`` names groups of original areas whose published area (the one holding them)
    gets no numbers; see the module docstring.
    """
    if area_id_column not in areas.columns:
        raise InputError(file, "kolom met gebiedscode ontbreekt", column=area_id_column)
    ids = areas[area_id_column].astype(str).tolist()
    if len(set(ids)) != len(ids):
        dup = next(i for i, x in enumerate(ids) if ids.index(x) != i)
        raise InputError(
            file,
            "gebiedscode komt dubbel voor",
            column=area_id_column,
            row=dup + 1,
            shown_value=ids[dup],
        )
    values = np.zeros((len(areas), len(counts)))
    for c, col in enumerate(counts):
        if col not in areas.columns:
            raise InputError(file, "telkolom ontbreekt", column=col)
        v = pd.to_numeric(areas[col], errors="coerce").to_numpy(dtype=float)
        for bad, what in ((np.isnan(v), "waarde ontbreekt"), (v < 0, "negatieve telling")):
            if bad.any():
                raise InputError(file, what, column=col, row=int(np.flatnonzero(bad)[0]) + 1)
        values[:, c] = v

    geoms = areas.geometry.to_numpy()
    order = sorted(range(len(ids)), key=lambda i: ids[i])
    groups: dict[int, list[int]] = {i: [i] for i in order}  # group key = smallest member position
    sums = {i: values[i].copy() for i in order}
    tree = shapely.STRtree(geoms)
    left, right = tree.query(geoms, predicate="dwithin", distance=adjacency_tolerance)
    neighbours: dict[int, set[int]] = {i: set() for i in order}
    grown = shapely.buffer(geoms, adjacency_tolerance)
    for a, b in zip(left, right, strict=True):
        # Neighbours share a border, not just a corner: the overlap of the slightly grown
        # polygons, divided by its width, estimates the shared border length.
        if a != b:
            overlap = shapely.area(shapely.intersection(grown[a], grown[b]))
            if overlap / (2 * adjacency_tolerance) > 4 * adjacency_tolerance:
                neighbours[int(a)].add(int(b))
    owner = {i: i for i in order}

    def label(g: int) -> str:
        return "+".join(sorted(ids[m] for m in groups[g]))

    forced = [set(f) for f in force_merge]
    forced_with: dict[str, list[int]] = {}  # area id → the forced sets holding it
    for k, f in enumerate(forced):
        for member in f:
            forced_with.setdefault(member, []).append(k)

    def must_grow(g: int) -> bool:
        members = {ids[m] for m in groups[g]}
        first = ids[groups[g][0]]
        return any(members <= forced[k] for k in forced_with.get(first, ()))

    def is_unsafe(g: int) -> bool:
        return _unsafe(sums[g], threshold, zeros_unsafe) or must_grow(g)

    # Only the merged group changes per step, so the unsafe set is kept up to date, not rebuilt
    # (rebuilding it over every group per merge was quadratic: minutes for 3,000 areas).
    unsafe = {g for g in groups if is_unsafe(g)}
    while True:
        if not unsafe:
            break
        if len(groups) == 1:
            if forced:
                raise ProtectionError(
                    f"{file}: de koppelingsaudit vraagt verder samenvoegen, maar alle gebieden "
                    "zijn al samengevoegd"
                )
            raise ProtectionError(f"{file}: ook alle gebieden samen zijn te klein om te publiceren")
        g = min(unsafe, key=lambda k: (sums[k][0], label(k)))
        near = {owner[n] for m in groups[g] for n in neighbours[m]} - {g}
        if not near:  # an island: fall back to the nearest other area
            here = shapely.union_all(geoms[groups[g]])
            near = {
                min(
                    (k for k in groups if k != g),
                    key=lambda k: (
                        shapely.distance(here, shapely.union_all(geoms[groups[k]])),
                        label(k),
                    ),
                )
            }
        into = min(near, key=lambda k: (sums[k][0], label(k)))
        keep, gone = min(g, into), max(g, into)
        groups[keep] = groups[keep] + groups.pop(gone)
        sums[keep] = sums[keep] + sums.pop(gone)
        for m in groups[keep]:
            owner[m] = keep
        unsafe.discard(gone)
        if is_unsafe(keep):
            unsafe.add(keep)
        else:
            unsafe.discard(keep)

    rows = []
    membership = []
    for g in sorted(groups, key=label):
        members = sorted(groups[g], key=lambda m: ids[m])
        sub = areas.iloc[members]
        row: dict = {}
        for col in areas.columns:
            if col == areas.geometry.name:
                continue
            if col == area_id_column:
                row[col] = "+".join(ids[m] for m in members)
            elif col in counts or pd.api.types.is_numeric_dtype(areas[col]):
                row[col] = sub[col].sum()
            else:
                row[col] = " + ".join(str(v) for v in sub[col])
        row[areas.geometry.name] = shapely.union_all(geoms[members])
        rows.append(row)
        membership += [
            {"oorspronkelijk_gebied": ids[m], "gepubliceerd_gebied": row[area_id_column]}
            for m in members
        ]
    table = gpd.GeoDataFrame(
        rows, columns=list(areas.columns), geometry=areas.geometry.name, crs=areas.crs
    )
    for col in counts:
        table[col] = pd.array(table[col].to_numpy(), dtype="Int64")
    hidden = _hidden_rows(table, membership, area_id_column, counts, force_hide)
    if hidden:
        numeric = [
            c
            for c in table.columns
            if c != area_id_column
            and c != areas.geometry.name
            and (c in counts or pd.api.types.is_numeric_dtype(table[c]))
        ]
        for col in numeric:
            column = table[col].astype("Float64" if col not in counts else "Int64")
            column.iloc[hidden] = pd.NA
            table[col] = column
    total = {col: int(values[:, c].sum()) for c, col in enumerate(counts)}

    check = pd.DataFrame(table[[area_id_column, *counts]])
    check[_PARENT] = TOTAL_ID
    total_row = {area_id_column: TOTAL_ID, **total, _PARENT: None}
    check = pd.concat([pd.DataFrame([total_row]), check], ignore_index=True)
    audit = audit_suppression(
        check,
        region=RegionHierarchySpec(code_column=area_id_column, parent_column=_PARENT),
        counts=counts,
        relations=list(relations),
        threshold=threshold,
        zeros_unsafe=zeros_unsafe,
        file=file,
    )
    return MergeResult(
        table=table,
        membership=pd.DataFrame(membership),
        total=total,
        audit=audit,
        threshold=threshold,
        n_original=len(ids),
        hidden=sorted(str(table[area_id_column].iloc[i]) for i in hidden),
    )


def _hidden_rows(table, membership, area_id_column, counts, force_hide) -> list[int]:
    """Rows whose numbers ``force_hide`` hides, and the smallest other row when that is one."""
    if not force_hide:
        return []
    holder = {m["oorspronkelijk_gebied"]: m["gepubliceerd_gebied"] for m in membership}
    keys = table[area_id_column].astype(str).tolist()
    wanted = {holder[next(iter(sorted(group)))] for group in force_hide if group}
    rows = sorted(keys.index(k) for k in wanted)
    if len(rows) == 1 and len(keys) > 1:
        first = pd.to_numeric(table[counts[0]], errors="coerce").to_numpy(dtype=float)
        others = [i for i in range(len(keys)) if i != rows[0]]
        rows.append(min(others, key=lambda i: (first[i], keys[i])))
    return sorted(rows)
