"""Area merging on a handmade grid of polygons: safe, recorded, deterministic, total published."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import box

from haarlem_opendata.errors import ProtectionError
from haarlem_opendata.protect.cells import protect_count_table
from haarlem_opendata.protect.cells.merge import merge_areas
from haarlem_opendata.spec import CellProtectionSpec

# 3 × 3 grid of 100 m squares; the value grid is (row-major, top = y 2):
#   40  3 25
#    6 50  2
#   30 12 45
VALUES = [[30, 12, 45], [6, 50, 2], [40, 3, 25]]  # indexed [y][x]


def _grid() -> gpd.GeoDataFrame:
    rows = []
    for y in range(3):
        for x in range(3):
            n = VALUES[y][x]
            rows.append(
                {
                    "gemaal_id": f"GML-{y}{x}",
                    "gemaal_naam": f"Gemaal {y}{x}",
                    "aantal_bewoners": n,
                    "dwa_liter_per_uur": 12 * n,
                    "geometry": box(x * 100, y * 100, (x + 1) * 100, (y + 1) * 100),
                }
            )
    return gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:28992")


def test_every_published_area_is_safe_and_membership_is_recorded():
    areas = _grid()
    result = merge_areas(
        areas, area_id_column="gemaal_id", counts=["aantal_bewoners"], threshold=10
    )
    assert result.passed
    assert (result.table["aantal_bewoners"] >= 10).all()
    members = result.membership
    assert sorted(members["oorspronkelijk_gebied"]) == sorted(
        areas["gemaal_id"]
    )  # each exactly once
    for pid, group in members.groupby("gepubliceerd_gebied"):
        published = result.table.set_index("gemaal_id").loc[pid]
        original = areas.set_index("gemaal_id").loc[group["oorspronkelijk_gebied"]]
        assert published["aantal_bewoners"] == original["aantal_bewoners"].sum()
        assert published["dwa_liter_per_uur"] == original["dwa_liter_per_uur"].sum()
        # A merged area is contiguous: its members dissolve into a single polygon.
        assert published.geometry.geom_type == "Polygon"
    # Smallest unsafe area first, into its smallest edge neighbour (corners do not count):
    # GML-12 (2) → GML-22 (25); GML-21 (3) → that pair (27); GML-10 (6) → GML-00 (30).
    merged = {
        pid: sorted(g["oorspronkelijk_gebied"]) for pid, g in members.groupby("gepubliceerd_gebied")
    }
    assert merged["GML-12+GML-21+GML-22"] == ["GML-12", "GML-21", "GML-22"]
    assert merged["GML-00+GML-10"] == ["GML-00", "GML-10"]  # 6 joins its smallest neighbour, 30


def test_the_gemeente_total_is_published_and_audited():
    areas = _grid()
    result = merge_areas(
        areas, area_id_column="gemaal_id", counts=["aantal_bewoners"], threshold=10
    )
    meta = result.to_metadata()
    assert meta["gemeentetotaal"]["aantal_bewoners"] == sum(sum(r) for r in VALUES)
    assert meta["audit_geslaagd"] is True and meta["audit"]["n_onveilig_gepubliceerd"] == 0
    assert meta["n_oorspronkelijke_gebieden"] == 9
    assert meta["n_gepubliceerde_gebieden"] == len(result.table)


def test_merging_is_deterministic_whatever_the_input_order():
    areas = _grid()
    first = merge_areas(areas, area_id_column="gemaal_id", counts=["aantal_bewoners"])
    shuffled = areas.sample(frac=1.0, random_state=7).reset_index(drop=True)
    second = merge_areas(shuffled, area_id_column="gemaal_id", counts=["aantal_bewoners"])
    pd.testing.assert_frame_equal(
        first.table.drop(columns="geometry").reset_index(drop=True),
        second.table.drop(columns="geometry").reset_index(drop=True),
    )
    assert first.table.geometry.geom_equals(second.table.geometry).all()


def test_too_small_in_total_is_refused():
    areas = _grid()
    areas["aantal_bewoners"] = 1
    with pytest.raises(ProtectionError):
        merge_areas(areas, area_id_column="gemaal_id", counts=["aantal_bewoners"])


def test_spec_dispatch_merges_geodataframes():
    spec = CellProtectionSpec(
        method="merge_areas", counts=["aantal_bewoners"], threshold=10, area_id_column="gemaal_id"
    )
    result = protect_count_table(_grid(), spec, metadata_dir=".")
    assert "GML-00+GML-10" in set(result.table["gemaal_id"])
    assert result.table.loc[result.table["gemaal_id"] == "GML-00+GML-10", "gemaal_naam"].item() == (
        "Gemaal 00 + Gemaal 10"
    )
