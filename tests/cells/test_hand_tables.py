"""Hand-checkable tables: the cases a reviewer can verify on paper."""

from __future__ import annotations

import numpy as np
import pandas as pd

from haarlem_opendata.protect.cells import audit_suppression, suppress_cells
from haarlem_opendata.spec import RegionHierarchySpec, Relation

REGION = RegionHierarchySpec(code_column="code", parent_column="ouder")
SEX = [Relation(total="totaal", parts=["man", "vrouw"])]
COUNTS = ["totaal", "man", "vrouw"]


def _hidden(result) -> set[tuple[str, str]]:
    keys = result.table["code"].tolist()
    mask = result.primary[COUNTS] | result.secondary[COUNTS]
    return {(keys[i], c) for c in COUNTS for i in np.flatnonzero(mask[c].to_numpy())}


def test_two_by_two_with_one_small_cell_needs_exactly_three_more():
    # Inner 2×2 (wijk × sex) with margins; W1/man = 3 is the only unsafe cell.
    table = pd.DataFrame(
        {
            "code": ["G", "W1", "W2"],
            "ouder": [None, "G", "G"],
            "totaal": [123, 43, 80],
            "man": [33, 3, 30],
            "vrouw": [90, 40, 50],
        }
    )
    result = suppress_cells(table, region=REGION, counts=COUNTS, relations=SEX)
    assert int(result.primary.to_numpy().sum()) == 1
    assert int(result.secondary.to_numpy().sum()) == 3
    # The only way: the whole inner rectangle; all margins stay published.
    assert _hidden(result) == {("W1", "man"), ("W1", "vrouw"), ("W2", "man"), ("W2", "vrouw")}
    assert result.passed
    row = result.audit.set_index(["key", "column"]).loc[("W1", "man")]
    # man(W1) = G.man - man(W2) and man(W2) ∈ [0, 33]: the attacker only knows [0, 33].
    assert (row["lower"], row["upper"]) == (0.0, 33.0)
    assert row["kind"] == "primary" and row["rule"] == "frequentie"
    assert result.table["man"].dtype == "Int64"
    assert result.table.loc[1, "man"] is pd.NA


def test_wijk_with_a_single_buurt_is_hidden_together_with_it():
    table = pd.DataFrame(
        {
            "code": ["GM0001", "WK000101", "BU00010101", "BU00010102", "WK000102", "BU00010201"],
            "n": [160, 150, 70, 80, 10 + 0, 10],
        }
    )
    table.loc[table["code"] == "WK000102", "n"] = 4
    table.loc[table["code"] == "BU00010201", "n"] = 4
    table.loc[table["code"] == "GM0001", "n"] = 154
    result = suppress_cells(table, region=RegionHierarchySpec(code_column="code"), counts=["n"])
    hidden = set(result.table.loc[result.table["n"].isna(), "code"])
    assert {"WK000102", "BU00010201"} <= hidden  # the wijk row equals its buurt row
    assert result.passed
    assert "GM0001" not in hidden  # the gemeente total survives: WK000101 and a buurt go instead
    prim = result.audit.set_index("key").loc["BU00010201"]
    assert prim["width"] >= 10


