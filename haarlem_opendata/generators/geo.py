"""Geometry helpers the generators share: the Haarlem boundary, seeded points, Voronoi partitions.

A Voronoi tessellation clipped to a boundary covers it without gaps or overlaps by construction,
which is what catchment areas and approximate buurt polygons need. GeoPackages are written with
a fixed ``OGR_CURRENT_DATE`` so regenerating gives the same bytes.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pyogrio
import shapely
from shapely.geometry import MultiPoint
from shapely.geometry.base import BaseGeometry

RD_NEW = "EPSG:28992"
GPKG_DATE = "2025-01-01T00:00:00Z"  # written into gpkg_contents.last_change


def gemeente_boundary(geojson: Path, statcode: str = "GM0392") -> BaseGeometry:
    """The gemeente polygon from the shipped CBS/PDOK boundaries (WGS84), in RD New."""
    gdf = gpd.read_file(geojson)
    match = gdf[gdf["statcode"] == statcode]
    if match.empty:
        raise ValueError(f"{geojson}: no feature with statcode {statcode!r}")
    geom = match.to_crs(RD_NEW).geometry.iloc[0]
    # Round to the millimetre so platform-specific PROJ digits cannot change the output bytes.
    return shapely.set_precision(geom, 0.001)


def points_in(polygon: BaseGeometry, n: int, rng: np.random.Generator) -> np.ndarray:
    """``n`` uniform random points strictly inside ``polygon`` as an (n, 2) array."""
    minx, miny, maxx, maxy = polygon.bounds
    shapely.prepare(polygon)
    found: list[np.ndarray] = []
    have = 0
    while have < n:
        xy = rng.uniform((minx, miny), (maxx, maxy), size=(max(2 * (n - have), 16), 2))
        inside = xy[shapely.contains_xy(polygon, xy[:, 0], xy[:, 1])]
        found.append(inside)
        have += len(inside)
    return np.round(np.concatenate(found)[:n], 2)


def voronoi_cells(seeds: np.ndarray, boundary: BaseGeometry) -> list[BaseGeometry]:
    """One cell per seed (same order), clipped to ``boundary``: a partition without gaps."""
    envelope = boundary.envelope.buffer(1000)
    cells = shapely.voronoi_polygons(MultiPoint(seeds), extend_to=envelope, ordered=True)
    out = []
    for cell in shapely.get_parts(cells):
        clipped = shapely.set_precision(cell.intersection(boundary), 0.001)
        out.append(clipped)
    return out


def write_gpkg(path: Path, layers: dict[str, gpd.GeoDataFrame]) -> Path:
    """Write layers to a fresh GeoPackage, reproducibly."""
    path.unlink(missing_ok=True)
    pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": GPKG_DATE})
    try:
        for name, gdf in layers.items():
            gdf.to_file(path, layer=name, driver="GPKG", engine="pyogrio")
    finally:
        pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": None})
    return path
