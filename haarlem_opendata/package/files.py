"""Write a protected table as open-format files with stable bytes.

Identical tables must give identical files, so that a release's hashes say whether anything
changed and publishing stays idempotent. Hence: cells are formatted per the column's declared type
(an integer count stays ``12``, never ``12.0``), missing and suppressed cells are empty fields,
coordinates are rounded, JSON keys keep a fixed order, and the GeoPackage gets a fixed timestamp.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from haarlem_opendata.spec import ColumnSpec, ColumnType

GEOJSON_PRECISION = 7  # decimal degrees: ~1 cm, RFC 7946 §11.2 advises no more
FIXED_GPKG_TIMESTAMP = "2000-01-01T00:00:00Z"


def _is_missing(value: Any) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _datetime_text(value: Any) -> str:
    ts = pd.Timestamp(value)
    if ts.tzinfo is not None:
        return ts.tz_convert("UTC").strftime("%Y-%m-%dT%H:%M:%SZ")
    return ts.strftime("%Y-%m-%dT%H:%M:%S")


def _number_text(value: Any) -> str:
    number = float(value)
    if number.is_integer() and abs(number) < 1e15:
        return str(int(number))
    return repr(number)


def _round_coords(obj: Any) -> Any:
    if isinstance(obj, (list, tuple)):
        return [_round_coords(x) for x in obj]
    if isinstance(obj, float):
        return round(obj, GEOJSON_PRECISION)
    return obj


def geometry_json(geom: Any) -> dict | None:
    """A shapely geometry (already in WGS84) as an RFC 7946 geometry object, rounded."""
    import shapely

    if geom is None or geom.is_empty:
        return None
    oriented = shapely.orient_polygons(geom) if hasattr(shapely, "orient_polygons") else geom
    mapping = shapely.geometry.mapping(oriented)
    return _round_coords_mapping(mapping)


def _round_coords_mapping(mapping: dict) -> dict:
    if mapping["type"] == "GeometryCollection":
        return {
            "type": mapping["type"],
            "geometries": [_round_coords_mapping(g) for g in mapping["geometries"]],
        }
    return {"type": mapping["type"], "coordinates": _round_coords(mapping["coordinates"])}


def cell_text(value: Any, column: ColumnSpec) -> str:
    """One cell as CSV text; missing (incl. suppressed) cells are the empty string."""
    if _is_missing(value):
        return ""
    kind = column.type
    if kind is ColumnType.integer:
        return str(int(value))
    if kind is ColumnType.number:
        return _number_text(value)
    if kind is ColumnType.boolean:
        return "true" if bool(value) else "false"
    if kind is ColumnType.date:
        return (
            value.isoformat()[:10]
            if isinstance(value, (date, datetime))
            else pd.Timestamp(value).date().isoformat()
        )
    if kind is ColumnType.datetime:
        return _datetime_text(value)
    if kind is ColumnType.geometry:
        return json.dumps(geometry_json(value), separators=(",", ":"))
    return str(value)


def wgs84(table: pd.DataFrame) -> pd.DataFrame:
    """The table with its geometry in WGS84 (a plain DataFrame is returned unchanged)."""
    import geopandas as gpd

    if (
        isinstance(table, gpd.GeoDataFrame)
        and table.crs is not None
        and table.crs.to_epsg() != 4326
    ):
        return table.to_crs(4326)
    return table


def text_frame(table: pd.DataFrame, columns: list[ColumnSpec]) -> pd.DataFrame:
    """Every published cell as text, in column order (the CSV's content)."""
    table = wgs84(table)
    return pd.DataFrame(
        {c.name: [cell_text(v, c) for v in table[c.name].tolist()] for c in columns},
        dtype=object,
    )


def write_csv(table: pd.DataFrame, columns: list[ColumnSpec], path: Path) -> None:
    """UTF-8 (no BOM), comma, ``\\n`` line ends, header row; suppressed cells as empty fields."""
    frame = text_frame(table, columns)
    frame.to_csv(path, index=False, encoding="utf-8", lineterminator="\n")


def _arrow_array(values: pd.Series, column: ColumnSpec) -> pa.Array:
    kind = column.type
    mask = [_is_missing(v) for v in values.tolist()]
    items = [None if m else v for v, m in zip(values.tolist(), mask, strict=True)]
    if kind is ColumnType.integer:
        return pa.array([None if v is None else int(v) for v in items], type=pa.int64())
    if kind is ColumnType.number:
        return pa.array([None if v is None else float(v) for v in items], type=pa.float64())
    if kind is ColumnType.boolean:
        return pa.array([None if v is None else bool(v) for v in items], type=pa.bool_())
    if kind is ColumnType.date:
        return pa.array(
            [None if v is None else pd.Timestamp(v).date() for v in items], type=pa.date32()
        )
    if kind is ColumnType.datetime:
        stamps: list[datetime | None] = []
        for v in items:
            if v is None:
                stamps.append(None)
                continue
            ts = pd.Timestamp(v)
            stamps.append(
                (ts.tz_convert("UTC").tz_localize(None) if ts.tzinfo else ts).to_pydatetime()
            )
        return pa.array(stamps, type=pa.timestamp("s"))
    # strings and geometries (as RFC 7946 geometry JSON, like the CSV)
    return pa.array([None if v is None else cell_text(v, column) for v in items], type=pa.string())


def write_parquet(table: pd.DataFrame, columns: list[ColumnSpec], path: Path) -> None:
    """The same table as Parquet with one Arrow type per declared column type.

    Built from Arrow arrays directly (no pandas index metadata, fixed compression) so that the
    bytes depend only on the values.
    """
    table = wgs84(table)
    arrays = [_arrow_array(table[c.name], c) for c in columns]
    arrow = pa.Table.from_arrays(arrays, names=[c.name for c in columns])
    pq.write_table(arrow, path, compression="zstd", write_statistics=True, store_schema=False)


def _feature_value(value: Any, column: ColumnSpec) -> Any:
    if _is_missing(value):
        return None
    if column.type is ColumnType.integer:
        return int(value)
    if column.type is ColumnType.number:
        number = float(value)
        return None if math.isnan(number) else number
    if column.type is ColumnType.boolean:
        return bool(value)
    if isinstance(value, (np.generic,)):
        return value.item()
    if column.type in (ColumnType.date, ColumnType.datetime):
        return cell_text(value, column)
    return str(value)


def write_geojson(
    table: pd.DataFrame, columns: list[ColumnSpec], path: Path, *, id_column: str | None
) -> None:
    """RFC 7946 FeatureCollection: WGS84 lon/lat, right-hand-rule polygons, no ``crs`` member."""
    table = wgs84(table)
    geometry_col = next(c for c in columns if c.type is ColumnType.geometry)
    props = [c for c in columns if c.type is not ColumnType.geometry]
    features = []
    for row in table.itertuples(index=False):
        record = row._asdict()
        feature: dict[str, Any] = {"type": "Feature"}
        if id_column is not None and not _is_missing(record[id_column]):
            feature["id"] = _feature_value(
                record[id_column], next(c for c in columns if c.name == id_column)
            )
        feature["geometry"] = geometry_json(record[geometry_col.name])
        feature["properties"] = {c.name: _feature_value(record[c.name], c) for c in props}
        features.append(feature)
    text = json.dumps(
        {"type": "FeatureCollection", "features": features},
        ensure_ascii=False,
        separators=(",", ":"),
    )
    path.write_text(text + "\n", encoding="utf-8")


@contextmanager
def _gdal_fixed_date() -> Iterator[None]:
    # GDAL's GeoPackage driver stamps gpkg_contents.last_change with the current time unless
    # OGR_CURRENT_DATE is set; a fixed stamp keeps the file's bytes (and hash) reproducible.
    import pyogrio

    previous = pyogrio.get_gdal_config_option("OGR_CURRENT_DATE")
    pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": FIXED_GPKG_TIMESTAMP})
    try:
        yield
    finally:
        pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": previous})


def write_gpkg(table: pd.DataFrame, columns: list[ColumnSpec], path: Path, *, layer: str) -> None:
    """GeoPackage in EPSG:28992 (Rijksdriehoekstelsel), one layer named after the dataset."""
    import geopandas as gpd

    geometry_col = next(c for c in columns if c.type is ColumnType.geometry)
    data = {}
    for c in columns:
        if c.type is ColumnType.geometry:
            continue
        series = table[c.name]
        if c.type is ColumnType.integer:
            series = series.astype("Int64")
        elif c.type is ColumnType.number:
            series = series.astype("float64")
        elif c.type in (ColumnType.date, ColumnType.datetime):
            series = pd.Series([cell_text(v, c) or None for v in series.tolist()], dtype=object)
        data[c.name] = series.reset_index(drop=True)
    geo = gpd.GeoDataFrame(data, geometry=list(table[geometry_col.name]), crs=table.crs)
    geo = geo.to_crs(28992)
    if path.exists():
        path.unlink()
    with _gdal_fixed_date():
        geo.to_file(path, driver="GPKG", layer=layer, engine="pyogrio", SPATIAL_INDEX="NO")
