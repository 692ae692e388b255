"""Property tests: for random tables and relations, the attacker never pins a hidden cell."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from haarlem_opendata.protect.cells import audit_suppression, suppress_cells
from haarlem_opendata.spec import RegionHierarchySpec, Relation


@st.composite
def tables(draw):
    """A gemeente with 1–3 wijken of 1–3 buurten, and a random column layout with relations."""
    seed = draw(st.integers(0, 2**31 - 1))
    rng = np.random.default_rng(seed)
    wijken = draw(st.lists(st.integers(1, 3), min_size=1, max_size=3))
    layout = draw(st.sampled_from(["single", "sex", "sex+age", "two-groups"]))
    zeros_unsafe = draw(st.booleans())
    codes = [f"BU0001{w:02d}{b:02d}" for w, nb in enumerate(wijken) for b in range(nb)]
    n = len(codes)
    scale = draw(st.sampled_from([3, 8, 20]))
    man = rng.poisson(scale, n)
    vrouw = rng.poisson(scale, n)
    jong = rng.binomial(man + vrouw, 0.5)
    other = rng.poisson(scale, n)
    data = {"code": codes}
    if layout == "single":
        data["n"] = other
        relations = []
    else:
        data.update({"totaal": man + vrouw, "man": man, "vrouw": vrouw})
        relations = [Relation(total="totaal", parts=["man", "vrouw"])]
        if layout == "sex+age":
            data.update({"jong": jong, "oud": man + vrouw - jong})
            relations.append(Relation(total="totaal", parts=["jong", "oud"]))
        if layout == "two-groups":
            a = rng.poisson(scale, n)
            data.update({"b_totaal": a + other, "b_x": a, "b_y": other})
            relations.append(Relation(total="b_totaal", parts=["b_x", "b_y"]))
    buurten = pd.DataFrame(data)
    counts = [c for c in buurten.columns if c != "code"]
    buurten["_wijk"] = "WK" + buurten["code"].str[2:8]
    wijk = buurten.groupby("_wijk")[counts].sum().reset_index().rename(columns={"_wijk": "code"})
    gem = pd.DataFrame([{"code": "GM0001", **buurten[counts].sum().to_dict()}])
    table = pd.concat([gem, wijk, buurten.drop(columns="_wijk")], ignore_index=True)
    return table, counts, relations, zeros_unsafe


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables())
def test_after_protection_no_hidden_cell_is_pinned_and_no_published_cell_is_unsafe(case):
    table, counts, relations, zeros_unsafe = case
    region = RegionHierarchySpec(code_column="code")
    result = suppress_cells(
        table, region=region, counts=counts, relations=relations, zeros_unsafe=zeros_unsafe
    )
    assert result.passed
    # The attacker's view, computed independently from the published table alone.
    attacker = audit_suppression(
        result.table,
        region=region,
        counts=counts,
        relations=relations,
        primary=result.primary,
        protection_width=10,
        threshold=10,
        zeros_unsafe=zeros_unsafe,
    )
    assert attacker.passed
    assert not attacker.intervals["exact"].any()
    prim = attacker.intervals[attacker.intervals["kind"] == "primary"]
    assert (prim["width"] >= 10 - 1e-6).all()
    assert attacker.unsafe_published == []
    # Published cells are the true ones; hidden cells' true values lie in their intervals.
    truth = table.set_index("code")
    shown = result.table.set_index("code")
    for col in counts:
        published = shown[col].notna()
        assert (shown.loc[published, col].astype(int) == truth.loc[published, col]).all()
    for _, row in attacker.intervals.iterrows():
        assert row["lower"] - 1e-6 <= truth.loc[row["key"], row["column"]] <= row["upper"] + 1e-6
