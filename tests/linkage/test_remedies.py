"""The remedies a suppression table gets against linking: hide more cells; keep a pattern stable.

Independent checks: the sliver case is attacked on the addresses with scipy's ``linprog`` (as in
``test_linkage_audit``); the version cases by an LP written out here from the tables themselves —
the attacker takes every value some version published and the relations — not the project's model.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.optimize import linprog

from haarlem_opendata.errors import ProtectionError
from haarlem_opendata.protect.cells import audit_suppression, suppress_cells
from haarlem_opendata.protect.cells.versions import (
    EarlierTable,
    audit_with_earlier,
    known_cells,
    stable_pattern,
    version_error,
)
from haarlem_opendata.protect.linkage.cells import cells_by_geometry
from haarlem_opendata.protect.linkage.protect import Geography, LinkageInputs, protect_linked
from haarlem_opendata.protect.linkage.remedies import remedy_for
from haarlem_opendata.spec import CellProtectionSpec, RegionHierarchySpec
from tests.linkage.test_linkage_audit import THRESHOLD, _address_attacker, _buurt_polygons, world

__all__ = ["world"]  # the fixture, re-used

REGION = RegionHierarchySpec(code_column="regio_code", parent_column="ouder")


def _buurt_spec(counts=("aantal_inwoners",)) -> CellProtectionSpec:
    return CellProtectionSpec(
        method="suppression", counts=list(counts), threshold=THRESHOLD, region=REGION
    )


def _suppress_run(table, spec):
    def run(force):
        return suppress_cells(
            table,
            region=spec.region,
            counts=spec.counts,
            threshold=spec.threshold,
            force_hidden={item: float(spec.width) for item in force} or None,
        )

    return run


def test_the_buurt_table_hides_the_buurt_an_attacker_subtracts_from_the_area(world):
    """The area table is public (1.0.0); the buurt table comes next and suppresses its counts."""
    points, buurten, areas, buurt_table, codes = world
    table = buurt_table.assign(ouder=["", "GM1", "WK1", "WK1", "WK1"])
    area_set = cells_by_geometry(
        areas,
        points.geometry,
        publication="rioolbelasting 1.0.0",
        key_column="gemaal_id",
        column="aantal_bewoners",
    )
    inputs = LinkageInputs(
        population="inwoners op 2017-01-01",
        column="aantal_inwoners",
        publication="buurtcijfers (nieuw)",
        threshold=THRESHOLD,
        points=points.geometry,
        weights=points["bewoners"].to_numpy(),
        geography=Geography(key_column="regio_code", codes=codes),
        others=[area_set],
        linked=[("rioolbelasting", "Rioolbelasting")],
    )
    spec = _buurt_spec()
    run = _suppress_run(table, spec)
    assert not run([]).secondary.to_numpy().any()  # alone, nothing in it is small
    with pytest.raises(ProtectionError, match="BU02 ∩ G1"):
        protect_linked("buurtcijfers", [inputs], run, remedy=None, max_rounds=1)

    result, reports, rounds = protect_linked(
        "buurtcijfers", [inputs], run, remedy=remedy_for(spec), max_rounds=5
    )
    assert reports[0].passed and rounds == 2
    hidden = set(result.table.loc[result.table["aantal_inwoners"].isna(), "regio_code"])
    assert {"BU01", "BU02"} <= hidden  # A (subtracted from area 1) and B (holding the sliver)
    assert {"GM1", "WK1"}.isdisjoint(hidden)  # the totals stay

    # The table on its own still passes the standard audit ...
    audit = audit_suppression(
        result.table, region=REGION, counts=["aantal_inwoners"], protection_width=THRESHOLD
    )
    assert audit.passed
    # ... and on the addresses, the sliver is no longer pinned.
    sliver = ((points.geometry.x > 100) & (points.geometry.x < 110)).to_numpy()
    lo, hi = _address_attacker(
        points,
        [
            (list(areas.geometry), list(areas["aantal_bewoners"].astype(float))),
            (
                _buurt_polygons(buurten, table),
                [float(v) if pd.notna(v) else np.nan for v in result.table["aantal_inwoners"]],
            ),
        ],
        sliver,
    )
    assert hi - lo >= THRESHOLD


def test_a_rounding_table_has_no_remedy():
    assert remedy_for(CellProtectionSpec(method="rounding", counts=["n"])) is None


# Versions of one period. GM = WK1 + WK2; WK1 = BU1 + BU2; WK2 = BU3 + BU4.
CODES = ["GM", "WK1", "BU1", "BU2", "WK2", "BU3", "BU4"]
PARENT = ["", "GM", "WK1", "WK1", "GM", "WK2", "WK2"]


def _table(bu1, bu2, bu3, bu4) -> pd.DataFrame:
    wk1, wk2 = bu1 + bu2, bu3 + bu4
    return pd.DataFrame(
        {"regio_code": CODES, "ouder": PARENT, "n": [wk1 + wk2, wk1, bu1, bu2, wk2, bu3, bu4]}
    )


def _published(result) -> pd.DataFrame:
    """As the public downloads it: strings, a hidden cell empty."""
    out = result.table.copy()
    out["n"] = [("" if pd.isna(v) else str(int(v))) for v in out["n"]]
    return out.astype(str)


def _protect(table, earlier=()):
    spec = _buurt_spec(counts=["n"])
    forced = stable_pattern(table, list(earlier), spec, "regio_code")
    result = suppress_cells(
        table, region=REGION, counts=["n"], threshold=THRESHOLD, force_hidden=forced or None
    )
    return result, spec, forced


def _attacker_pins(versions: list[pd.DataFrame], truth: pd.DataFrame, target: str) -> float:
    """Width of ``target`` for an attacker holding every version.

    An older value is an equation about today's people only where the correction left it alone.
    """
    now = dict(zip(truth["regio_code"], truth["n"].astype(float), strict=True))
    known: dict[str, float] = {}
    for published in versions:
        for code, value in zip(published["regio_code"], published["n"], strict=True):
            if value != "" and float(value) == now[code]:
                known[code] = float(value)
    index = {c: i for i, c in enumerate(CODES)}
    rows, rhs = [], []
    for parent in ("GM", "WK1", "WK2"):
        row = np.zeros(len(CODES))
        row[index[parent]] = 1
        for code, p in zip(CODES, PARENT, strict=True):
            if p == parent:
                row[index[code]] = -1
        rows.append(row), rhs.append(0.0)
    for code, value in known.items():
        row = np.zeros(len(CODES))
        row[index[code]] = 1
        rows.append(row), rhs.append(value)
    c = np.zeros(len(CODES))
    c[index[target]] = 1
    bounds = [(0, None)] * len(CODES)
    lo = linprog(c, A_eq=rows, b_eq=rhs, bounds=bounds, method="highs")
    hi = linprog(-c, A_eq=rows, b_eq=rhs, bounds=bounds, method="highs")
    assert lo.status == 0 and hi.status in (0, 3)  # 3: unbounded above
    return np.inf if hi.status == 3 else -hi.fun - lo.fun


def test_a_correction_keeps_the_earlier_pattern_and_passes_with_both_versions():
    v1, spec, _ = _protect(_table(3, 20, 30, 40))
    p1 = _published(v1)
    hidden_v1 = set(p1.loc[p1["n"] == "", "regio_code"])
    assert "BU1" in hidden_v1 and len(hidden_v1) >= 2

    corrected = _table(3, 20, 30, 41)  # a late correction to BU4, same period
    earlier = [EarlierTable("t 1.0.0", p1)]
    v2, spec, forced = _protect(corrected, earlier)
    p2 = _published(v2)
    hidden_v2 = set(p2.loc[p2["n"] == "", "regio_code"])
    assert hidden_v1 <= hidden_v2  # the pattern only grows
    assert {k for k, _ in forced} == hidden_v1

    audit = audit_with_earlier(
        corrected,
        v2.table,
        v2.primary,
        earlier,
        spec,
        key_column="regio_code",
        n_stable=len(forced),
        file="t",
    )
    assert audit.passed and audit.to_metadata()["getoetst_tegen"] == ["t 1.0.0"]
    assert _attacker_pins([p1, p2], corrected, "BU1") >= THRESHOLD


@pytest.mark.parametrize("path", ["gauss", "modular"])
def test_a_correction_needing_new_suppressions_avoids_cells_published_before(path, monkeypatch):
    """v1 publishes BU3 and BU4; v2 corrects BU3 to 4. Hiding BU4 (published, unchanged) would
    protect nothing: the naive pattern is caught, the version-aware one hides the totals above —
    also on the sub-table path large tables take."""
    if path == "modular":
        from haarlem_opendata.protect.cells import modular, suppress

        monkeypatch.setattr(suppress, "MAX_DENSE_CELLS", 1)
        monkeypatch.setattr(modular, "MAX_DENSE_CELLS", 1)
    v1, spec, _ = _protect(_table(3, 20, 50, 60))
    p1 = _published(v1)
    assert {"BU3", "BU4"}.isdisjoint(set(p1.loc[p1["n"] == "", "regio_code"]))
    corrected = _table(3, 20, 4, 60)
    earlier = [EarlierTable("t 1.0.0", p1)]

    # Naive: protect version 2 as if it were alone. It passes the standard audit on its own ...
    naive = suppress_cells(corrected, region=REGION, counts=["n"], threshold=THRESHOLD)
    assert naive.passed
    assert "BU4" in set(naive.table.loc[naive.table["n"].isna(), "regio_code"])
    # ... but BU4 was published in 1.0.0 with the same value: with both, BU3 is pinned.
    assert _attacker_pins([p1, _published(naive)], corrected, "BU3") < THRESHOLD
    audit = audit_with_earlier(
        corrected,
        naive.table,
        naive.primary,
        earlier,
        spec,
        key_column="regio_code",
        n_stable=0,
        file="t",
    )
    assert not audit.passed and audit.to_metadata()["n_eerder_gepubliceerd_nu_verborgen"] >= 1
    assert "t 1.0.0" in str(version_error("t", audit))

    # Version-aware: the earlier pattern stays, and the new suppressions are not cells 1.0.0 showed.
    known = known_cells(corrected, earlier, spec, "regio_code")
    assert ("BU4", "n") in known and ("BU3", "n") not in known
    forced = stable_pattern(corrected, earlier, spec, "regio_code")
    v2 = suppress_cells(
        corrected,
        region=REGION,
        counts=["n"],
        threshold=THRESHOLD,
        force_hidden=forced,
        known=known,
    )
    p2 = _published(v2)
    assert p2.set_index("regio_code").loc["BU4", "n"] == "60"
    audit = audit_with_earlier(
        corrected,
        v2.table,
        v2.primary,
        earlier,
        spec,
        key_column="regio_code",
        n_stable=len(forced),
        file="t",
    )
    assert audit.passed
    assert _attacker_pins([p1, p2], corrected, "BU3") >= THRESHOLD
    assert _attacker_pins([p1, p2], corrected, "BU1") >= THRESHOLD
