"""Published tables as the linkage attacker sees them: per row a value (or hidden) and its points.

Every count the linkage audit looks at is a sum over the register's points (addresses with their
residents): a bemalingsgebied counts the points inside its polygon, a buurt or wijk row the points
inside its buurten. Writing each published row as a set of points is what lets tables on
different geographies — and different versions of one table — be combined into one system.
"""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import scipy.sparse as sp

from haarlem_opendata.errors import InputError


@dataclass
class CellSet:
    """One published count column: a value per row (NaN: suppressed) and the points it counts."""

    publication: str  # what a reader calls it, e.g. "buurtcijfers 1.2.0"
    column: str
    keys: list[str]
    values: np.ndarray
    members: sp.csr_matrix  # rows × register points, 0/1
    candidate: bool = False  # the table about to be published (the others are already public)

    def __post_init__(self) -> None:
        if self.members.shape[0] != len(self.keys) or len(self.values) != len(self.keys):
            raise ValueError(f"{self.publication}: keys, values and members differ in length")


def _values(table: pd.DataFrame, column: str, file: str) -> np.ndarray:
    if column not in table.columns:
        raise InputError(file, "telkolom voor de koppelingsaudit ontbreekt", column=column)
    raw = table[column]
    values = pd.to_numeric(raw.replace("", np.nan), errors="coerce").to_numpy(dtype=float)
    bad = np.isnan(values) & raw.notna().to_numpy() & (raw.astype(str).str.strip() != "").to_numpy()
    if bad.any():
        raise InputError(file, "geen getal", column=column, row=int(np.flatnonzero(bad)[0]) + 1)
    return values


def _matrix(rows: np.ndarray, points: np.ndarray, shape: tuple[int, int]) -> sp.csr_matrix:
    data = np.ones(len(rows), dtype=np.int8)
    members = sp.csr_matrix((data, (rows, points)), shape=shape)
    members.data[:] = 1  # a point counted twice by one row still counts once
    return members


def cells_by_geometry(
    table: gpd.GeoDataFrame,
    points: gpd.GeoSeries,
    *,
    publication: str,
    key_column: str,
    column: str,
    candidate: bool = False,
) -> CellSet:
    """Rows with polygons (bemalingsgebieden): each row counts the points inside it."""
    file = publication
    if not isinstance(table, gpd.GeoDataFrame) or table.crs is None:
        raise InputError(file, "tabel zonder geometrie of coördinatenstelsel", column="geometry")
    polygons = (
        table.geometry.to_crs(points.crs) if not table.crs.equals(points.crs) else table.geometry
    )
    point_idx, row_idx = polygons.sindex.query(points.to_numpy(), predicate="intersects")
    members = _matrix(row_idx, point_idx, (len(table), len(points)))
    return CellSet(
        publication=publication,
        column=column,
        keys=table[key_column].astype(str).tolist(),
        values=_values(table, column, file),
        members=members,
        candidate=candidate,
    )


def point_region_codes(
    points: gpd.GeoSeries, regions: gpd.GeoDataFrame, levels: list[str]
) -> pd.DataFrame:
    """Per point the region code at each level (finest polygons carry their parents' codes)."""
    regions = regions.to_crs(points.crs) if not regions.crs.equals(points.crs) else regions
    point_idx, region_idx = regions.sindex.query(points.to_numpy(), predicate="intersects")
    first = pd.Series(region_idx, index=point_idx).groupby(level=0).min()
    codes = pd.DataFrame(index=range(len(points)), columns=levels, dtype=object)
    for level in levels:
        codes.loc[first.index, level] = regions[level].astype(str).str.strip().to_numpy()[first]
    return codes


def cells_by_region(
    table: pd.DataFrame,
    codes: pd.DataFrame,
    *,
    publication: str,
    code_column: str,
    column: str,
    candidate: bool = False,
) -> CellSet:
    """Region-coded rows (buurt, wijk, gemeente): a row counts the points with its code at any
    level."""
    if code_column not in table.columns:
        raise InputError(publication, "kolom met regiocode ontbreekt", column=code_column)
    keys = table[code_column].astype(str).str.strip().tolist()
    where = {k: i for i, k in enumerate(keys)}
    rows, pts = [], []
    for level in codes.columns:
        row = codes[level].map(where)
        hit = row.notna().to_numpy()
        rows.append(row.to_numpy()[hit].astype(int))
        pts.append(np.flatnonzero(hit))
    members = _matrix(np.concatenate(rows), np.concatenate(pts), (len(keys), len(codes)))
    return CellSet(
        publication=publication,
        column=column,
        keys=keys,
        values=_values(table, column, publication),
        members=members,
        candidate=candidate,
    )
