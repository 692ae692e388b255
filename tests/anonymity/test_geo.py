"""Geography hierarchy: point → grid cell → buurt → wijk → gemeente on handmade polygons."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import box

from haarlem_opendata.errors import InputError
from haarlem_opendata.protect.anonymity import GeoLevels, k_anonymize, verify_anonymity
from haarlem_opendata.spec import GeoSpec

X0, Y0 = 100_000, 480_000


def write_regions(path, wijk_of_bu3="WK2"):
    regions = gpd.GeoDataFrame(
        {
            "buurtcode": ["BU1", "BU2", "BU3"],
            "wijkcode": ["WK1", "WK1", wijk_of_bu3],
            "gemeentecode": ["GM0392"] * 3,
        },
        geometry=[
            box(X0, Y0, X0 + 500, Y0 + 1000),
            box(X0 + 500, Y0, X0 + 1000, Y0 + 500),
            box(X0 + 500, Y0 + 500, X0 + 1000, Y0 + 1000),
        ],
        crs=28992,
    )
    regions.to_file(path, driver="GPKG")
    return path


@pytest.fixture
def melding_points() -> pd.DataFrame:
    # three reports in each buurt, each in its own 100 m cell
    points = [(X0 + 50, Y0 + 50), (X0 + 250, Y0 + 450), (X0 + 450, Y0 + 950)]
    points += [(X0 + 550, Y0 + 50), (X0 + 750, Y0 + 250), (X0 + 950, Y0 + 450)]
    points += [(X0 + 550, Y0 + 550), (X0 + 750, Y0 + 750), (X0 + 950, Y0 + 950)]
    return pd.DataFrame(
        {"x": [p[0] for p in points], "y": [p[1] for p in points], "categorie": ["afval"] * 9}
    )


def test_geo_generalises_to_buurt_and_replaces_coordinates(tmp_path, melding_points):
    write_regions(tmp_path / "buurten.gpkg")
    spec = GeoSpec(kind="geo", x="x", y="y", grid_sizes=[100], regions="buurten.gpkg")
    result = k_anonymize(
        melding_points, quasi_identifiers={"locatie": spec}, k=3, base_dir=tmp_path
    )
    assert result.levels == {"locatie": 2}
    assert result.level_names == {"locatie": "buurtcode"}
    assert list(result.data.columns) == ["locatie", "categorie"]
    assert result.data["locatie"].astype(str).tolist() == ["BU1"] * 3 + ["BU2"] * 3 + ["BU3"] * 3
    assert verify_anonymity(result.data, quasi_identifier_columns=["locatie"], k=3).passed


def test_geo_grid_cell_labels_and_wijk_level(tmp_path, melding_points):
    write_regions(tmp_path / "buurten.gpkg")
    spec = GeoSpec(kind="geo", x="x", y="y", grid_sizes=[100, 500], regions="buurten.gpkg")
    one = k_anonymize(melding_points, quasi_identifiers={"locatie": spec}, k=1, base_dir=tmp_path)
    assert one.levels == {"locatie": 0}
    # BU1 spans two 500 m cells holding 2 and 1 reports: with one suppression k=2 holds there.
    # Under "loss" the buurt level is still cheaper (the suppressed report costs a full 1), under
    # "precision" (level / height) the 500 m grid wins.
    call = {
        "quasi_identifiers": {"locatie": spec},
        "k": 2,
        "max_suppression": 0.12,
        "base_dir": tmp_path,
    }
    assert k_anonymize(melding_points, **call).level_names == {"locatie": "buurtcode"}
    two = k_anonymize(melding_points, **call, metric="precision")
    assert two.level_names == {"locatie": "grid_500m"}
    assert two.suppressed == 1 and 2 not in two.data.index
    assert two.data["locatie"].astype(str).iloc[0] == f"E{X0}N{Y0}_500m"
    three = k_anonymize(melding_points, quasi_identifiers={"locatie": spec}, k=3, base_dir=tmp_path)
    assert three.level_names == {"locatie": "buurtcode"}
    # six reports lie in wijk WK1, three in WK2
    six = k_anonymize(
        melding_points,
        quasi_identifiers={"locatie": spec},
        k=4,
        max_suppression=0.34,
        base_dir=tmp_path,
    )
    assert six.level_names == {"locatie": "wijkcode"}
    assert six.suppressed == 3
    assert set(six.data["locatie"].astype(str)) == {"WK1"}


def test_regions_per_point_without_grid(tmp_path, melding_points):
    write_regions(tmp_path / "buurten.gpkg")
    spec = GeoSpec(kind="geo", x="x", y="y", grid_sizes=[], regions="buurten.gpkg")
    result = k_anonymize(
        melding_points, quasi_identifiers={"locatie": spec}, k=9, base_dir=tmp_path
    )
    assert result.level_names == {"locatie": "gemeentecode"}
    assert set(result.data["locatie"].astype(str)) == {"GM0392"}


def test_buurt_in_two_wijken_names_file_and_row(tmp_path, melding_points):
    path = write_regions(tmp_path / "buurten.gpkg")
    regions = gpd.read_file(path)
    broken = pd.concat([regions, regions.iloc[[2]].assign(wijkcode="WK9")], ignore_index=True)
    broken.to_file(path, driver="GPKG")
    spec = GeoSpec(kind="geo", x="x", y="y", regions="buurten.gpkg")
    with pytest.raises(InputError) as err:
        k_anonymize(melding_points, quasi_identifiers={"locatie": spec}, k=3, base_dir=tmp_path)
    assert err.value.file == str(path) and err.value.row == 4 and err.value.column == "wijkcode"


def test_missing_coordinate_names_row_not_value(tmp_path, melding_points):
    melding_points.loc[4, "y"] = None
    spec = GeoSpec(kind="geo", x="x", y="y")
    with pytest.raises(InputError) as err:
        k_anonymize(melding_points, quasi_identifiers={"locatie": spec}, k=3, base_dir=tmp_path)
    assert err.value.column == "y" and err.value.row == 5


def test_buurt_is_the_points_own_even_when_a_cell_straddles_the_boundary(tmp_path):
    regions = gpd.read_file(write_regions(tmp_path / "buurten.gpkg"))
    hierarchy = GeoLevels("x", "y", [1000], regions, ["buurtcode", "wijkcode", "gemeentecode"])
    # one 1000 m cell, two buurten, two wijken
    df = pd.DataFrame({"x": [X0 + 480, X0 + 520, X0 + 520], "y": [Y0 + 900, Y0 + 100, Y0 + 900]})
    qi = hierarchy.encode(df, "locatie", "meldingen")

    def at(level):
        return qi.labels(level)[qi.level_maps[level][qi.row_codes]].tolist()

    assert qi.level_names == ["point", "grid_1000m", "buurtcode", "wijkcode", "gemeentecode", "*"]
    assert at(1) == [f"E{X0}N{Y0}_1000m"] * 3
    assert at(2) == ["BU1", "BU2", "BU3"]
    assert at(3) == ["WK1", "WK1", "WK2"]
    refines = qi.refinement()
    assert not refines[1, 2] and refines[0, 2] and refines[2, 3] and refines[1, 4]


def test_point_outside_all_regions_names_row_not_coordinates(tmp_path, melding_points):
    write_regions(tmp_path / "buurten.gpkg")
    melding_points.loc[6, "x"] = X0 + 5000
    spec = GeoSpec(kind="geo", x="x", y="y", regions="buurten.gpkg")
    with pytest.raises(InputError) as err:
        k_anonymize(melding_points, quasi_identifiers={"locatie": spec}, k=3, base_dir=tmp_path)
    assert err.value.row == 7 and "outside" in str(err.value)
    assert str(X0 + 5000) not in str(err.value)
