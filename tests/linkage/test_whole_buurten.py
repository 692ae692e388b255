"""A merged sewer area that is a union of whole buurten: one more total over the buurt table.

Buurten A … E lie in a row; the buurt table hides B (4 residents) and, as its secondary, D. Area
G1 covers exactly A and B: G1 − A = B. Merging G1 with its neighbour gives A + B + C, still whole
buurten, and B = (G1 + G2) − A − C: merging does not repair it. The remedy merges once and then
hides the numbers of the merged area (and of the smallest other area, because the gemeente total
is published). The independent attacker works on the addresses with scipy's ``linprog``
(``test_linkage_audit._address_attacker``), not on the audit's overlap parts.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import box

from haarlem_opendata.errors import ProtectionError
from haarlem_opendata.protect.cells.merge import merge_areas
from haarlem_opendata.protect.linkage.cells import (
    cells_by_region,
    point_region_codes,
)
from haarlem_opendata.protect.linkage.protect import (
    LinkageInputs,
    compress,
    protect_linked,
)
from haarlem_opendata.protect.linkage.remedies import remedy_for
from haarlem_opendata.spec import CellProtectionSpec
from tests.linkage.test_linkage_audit import CRS, THRESHOLD, _address_attacker, _merge_run, _points
from tests.linkage.test_linkage_audit import _inputs as linkage_inputs

RESIDENTS = {"A": 50, "B": 4, "C": 60, "D": 70, "E": 80}


@pytest.fixture
def row_of_buurten():
    rng = np.random.default_rng(42)
    blocks = [((100 * i, 0, 100 * (i + 1), 100), 12, n) for i, n in enumerate(RESIDENTS.values())]
    points = _points(blocks, rng)
    codes = [f"BU0{i + 1}" for i in range(len(RESIDENTS))]
    buurten = gpd.GeoDataFrame(
        {"buurtcode": codes, "wijkcode": ["WK1"] * 5, "gemeentecode": ["GM1"] * 5},
        geometry=[box(100 * i, 0, 100 * (i + 1), 100) for i in range(5)],
        crs=CRS,
    )
    # the sewer areas: G1 = A + B (whole buurten), G2 = C, G3 = D, G4 = E
    areas = gpd.GeoDataFrame(
        {
            "gemaal_id": ["G1", "G2", "G3", "G4"],
            "gemaal_naam": ["Gemaal Een", "Gemaal Twee", "Gemaal Drie", "Gemaal Vier"],
        },
        geometry=[box(0, 0, 200, 100), box(200, 0, 300, 100), box(300, 0, 400, 100)]
        + [box(400, 0, 500, 100)],
        crs=CRS,
    )
    areas["aantal_bewoners"] = [
        int(points.loc[points.within(g), "bewoners"].sum()) for g in areas.geometry
    ]
    areas["dwa_liter_per_uur"] = areas["aantal_bewoners"] * 12.0
    total = sum(RESIDENTS.values())
    buurt_table = pd.DataFrame(
        {
            "regio_code": ["GM1", "WK1", *codes],
            "aantal_inwoners": [total, total, 50, np.nan, 60, np.nan, 80],
        }
    )
    region_codes = point_region_codes(
        points.geometry, buurten, ["buurtcode", "wijkcode", "gemeentecode"]
    )
    return points, buurten, areas, buurt_table, region_codes


def _inputs(world) -> LinkageInputs:
    points, _, _, buurt_table, codes = world
    buurt_set = cells_by_region(
        buurt_table,
        codes,
        publication="buurtcijfers 1.0.0",
        code_column="regio_code",
        column="aantal_inwoners",
    )
    return linkage_inputs(world, buurt_set)


def _b_interval(world, table) -> tuple[float, float]:
    points, buurten, _, buurt_table, _ = world
    geoms = {"GM1": box(0, 0, 500, 100), "WK1": box(0, 0, 500, 100)}
    geoms |= dict(zip(buurten["buurtcode"], buurten.geometry, strict=True))
    in_b = ((points.geometry.x > 100) & (points.geometry.x < 200)).to_numpy()
    return _address_attacker(
        points,
        [
            (list(table.geometry), list(table["aantal_bewoners"].astype("Float64").astype(float))),
            (
                [geoms[c] for c in buurt_table["regio_code"]],
                list(buurt_table["aantal_inwoners"].astype(float)),
            ),
        ],
        in_b,
    )


SPEC = CellProtectionSpec(
    method="merge_areas",
    counts=["aantal_bewoners"],
    threshold=THRESHOLD,
    area_id_column="gemaal_id",
)


def test_merging_cannot_repair_a_union_of_whole_buurten_and_the_attacker_agrees(row_of_buurten):
    world = row_of_buurten
    run = _merge_run(world[2])
    inputs = _inputs(world)
    alone = run([])
    assert alone.passed and len(alone.table) == 4  # nothing under 10: nothing merged
    assert not inputs.audit(alone.table).passed
    assert _b_interval(world, alone.table) == pytest.approx((4, 4))
    # merged further, the area is A + B + C: still whole buurten, still B exactly
    merged = run([frozenset({"G1"})])
    assert "G1+G2" in set(merged.table["gemaal_id"])
    assert not inputs.audit(merged.table).passed
    assert _b_interval(world, merged.table) == pytest.approx((4, 4))


def test_the_remedy_hides_the_merged_area_and_the_pair_is_safe(row_of_buurten):
    world = row_of_buurten
    inputs = _inputs(world)
    result, reports, rounds = protect_linked(
        "rioolbelasting", [inputs], _merge_run(world[2]), remedy=remedy_for(SPEC), max_rounds=5
    )
    assert reports[0].passed and rounds == 3  # merge, then hide
    assert result.hidden == ["G1+G2", "G3"]  # the area, and the smallest other one
    table = result.table.set_index("gemaal_id")
    assert table.loc[["G1+G2", "G3"], ["aantal_bewoners", "dwa_liter_per_uur"]].isna().all().all()
    assert table.loc["G4", "aantal_bewoners"] == 80 and table.loc["G4", "dwa_liter_per_uur"] == 960
    assert result.passed  # the table's own audit, with the gemeente total
    assert result.summary().to_dict()["afgeschermde_gebieden"] == ["G1+G2", "G3"]

    lo, hi = _b_interval(world, result.table)
    assert hi - lo >= THRESHOLD
    # the blocking check's system re-audits the published table with the hidden areas
    assert compress(result.table, inputs).audit_published(result.table).passed


def test_one_hidden_area_alone_would_be_the_total_minus_the_rest(row_of_buurten):
    areas = row_of_buurten[2]
    result = merge_areas(
        areas,
        area_id_column="gemaal_id",
        counts=["aantal_bewoners"],
        threshold=THRESHOLD,
        force_hide=[frozenset({"G4"})],
    )
    assert result.hidden == ["G1", "G4"]  # G1 (54) is the smallest other area
    assert result.passed


def test_without_a_remedy_the_error_names_both_tables(row_of_buurten):
    world = row_of_buurten
    with pytest.raises(ProtectionError, match="rioolbelasting .*buurtcijfers 1.0.0"):
        protect_linked(
            "rioolbelasting", [_inputs(world)], _merge_run(world[2]), remedy=None, max_rounds=1
        )


def test_privacy_note_says_which_areas_have_no_numbers_and_why(row_of_buurten):
    from haarlem_opendata.catalog import load_catalog
    from haarlem_opendata.package.privacy_note import privacy_note
    from haarlem_opendata.protect.summary import ProtectionSummary
    from tests.conftest import PROJECT_ROOT

    spec = load_catalog(PROJECT_ROOT / "datasets")["rioolbelasting"]
    world = row_of_buurten
    result, _, _ = protect_linked(
        "rioolbelasting",
        [_inputs(world)],
        _merge_run(world[2]),
        remedy=remedy_for(SPEC),
        max_rounds=5,
    )
    note = privacy_note(
        spec,
        ProtectionSummary(cells=result.summary()),
        pii=None,
        version="1.1.0",
        contact_email="opendata@haarlem.nl",
        checks=[],
    )
    assert "Van 2 gebieden zijn de aantallen niet gepubliceerd (lege cellen)" in note
    plain = privacy_note(
        spec,
        ProtectionSummary(cells=_merge_run(world[2])([]).summary()),
        pii=None,
        version="1.0.0",
        contact_email="opendata@haarlem.nl",
        checks=[],
    )
    assert "niet gepubliceerd (lege cellen)" not in plain
