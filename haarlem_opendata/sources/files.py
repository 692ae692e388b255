"""Local files: Parquet, CSV, GeoPackage and GeoJSON, with the geodata's CRS checked.

Geodata in the wrong coordinate system joins silently to nothing (or to the wrong polygon), so a
file whose CRS differs from the one the spec declares is refused rather than reprojected.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pyogrio
from pyproj import CRS

from haarlem_opendata.errors import InputError

GEO_SUFFIXES = {".gpkg", ".geojson", ".json", ".shp", ".fgb"}


def read_file(
    path: str | Path, *, layer: str | None = None, crs: str | None = None
) -> pd.DataFrame | gpd.GeoDataFrame:
    """Read a local table or geodata layer; geodata must be in ``crs`` when one is declared."""
    path = Path(path)
    if not path.is_file():
        raise InputError(path, "file not found")
    if path.stat().st_size == 0:
        raise InputError(path, "the file is empty")
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        df = _read_parquet(path)
    elif suffix == ".csv":
        try:
            df = pd.read_csv(path, encoding="utf-8-sig", dtype_backend="numpy_nullable")
        except pd.errors.EmptyDataError:
            raise InputError(path, "the file is empty") from None
    elif suffix in GEO_SUFFIXES:
        df = _read_geo(path, layer)
    else:
        raise InputError(path, f"unsupported file type {suffix!r}")
    if len(df) == 0:
        raise InputError(
            path, "the file has no data rows" + (f" in layer {layer!r}" if layer else "")
        )
    if isinstance(df, gpd.GeoDataFrame) and crs is not None:
        check_crs(df, crs, path, layer)
    return df


def _read_parquet(path: Path) -> pd.DataFrame:
    """Parquet, or GeoParquet (a ``geo`` key in the file metadata) as a GeoDataFrame."""
    try:
        metadata = pq.read_schema(path).metadata or {}
        if b"geo" in metadata:
            return gpd.read_parquet(path)
        return pd.read_parquet(path)
    except (pa.ArrowException, OSError) as exc:
        raise InputError(path, f"not a readable Parquet file ({type(exc).__name__})") from None


def _read_geo(path: Path, layer: str | None) -> gpd.GeoDataFrame:
    if layer is not None:
        layers = [name for name, _ in pyogrio.list_layers(path)]
        if layer not in layers:
            raise InputError(
                path,
                f"expected layer {layer!r} is missing; found layers: {', '.join(layers)}",
                column=layer,
            )
    try:
        return gpd.read_file(path, layer=layer)
    except pyogrio.errors.DataSourceError as exc:
        raise InputError(path, f"not readable geodata ({exc.__class__.__name__})") from None


def check_crs(gdf: gpd.GeoDataFrame, expected: str, file: str | Path, layer: str | None) -> None:
    """Refuse geodata whose CRS is not the declared one, naming file, layer/column and both CRSs."""
    where = f"{layer}.{gdf.geometry.name}" if layer else gdf.geometry.name
    want = CRS.from_user_input(expected)
    if gdf.crs is None:
        raise InputError(file, f"geometry has no CRS; expected {expected}", column=where)
    if not CRS.from_user_input(gdf.crs).equals(want, ignore_axis_order=True):
        found = gdf.crs.to_string()
        raise InputError(file, f"geometry is in CRS {found}, expected {expected}", column=where)
