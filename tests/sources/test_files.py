"""Local file adapter and the shared column selection: formats, CRS check, empty files."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import Point, box

from haarlem_opendata.errors import InputError
from haarlem_opendata.sources import load_source, select_columns
from haarlem_opendata.sources.files import read_file
from haarlem_opendata.spec import CitationSpec, ColumnSpec, LocalSourceSpec, SourceSpec

DATASETS = Path(__file__).resolve().parents[2] / "datasets"


def areas(crs: str) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"gebied": ["A", "B"]}, geometry=[box(0, 0, 1, 1), box(1, 0, 2, 1)], crs=crs
    )


def source(path: str, **local) -> SourceSpec:
    return SourceSpec(
        description="test",
        local=LocalSourceSpec(adapter="file", path=path, **local),
        citation=CitationSpec(title="t", publisher="p"),
    )


def test_geopackage_layer_in_declared_crs(tmp_path):
    path = tmp_path / "a.gpkg"
    areas("EPSG:28992").to_file(path, layer="gebieden")
    gdf = read_file(path, layer="gebieden", crs="EPSG:28992")
    assert list(gdf["gebied"]) == ["A", "B"] and gdf.crs.to_epsg() == 28992


def test_geometry_in_wrong_crs_names_file_layer_and_both_crs(tmp_path):
    path = tmp_path / "a.gpkg"
    areas("EPSG:4326").to_file(path, layer="gebieden")
    with pytest.raises(InputError) as err:
        read_file(path, layer="gebieden", crs="EPSG:28992")
    assert err.value.file == str(path)
    assert err.value.column == "gebieden.geometry"
    assert "EPSG:4326" in err.value.message and "EPSG:28992" in err.value.message


def test_geojson_in_wrong_crs(tmp_path):
    path = tmp_path / "a.geojson"
    areas("EPSG:4326").to_file(path)
    with pytest.raises(InputError, match="expected EPSG:28992"):
        read_file(path, crs="EPSG:28992")


def test_missing_layer_lists_found_layers(tmp_path):
    path = tmp_path / "a.gpkg"
    areas("EPSG:28992").to_file(path, layer="gebieden")
    with pytest.raises(InputError) as err:
        read_file(path, layer="buurten")
    assert err.value.column == "buurten" and "gebieden" in str(err.value)


def test_empty_files(tmp_path):
    for name in ("a.parquet", "a.csv", "a.gpkg"):
        (tmp_path / name).write_bytes(b"")
        with pytest.raises(InputError, match="empty") as err:
            read_file(tmp_path / name)
        assert err.value.file == str(tmp_path / name)
    empty_layer = tmp_path / "b.gpkg"
    areas("EPSG:28992").iloc[:0].to_file(empty_layer, layer="gebieden")
    with pytest.raises(InputError, match="no data rows"):
        read_file(empty_layer, layer="gebieden", crs="EPSG:28992")
    header_only = tmp_path / "b.csv"
    header_only.write_text("a,b\n")
    with pytest.raises(InputError, match="no data rows"):
        read_file(header_only)


def test_parquet_and_csv_round_trip(tmp_path):
    frame = pd.DataFrame({"regio_code": ["BU1", "BU2"], "n": pd.array([1, None], dtype="Int64")})
    frame.to_parquet(tmp_path / "a.parquet")
    frame.to_csv(tmp_path / "a.csv", index=False)
    pd.testing.assert_frame_equal(read_file(tmp_path / "a.parquet"), frame)
    from_csv = read_file(tmp_path / "a.csv")
    assert from_csv["n"].dtype == "Int64" and from_csv["n"].isna().sum() == 1


def test_load_source_local_and_remote_fallback():
    spec = source(
        "data/rioolbelasting_bemalingsgebieden.gpkg", layer="bemalingsgebieden", crs="EPSG:28992"
    )
    for mode in ("local", "remote"):  # no remote entry: remote mode reads the local file
        gdf = load_source(spec, datasets_dir=DATASETS, mode=mode)
        assert gdf.attrs["source_file"].endswith("rioolbelasting_bemalingsgebieden.gpkg")
        assert gdf["gemaal_id"].str.match(r"^GML-\d{3}$").all()


def test_select_columns_renames_and_orders():
    df = gpd.GeoDataFrame(
        {"AantalInwoners_5": [1], "regio_code": ["BU1"], "extra": [0]},
        geometry=[Point(0, 0)],
        crs="EPSG:28992",
    )
    columns = [
        ColumnSpec(name="regio_code", type="string", title="t", description="d"),
        ColumnSpec(
            name="aantal_inwoners",
            source="AantalInwoners_5",
            type="integer",
            title="t",
            description="d",
        ),
        ColumnSpec(name="geometry", type="geometry", title="t", description="d"),
        ColumnSpec(name="afgeleid", type="integer", derived=True, title="t", description="d"),
    ]
    out = select_columns(df, columns, "f.csv")
    assert list(out.columns) == ["regio_code", "aantal_inwoners", "geometry"]
    assert isinstance(out, gpd.GeoDataFrame) and out.crs.to_epsg() == 28992


def test_select_columns_missing_names_expected_and_found():
    df = pd.DataFrame({"Inwoners_5": [1], "regio_code": ["BU1"]})
    columns = [
        ColumnSpec(
            name="aantal_inwoners",
            source="AantalInwoners_5",
            type="integer",
            title="t",
            description="d",
        )
    ]
    with pytest.raises(InputError) as err:
        select_columns(df, columns, "kwb.csv")
    assert err.value.file == "kwb.csv" and err.value.column == "AantalInwoners_5"
    assert "Inwoners_5" in str(err.value)
