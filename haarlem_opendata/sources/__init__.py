"""Source adapters: turn a spec's source into a DataFrame, from a shipped file or the network.

The embedded default reads local files (``mode="local"``); ``mode="remote"`` uses the source's
``remote`` entry (CBS OData, PDOK OGC API Features) when the spec has one. Every adapter reports
unusable input as :class:`~haarlem_opendata.errors.InputError` naming file, column and row.
The loaded frame carries ``attrs["source_file"]`` so later steps can name the file in errors.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd

from haarlem_opendata.errors import InputError
from haarlem_opendata.spec import ColumnSpec, SourceSpec

__all__ = ["load_source", "select_columns"]


def load_source(
    source: SourceSpec,
    *,
    datasets_dir: Path,
    mode: str = "local",
    columns: list[ColumnSpec] | None = None,
    gemeente: str | None = None,
) -> pd.DataFrame | gpd.GeoDataFrame:
    """Load one source. ``columns`` are the dataset's declared columns, used to type CBS data.

    ``gemeente``: a partition's gemeente; a source with a ``gemeente_column`` keeps only its rows.
    """
    if mode not in ("local", "remote"):
        raise ValueError(f"mode must be 'local' or 'remote', not {mode!r}")
    if source.gemeente_column is None:
        gemeente = None
    if mode == "remote" and source.remote is not None:
        df, where = _load_remote(source, columns)
        cut = False
    else:
        df, where = _load_local(source, Path(datasets_dir), columns, gemeente)
        cut = source.local.adapter == "cbs_kwb_csv"  # cut while read, before cleaning
    if gemeente is not None and not cut:
        df = _keep_gemeente(df, source.gemeente_column, gemeente, where)
    df.attrs["source_file"] = where
    return df


def _load_local(
    source: SourceSpec, datasets_dir: Path, columns: list[ColumnSpec] | None, gemeente: str | None
):
    local = source.local
    path = datasets_dir / local.path
    if local.adapter == "cbs_kwb_csv":
        from haarlem_opendata.sources.cbs import read_kwb_csv

        return read_kwb_csv(path, columns, gemeente=gemeente), str(path)
    from haarlem_opendata.sources.files import read_file

    return read_file(path, layer=local.layer, crs=local.crs), str(path)


def _keep_gemeente(df: pd.DataFrame, column: str | None, gemeente: str, where: str) -> pd.DataFrame:
    """The rows of one gemeente, whatever the adapter (a CBS file is already cut on read)."""
    from haarlem_opendata.sources.cbs import in_gemeente

    if column is None or column not in df.columns:
        raise InputError(where, f"expected column {column!r} is missing", column=column)
    kept = df[in_gemeente(df[column], gemeente).to_numpy()]
    if kept.empty:
        raise InputError(where, f"no rows for gemeente {gemeente}", column=column)
    kept = kept.reset_index(drop=True)
    kept.attrs = dict(df.attrs)
    return kept


def _load_remote(source: SourceSpec, columns: list[ColumnSpec] | None):
    remote = source.remote
    assert remote is not None
    if remote.adapter == "cbs_odata":
        from haarlem_opendata.sources.cbs_odata import read_typed_dataset

        return read_typed_dataset(
            remote.url, remote.table_id, params=remote.params, columns=columns
        ), remote.url
    from haarlem_opendata.sources.pdok import read_features

    return read_features(
        remote.url, remote.collection, params=remote.params, crs=remote.crs
    ), remote.url


def select_columns(df: pd.DataFrame, columns: list[ColumnSpec], file: str | Path) -> pd.DataFrame:
    """Keep the declared, non-derived columns under their published names, in declared order.

    A declared source column that is absent raises :class:`InputError` naming the expected column
    and listing the columns that were found (a renamed column shows up there).
    """
    found = [str(c) for c in df.columns]
    picked = [c for c in columns if not c.derived]
    for col in picked:
        if col.source_name not in df.columns:
            raise InputError(
                file,
                f"expected column {col.source_name!r} is missing; found columns: "
                f"{', '.join(found)}",
                column=col.source_name,
            )
    out = df[[c.source_name for c in picked]].rename(
        columns={c.source_name: c.name for c in picked}
    )
    if isinstance(df, gpd.GeoDataFrame) and df.geometry.name in out.columns:
        renamed = {c.source_name: c.name for c in picked}.get(df.geometry.name, df.geometry.name)
        out = gpd.GeoDataFrame(out, geometry=renamed, crs=df.crs)
    out.attrs = dict(df.attrs)
    return out
