"""Count points and sum their values per polygon area (e.g. residents per bemalingsgebied).

Addresses are personal data; only the per-area table leaves this step. A point on the boundary
of two areas is assigned once, to the area listed first, so totals never double count. A point in
no area is an input error naming the file and the row, never the address itself.
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd

from haarlem_opendata.errors import InputError


def spatial_aggregate(
    points: gpd.GeoDataFrame,
    areas: gpd.GeoDataFrame,
    *,
    area_columns: list[str],
    count_as: str,
    sums: dict[str, str] | None = None,
    derived: dict[str, tuple[str, float]] | None = None,
) -> gpd.GeoDataFrame:
    """Per area (in ``areas`` order): ``area_columns``, ``count_as``, the sums, derived columns,
    geometry.

    ``sums`` maps a point column to an output column; ``derived`` maps an output column to
    (an output column, factor), e.g. ``{"dwa_liter_per_uur": ("aantal_bewoners", 12)}``.
    """
    sums, derived = sums or {}, derived or {}
    points_file = str(points.attrs.get("source_file", "points"))
    areas_file = str(areas.attrs.get("source_file", "areas"))
    for df, file, needed in ((points, points_file, list(sums)), (areas, areas_file, area_columns)):
        found = [str(c) for c in df.columns]
        for col in needed:
            if col not in df.columns:
                raise InputError(
                    file,
                    f"expected column {col!r} is missing; found columns: {', '.join(found)}",
                    column=col,
                )
    if points.crs is None or areas.crs is None or not points.crs.equals(areas.crs):
        raise InputError(
            points_file,
            f"points are in CRS {points.crs}, areas ({areas_file}) in {areas.crs}",
            column=points.geometry.name,
        )
    pts = gpd.GeoDataFrame(
        {**{c: points[c].to_numpy() for c in sums}, "_row": range(1, len(points) + 1)},
        geometry=points.geometry.to_numpy(),
        crs=points.crs,
    )
    polys = gpd.GeoDataFrame(
        {"_area": range(len(areas))}, geometry=areas.geometry.to_numpy(), crs=areas.crs
    )
    hits = gpd.sjoin(pts, polys, how="left", predicate="intersects")
    hits = hits.sort_values(["_row", "_area"]).drop_duplicates("_row", keep="first")
    outside = hits["_area"].isna()
    if outside.any():
        row = int(hits.loc[outside, "_row"].iloc[0])
        raise InputError(
            points_file,
            f"point lies outside every area of {areas_file}",
            column=points.geometry.name,
            row=row,
        )
    for col in sums:
        values = pd.to_numeric(hits[col], errors="coerce")
        bad = values.isna()
        if bad.any():
            # No value shown: point attributes are personal data (e.g. residents per address).
            raise InputError(
                points_file, "not a number", column=col, row=int(hits.loc[bad, "_row"].iloc[0])
            )
        hits[col] = values
    grouped = hits.groupby("_area")
    counts = grouped.size().reindex(range(len(areas)), fill_value=0)
    out = pd.DataFrame({c: areas[c].to_numpy() for c in area_columns})
    out[count_as] = counts.to_numpy()
    out[count_as] = out[count_as].astype("Int64")
    for col, name in sums.items():
        total = grouped[col].sum().reindex(range(len(areas)), fill_value=0)
        out[name] = total.to_numpy()
        if pd.api.types.is_integer_dtype(points[col].dtype):
            out[name] = out[name].astype("Int64")
    for name, (source, factor) in derived.items():
        out[name] = out[source].astype("Float64") * factor
    return gpd.GeoDataFrame(out, geometry=areas.geometry.to_numpy(), crs=areas.crs)
