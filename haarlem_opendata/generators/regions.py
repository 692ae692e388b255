"""Approximate wijk and buurt polygons for Haarlem with the real 2017 CBS codes — GENERATED.

The real 2017 geometries come from PDOK (the ``pdok_ogc`` adapter, remote mode); the embedded
default cannot download them, so it ships a seeded stand-in: the real gemeente boundary cut into
Voronoi wijken, each cut again into Voronoi buurten, using the wijk and buurt codes of the CBS
file. Buurten nest exactly inside their wijk and the wijken partition the gemeente, which is all
maps and spatial joins need — but the shapes are NOT the real neighbourhoods.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from haarlem_opendata.generators.geo import (
    RD_NEW,
    gemeente_boundary,
    points_in,
    voronoi_cells,
    write_gpkg,
)
from haarlem_opendata.sources.cbs import read_kwb_csv

SEED = 20170392


def generate(
    cbs: pd.DataFrame, boundary_geojson: Path, seed: int = SEED
) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """(buurten, wijken, gemeente) layers in EPSG:28992 for the regions of a cleaned CBS table."""
    rng = np.random.default_rng(seed)
    gemeente_code = str(cbs.loc[cbs["soort_regio"] == "gemeente", "regio_code"].iloc[0])
    boundary = gemeente_boundary(boundary_geojson, gemeente_code)
    wijk_codes = [str(c) for c in cbs.loc[cbs["soort_regio"] == "wijk", "regio_code"]]
    seeds = points_in(boundary, len(wijk_codes), rng)
    seeds = seeds[np.lexsort((seeds[:, 0], -seeds[:, 1]))]  # wijk 01 in the north
    wijk_geoms = _cells(seeds, boundary)
    buurt_rows = []
    for wijk_code, wijk_geom in zip(wijk_codes, wijk_geoms, strict=True):
        codes = [
            str(c)
            for c in cbs.loc[
                (cbs["soort_regio"] == "buurt") & (cbs["wijk_code"] == wijk_code), "regio_code"
            ]
        ]
        sub = points_in(wijk_geom, len(codes), rng)
        sub = sub[np.lexsort((sub[:, 0], -sub[:, 1]))]
        for code, geom in zip(codes, _cells(sub, wijk_geom), strict=True):
            buurt_rows.append(
                {
                    "buurtcode": code,
                    "wijkcode": wijk_code,
                    "gemeentecode": gemeente_code,
                    "geometry": geom,
                }
            )
    buurten = gpd.GeoDataFrame(buurt_rows, geometry="geometry", crs=RD_NEW)
    wijken = gpd.GeoDataFrame(
        {"wijkcode": wijk_codes, "gemeentecode": gemeente_code}, geometry=wijk_geoms, crs=RD_NEW
    )
    gemeente = gpd.GeoDataFrame({"gemeentecode": [gemeente_code]}, geometry=[boundary], crs=RD_NEW)
    return buurten, wijken, gemeente


def _cells(seeds: np.ndarray, within):
    if len(seeds) == 1:  # Voronoi of one point is empty: the single region is the whole area
        return [within]
    return voronoi_cells(seeds, within)


def write(cbs_csv: Path, boundary_geojson: Path, target: Path, seed: int = SEED) -> Path:
    buurten, wijken, gemeente = generate(read_kwb_csv(cbs_csv), boundary_geojson, seed)
    return write_gpkg(target, {"buurten": buurten, "wijken": wijken, "gemeente": gemeente})
