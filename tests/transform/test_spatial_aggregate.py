"""Residents per area on a small hand-made example: the per-area sums equal the sums over
addresses."""

from __future__ import annotations

import geopandas as gpd
import pytest
from shapely.geometry import Point, box

from haarlem_opendata.errors import InputError
from haarlem_opendata.spec import DerivedColumn, SpatialAggregateTransform
from haarlem_opendata.transform import apply_transform

RD = "EPSG:28992"


@pytest.fixture
def gebieden() -> gpd.GeoDataFrame:
    gdf = gpd.GeoDataFrame(
        {
            "gemaal_id": ["GML-001", "GML-002", "GML-003"],
            "gemaal_naam": ["Gemaal A", "Gemaal B", "Gemaal C"],
        },
        geometry=[box(0, 0, 100, 100), box(100, 0, 200, 100), box(0, 100, 200, 200)],
        crs=RD,
    )
    gdf.attrs["source_file"] = "gebieden.gpkg"
    return gdf


def adressen(points, bewoners) -> gpd.GeoDataFrame:
    gdf = gpd.GeoDataFrame(
        {"postcode": [f"2011 A{chr(65 + i)}" for i in range(len(points))], "bewoners": bewoners},
        geometry=[Point(p) for p in points],
        crs=RD,
    )
    gdf.attrs["source_file"] = "adressen.gpkg"
    return gdf


TRANSFORM = SpatialAggregateTransform(
    kind="spatial_aggregate",
    points="adressen",
    areas="gebieden",
    area_columns=["gemaal_id", "gemaal_naam"],
    count_as="aantal_adressen",
    sums={"bewoners": "aantal_bewoners"},
    derived=[DerivedColumn(name="dwa_liter_per_uur", from_column="aantal_bewoners", factor=12)],
)


def test_residents_per_area_equal_the_sum_over_addresses(gebieden):
    points = [
        (10, 10),
        (50, 50),
        (90, 20),
        (150, 50),
        (160, 60),
        (100, 50),
    ]  # the last on the A|B edge
    bewoners = [2, 3, 0, 4, 1, 5]
    out = apply_transform(TRANSFORM, {"adressen": adressen(points, bewoners), "gebieden": gebieden})
    assert list(out.columns) == [
        "gemaal_id",
        "gemaal_naam",
        "aantal_adressen",
        "aantal_bewoners",
        "dwa_liter_per_uur",
        "geometry",
    ]
    by_id = out.set_index("gemaal_id")
    # The boundary point goes to exactly one area, the first listed (A).
    assert by_id.loc["GML-001", "aantal_adressen"] == 4
    assert by_id.loc["GML-001", "aantal_bewoners"] == 2 + 3 + 0 + 5
    assert by_id.loc["GML-002", "aantal_adressen"] == 2
    assert by_id.loc["GML-002", "aantal_bewoners"] == 4 + 1
    assert (
        by_id.loc["GML-003", "aantal_adressen"] == 0
        and by_id.loc["GML-003", "aantal_bewoners"] == 0
    )
    assert out["aantal_bewoners"].sum() == sum(bewoners)
    assert out["aantal_adressen"].sum() == len(points)
    assert list(out["dwa_liter_per_uur"]) == [12.0 * v for v in out["aantal_bewoners"]]
    assert out.crs.to_epsg() == 28992 and out.geometry.equals(gebieden.geometry)


def test_point_outside_every_area_names_file_and_row_not_the_address(gebieden):
    points = [(10, 10), (500, 500)]
    with pytest.raises(InputError) as err:
        apply_transform(TRANSFORM, {"adressen": adressen(points, [1, 2]), "gebieden": gebieden})
    assert (err.value.file, err.value.row) == ("adressen.gpkg", 2)
    assert "2011 AB" not in str(err.value) and "500" not in str(err.value)


def test_areas_in_other_crs_are_refused(gebieden):
    with pytest.raises(InputError, match="CRS"):
        apply_transform(
            TRANSFORM,
            {
                "adressen": adressen([(1, 1)], [1]),
                "gebieden": gebieden.set_crs(4326, allow_override=True),
            },
        )


def test_missing_point_column(gebieden):
    pts = adressen([(1, 1)], [1]).rename(columns={"bewoners": "inwoners"})
    with pytest.raises(InputError) as err:
        apply_transform(TRANSFORM, {"adressen": pts, "gebieden": gebieden})
    assert err.value.column == "bewoners" and "inwoners" in str(err.value)


def test_non_numeric_residents_are_not_shown(gebieden):
    pts = adressen([(1, 1), (2, 2)], ["1", "drie"])
    with pytest.raises(InputError) as err:
        apply_transform(TRANSFORM, {"adressen": pts, "gebieden": gebieden})
    assert (err.value.column, err.value.row) == ("bewoners", 2)
    assert "drie" not in str(err.value)