def test_column_relation_plus_row_hierarchy_three_dimensional():
    # gemeente ⊃ 2 wijken ⊃ 2 buurten each, × (totaal = man + vrouw = jong + oud).
    codes = [
        "GM0001",
        "WK000101",
        "BU00010101",
        "BU00010102",
        "WK000102",
        "BU00010201",
        "BU00010202",
    ]
    man = {"BU00010101": 4, "BU00010102": 25, "BU00010201": 30, "BU00010202": 22}
    vrouw = {"BU00010101": 31, "BU00010102": 28, "BU00010201": 35, "BU00010202": 40}
    jong = {"BU00010101": 15, "BU00010102": 23, "BU00010201": 41, "BU00010202": 30}
    rows = []
    for code in codes:
        members = (
            [b for b in man if b.startswith("BU" + code[2:])]
            if not code.startswith("BU")
            else [code]
        )
        m, v, j = (sum(d[b] for b in members) for d in (man, vrouw, jong))
        rows.append(
            {"code": code, "totaal": m + v, "man": m, "vrouw": v, "jong": j, "oud": m + v - j}
        )
    table = pd.DataFrame(rows)
    counts = ["totaal", "man", "vrouw", "jong", "oud"]
    relations = [
        Relation(total="totaal", parts=["man", "vrouw"]),
        Relation(total="totaal", parts=["jong", "oud"]),
    ]
    result = suppress_cells(
        table, region=RegionHierarchySpec(code_column="code"), counts=counts, relations=relations
    )
    assert result.passed
    assert int(result.primary.to_numpy().sum()) == 1
    assert int(result.secondary.to_numpy().sum()) >= 3  # at least a rectangle in some 2-D slice
    # The attacker's own view (published values only) agrees with the protection's audit.
    attacker = audit_suppression(
        result.table,
        region=RegionHierarchySpec(code_column="code"),
        counts=counts,
        relations=relations,
        primary=result.primary,
        protection_width=10,
        threshold=10,
    )
    assert attacker.passed
    mine = result.audit.set_index(["key", "column"])[["lower", "upper"]].sort_index()
    theirs = attacker.intervals.set_index(["key", "column"])[["lower", "upper"]].sort_index()
    pd.testing.assert_frame_equal(mine, theirs, atol=1e-6)
    # Every true value lies inside its interval.
    truth = table.set_index("code")
    for (key, col), (lo, hi) in mine.iterrows():
        assert lo - 1e-6 <= truth.loc[key, col] <= hi + 1e-6


def test_linear_protection_alone_is_widened_until_the_interval_is_wide_enough():
    # p = 3 next to a sibling of 12: hiding the pair (linear protection) leaves p ∈ [0, 15] —
    # wide enough; with a sibling of 2 (a primary too) the pair only gives [0, 5] and more must go.
    table = pd.DataFrame(
        {
            "code": ["GM0001", "WK000101", "BU00010101", "BU00010102", "BU00010103"],
            "n": [60, 60, 3, 2, 55],
        }
    )
    result = suppress_cells(table, region=RegionHierarchySpec(code_column="code"), counts=["n"])
    assert result.passed
    prim = result.audit[result.audit["kind"] == "primary"]
    assert set(prim["key"]) == {"BU00010101", "BU00010102"}
    assert (prim["width"] >= 10).all()
    assert "BU00010103" in set(result.audit["key"])  # the big sibling had to go too


def test_metadata_is_json_safe_and_holds_no_cell_values():
    import json

    table = pd.DataFrame(
        {
            "code": ["G", "W1", "W2"],
            "ouder": [None, "G", "G"],
            "totaal": [123, 43, 80],
            "man": [33, 3, 30],
            "vrouw": [90, 40, 50],
        }
    )
    result = suppress_cells(table, region=REGION, counts=COUNTS, relations=SEX)
    meta = result.to_metadata()
    text = json.dumps(meta)
    assert meta["n_primair"] == 1 and meta["n_secundair"] == 3
    assert meta["alle_primaire_intervallen_breed_genoeg"] is True
    assert "lower" not in text and "upper" not in text and "W1" not in text


def test_rows_without_a_region_hierarchy_protect_each_row_on_its_own():
    table = pd.DataFrame({"t": [50, 20], "a": [30, 3], "b": [20, 17]})
    result = suppress_cells(
        table,
        region=None,
        counts=["t", "a", "b"],
        relations=[Relation(total="t", parts=["a", "b"])],
    )
    assert result.passed
    assert result.table.loc[0].tolist() == [50, 30, 20]
    assert result.table.loc[1, ["a", "b"]].isna().all() and result.table.loc[1, "t"] == 20
    prim = result.audit[result.audit["kind"] == "primary"].iloc[0]
    assert (prim["key"], prim["column"], prim["lower"], prim["upper"]) == ("1", "a", 0.0, 20.0)
