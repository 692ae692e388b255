"""The linkage audit on hand-built cases: each table passes alone, together they reveal someone.

The independent attacker here works on the *addresses* (one unknown per address, scipy's
``linprog``), with membership decided by shapely directly — not on the overlap parts the audit
builds — so a mistake in how parts are formed cannot hide itself.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from scipy.optimize import linprog
from shapely.geometry import box

from haarlem_opendata.errors import ProtectionError
from haarlem_opendata.protect.cells.merge import merge_areas
from haarlem_opendata.protect.linkage.audit import audit_linkage
from haarlem_opendata.protect.linkage.cells import (
    CellSet,
    cells_by_geometry,
    cells_by_region,
    point_region_codes,
)
from haarlem_opendata.protect.linkage.protect import (
    Geography,
    LinkageInputs,
    compress,
    protect_linked,
)
from haarlem_opendata.protect.linkage.remedies import area_remedies

CRS = "EPSG:28992"
THRESHOLD = 10


def _points(
    spec: list[tuple[tuple[float, float, float, float], int, int]], rng
) -> gpd.GeoDataFrame:
    """Addresses: (box, n addresses, residents in total) per block, residents spread over them."""
    rows = []
    for (x0, y0, x1, y1), n, residents in spec:
        shares = np.full(n, residents // n)
        shares[: residents - shares.sum()] += 1
        for k in range(n):
            rows.append((rng.uniform(x0 + 1, x1 - 1), rng.uniform(y0 + 1, y1 - 1), int(shares[k])))
    xs, ys, ws = zip(*rows, strict=True)
    return gpd.GeoDataFrame({"bewoners": ws}, geometry=gpd.points_from_xy(xs, ys), crs=CRS)


@pytest.fixture
def world():
    """Buurt A = [0,100]², buurt B = [100,200]×[0,100]. Area 1 = A plus a 10 m strip of B
    holding two addresses (3 residents); area 2 = the rest of B; area 3 = a separate block C."""
    rng = np.random.default_rng(15)
    points = _points(
        [
            ((0, 0, 100, 100), 20, 50),  # buurt A
            ((100, 0, 110, 100), 2, 3),  # the sliver of B inside area 1
            ((110, 0, 200, 100), 25, 57),  # rest of B
            ((200, 0, 300, 100), 30, 70),  # buurt C = area 3
        ],
        rng,
    )
    buurten = gpd.GeoDataFrame(
        {
            "buurtcode": ["BU01", "BU02", "BU03"],
            "wijkcode": ["WK1"] * 3,
            "gemeentecode": ["GM1"] * 3,
        },
        geometry=[box(0, 0, 100, 100), box(100, 0, 200, 100), box(200, 0, 300, 100)],
        crs=CRS,
    )
    areas = gpd.GeoDataFrame(
        {"gemaal_id": ["G1", "G2", "G3"]},
        geometry=[box(0, 0, 110, 100), box(110, 0, 200, 100), box(200, 0, 300, 100)],
        crs=CRS,
    )
    areas["aantal_bewoners"] = [
        int(points.loc[points.within(g), "bewoners"].sum()) for g in areas.geometry
    ]
    buurt_table = pd.DataFrame(
        {
            "regio_code": ["GM1", "WK1", "BU01", "BU02", "BU03"],
            "aantal_inwoners": [180, 180, 50, 60, 70],
        }
    )
    codes = point_region_codes(points.geometry, buurten, ["buurtcode", "wijkcode", "gemeentecode"])
    return points, buurten, areas, buurt_table, codes


def _address_attacker(points, published: list[tuple[list, list[float]]], target_mask):
    """min and max of the residents at ``target_mask`` given published (polygon list, values)."""
    rows, rhs = [], []
    for polygons, values in published:
        for polygon, value in zip(polygons, values, strict=True):
            if value is None or np.isnan(value):
                continue
            rows.append(points.within(polygon).to_numpy().astype(float))
            rhs.append(value)
    A = np.array(rows)
    c = target_mask.astype(float)
    bounds = [(0, None)] * len(points)
    lo = linprog(c, A_eq=A, b_eq=rhs, bounds=bounds, method="highs")
    hi = linprog(-c, A_eq=A, b_eq=rhs, bounds=bounds, method="highs")
    assert lo.status == 0 and hi.status == 0
    return lo.fun, -hi.fun


def _buurt_polygons(buurten, buurt_table):
    geoms = {"GM1": shapely.union_all(buurten.geometry), "WK1": shapely.union_all(buurten.geometry)}
    geoms.update(dict(zip(buurten["buurtcode"], buurten.geometry, strict=True)))
    return [geoms[c] for c in buurt_table["regio_code"]]


def _sets(world, areas_table):
    points, _, _, buurt_table, codes = world
    area_set = cells_by_geometry(
        areas_table,
        points.geometry,
        publication="rioolbelasting (nieuw)",
        key_column="gemaal_id",
        column="aantal_bewoners",
        candidate=True,
    )
    buurt_set = cells_by_region(
        buurt_table,
        codes,
        publication="buurtcijfers 1.0.0",
        code_column="regio_code",
        column="aantal_inwoners",
    )
    return area_set, buurt_set


def test_each_table_passes_alone_but_together_they_reveal_the_sliver(world):
    points, buurten, areas, buurt_table, _ = world
    area_set, buurt_set = _sets(world, areas)
    weights = points["bewoners"].to_numpy()
    assert audit_linkage([area_set], weights, threshold=THRESHOLD).passed
    assert audit_linkage([buurt_set], weights, threshold=THRESHOLD).passed

    together = audit_linkage([area_set, buurt_set], weights, threshold=THRESHOLD)
    assert not together.passed
    (finding,) = together.findings
    assert finding.what == "deel"
    assert finding.label == "G1 ∩ BU02"
    assert set(finding.publications) == {"rioolbelasting (nieuw)", "buurtcijfers 1.0.0"}
    assert together.rows_at_risk["rioolbelasting (nieuw)"] == {"G1"}
    # The report never carries the sliver's value.
    assert "3" not in str(together.to_metadata()["bevindingen"])

    # Independently: on the addresses themselves, the sliver is pinned to exactly 3 residents.
    sliver = (points.geometry.x > 100) & (points.geometry.x < 110)
    lo, hi = _address_attacker(
        points,
        [
            (list(areas.geometry), list(areas["aantal_bewoners"].astype(float))),
            (
                _buurt_polygons(buurten, buurt_table),
                list(buurt_table["aantal_inwoners"].astype(float)),
            ),
        ],
        sliver.to_numpy(),
    )
    assert lo == pytest.approx(3) and hi == pytest.approx(3)


def _inputs(world, buurt_set, *, remedy_points=None) -> LinkageInputs:
    points = world[0]
    return LinkageInputs(
        population="inwoners op 2017-01-01",
        column="aantal_bewoners",
        publication="rioolbelasting (nieuw)",
        threshold=THRESHOLD,
        points=points.geometry,
        weights=points["bewoners"].to_numpy(),
        geography=Geography(key_column="gemaal_id"),
        others=[buurt_set],
        linked=[("buurtcijfers", "Buurtcijfers")],
    )


def _merge_run(areas):
    def run(force):
        merge, hide = area_remedies(force)
        return merge_areas(
            areas,
            area_id_column="gemaal_id",
            counts=["aantal_bewoners"],
            threshold=THRESHOLD,
            force_merge=merge,
            force_hide=hide,
        )

    return run


def _members(result, report, inputs, force=()):
    m = result.membership
    keys = sorted(report.finest_at_risk.get(inputs.publication, ()))
    return [frozenset(m.loc[m["gepubliceerd_gebied"] == k, "oorspronkelijk_gebied"]) for k in keys]


def test_merging_further_makes_the_pair_safe_and_the_attacker_agrees(world):
    points, buurten, areas, buurt_table, _ = world
    _, buurt_set = _sets(world, areas)
    inputs = _inputs(world, buurt_set)
    result, reports, rounds = protect_linked(
        "rioolbelasting", [inputs], _merge_run(areas), remedy=_members, max_rounds=5
    )
    assert rounds == 2 and reports[0].passed
    assert "G1+G2" in set(result.table["gemaal_id"])  # the area with the sliver was merged

    sliver = ((points.geometry.x > 100) & (points.geometry.x < 110)).to_numpy()
    lo, hi = _address_attacker(
        points,
        [
            (list(result.table.geometry), list(result.table["aantal_bewoners"].astype(float))),
            (
                _buurt_polygons(buurten, buurt_table),
                list(buurt_table["aantal_inwoners"].astype(float)),
            ),
        ],
        sliver,
    )
    assert hi - lo >= THRESHOLD

    # The blocking check's system (overlap parts only, no address) re-audits the published table.
    system = compress(result.table, inputs)
    assert len(system.part_weights) < len(points)
    assert system.audit_published(result.table).passed


def test_the_check_fails_on_a_table_that_differs_from_the_audited_one(world):
    _, _, areas, _, _ = world
    _, buurt_set = _sets(world, areas)
    inputs = _inputs(world, buurt_set)
    result, _, _ = protect_linked(
        "rioolbelasting", [inputs], _merge_run(areas), remedy=_members, max_rounds=5
    )
    system = compress(result.table, inputs)
    with pytest.raises(ProtectionError, match="wijken af"):
        system.audit_published(areas)  # the unmerged table: other rows than were audited


def test_without_a_remedy_the_error_names_both_tables_the_overlap_and_the_rule(world):
    _, _, areas, _, _ = world
    _, buurt_set = _sets(world, areas)
    with pytest.raises(ProtectionError) as error:
        protect_linked(
            "rioolbelasting",
            [_inputs(world, buurt_set)],
            lambda force: type("R", (), {"table": areas})(),
            remedy=None,
            max_rounds=1,
        )
    message = str(error.value)
    assert "rioolbelasting (nieuw)" in message and "buurtcijfers 1.0.0" in message
    assert "G1 ∩ BU02" in message and "minimaal 10" in message
    assert "niets wordt gepubliceerd" in message


def _version(label, values, members, candidate=False) -> CellSet:
    return CellSet(
        publication=label,
        column="n",
        keys=["T", "a", "b", "c"],
        values=np.array(values, dtype=float),
        members=members,
        candidate=candidate,
    )


def test_a_corrected_version_with_another_suppression_pattern_is_caught():
    """v1.0 hides a (3) and b; v1.1 — same period — hides a and c. Together: a = T − b − c."""
    import scipy.sparse as sp

    # four "addresses" standing for the three buurten; T is their sum
    weights = np.array([3.0, 25.0, 40.0])
    members = sp.csr_matrix(np.array([[1, 1, 1], [1, 0, 0], [0, 1, 0], [0, 0, 1]]))
    v10 = _version("buurtcijfers 1.0.0", [68, np.nan, np.nan, 40], members)
    v11 = _version("buurtcijfers (nieuwe versie)", [68, np.nan, 25, np.nan], members, True)
    assert audit_linkage([v10], weights, threshold=THRESHOLD).passed
    assert audit_linkage([v11], weights, threshold=THRESHOLD).passed
    report = audit_linkage([v11, v10], weights, threshold=THRESHOLD)
    assert not report.passed
    # the hidden cell a in both versions, and the part behind it
    assert {(f.what, f.label) for f in report.findings} == {
        ("cel", "buurtcijfers (nieuwe versie): a"),
        ("cel", "buurtcijfers 1.0.0: a"),
        ("deel", "a"),
    }

    # Independent: the attacker's LP on the three unknowns with both versions' published cells.
    A = [[1, 1, 1], [0, 0, 1], [0, 1, 0]]
    lo = linprog([1, 0, 0], A_eq=A, b_eq=[68, 40, 25], bounds=[(0, None)] * 3, method="highs")
    assert lo.fun == pytest.approx(3)

    # Republishing with the earlier pattern kept (b hidden again, c published) is consistent.
    kept = _version("buurtcijfers (nieuwe versie)", [68, np.nan, np.nan, 40], members, True)
    assert audit_linkage([kept, v10], weights, threshold=THRESHOLD).passed

    # A version whose values were corrected counted other people: not an equation about these.
    old = _version("buurtcijfers 1.0.0", [69, np.nan, 25, 41], members)
    report = audit_linkage([v11, old], weights, threshold=THRESHOLD)
    assert report.passed and report.n_not_exact == 2
