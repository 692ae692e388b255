"""A corrected buurtcijfers for 2017, through the real stages: the pattern stays, both audited.

Version 1.0.0 is protected and packaged (on disk = public); then one Wmo count is corrected
(one more client in one buurt, and in its wijk and gemeente, so the table still adds up) and the
dataset is protected again. The second version must hide everything the first hid, and an
attacker holding both — every value either version shows, for cells whose value the correction
left alone — must not narrow any primary cell below the protection width.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from haarlem_opendata import stages
from haarlem_opendata.catalog import load_catalog
from haarlem_opendata.checks import required_checks
from haarlem_opendata.protect.cells import audit_suppression


def _table(spec, settings):
    raws = {s: stages.load_raw(spec, s, settings=settings) for s in spec.sources}
    return stages.combine_sources(spec, raws)


def _corrected(table: pd.DataFrame) -> tuple[pd.DataFrame, str]:
    """One more Wmo client (man, 0–64) in the first buurt with clients, up the hierarchy."""
    out = table.copy()
    codes = out["regio_code"].astype(str)
    buurt = codes[codes.str.startswith("BU") & (out["wmo_totaal"] > 20)].iloc[0]
    wijk = "WK" + buurt[2:8]
    gemeente = "GM" + buurt[2:6]
    for code in (buurt, wijk, gemeente):
        for column in ("wmo_totaal", "wmo_man", "wmo_0_64"):
            out.loc[codes == code, column] += 1
    return out, buurt


def _hidden(table: pd.DataFrame, counts: list[str]) -> set[tuple[str, str]]:
    return {
        (code, c)
        for c in counts
        for code in table.loc[pd.to_numeric(table[c], errors="coerce").isna(), "regio_code"]
    }


def test_a_corrected_version_keeps_the_pattern_and_survives_both_versions(workspace):
    spec = load_catalog(workspace.datasets_dir)["buurtcijfers"]
    counts = spec.protection.cells.counts
    first = stages.protect(spec, _table(spec, workspace), settings=workspace)
    assert "versies" not in first.protection.to_dict()  # nothing public yet
    for name in required_checks(spec):
        assert stages.run_and_record_check(spec, name, first, settings=workspace).passed, name
    stages.package(spec, first, run_id="versie-1", settings=workspace)
    earlier = stages.earlier_tables(spec, settings=workspace)
    assert [t.label for t in earlier] == ["buurtcijfers 1.0.0"]

    source, buurt = _corrected(_table(spec, workspace))
    second = stages.protect(spec, source, settings=workspace)
    versions = second.protection.to_dict()["versies"]
    assert versions["getoetst_tegen"] == ["buurtcijfers 1.0.0"] and versions["audit_geslaagd"]
    assert versions["n_verborgen_als_eerder"] == len(_hidden(first.table, counts))
    assert _hidden(first.table, counts) <= _hidden(second.table, counts)
    for name in required_checks(spec):
        assert stages.run_and_record_check(spec, name, second, settings=workspace).passed, name

    # The attacker with both versions: fill in what 1.0.0 showed where the value is unchanged.
    seen = second.table.copy()
    truth = source.set_index("regio_code")
    before = first.table.set_index("regio_code")
    for c in counts:
        now = pd.to_numeric(seen[c], errors="coerce")
        old = pd.to_numeric(before.loc[seen["regio_code"], c], errors="coerce").to_numpy()
        real = truth.loc[seen["regio_code"], c].to_numpy(dtype=float)
        fill = now.isna().to_numpy() & ~np.isnan(old) & (old == real)
        seen[c] = now.where(~fill, old)
    primary = second.internal["primary"][counts]
    report = audit_suppression(
        seen,
        region=spec.protection.cells.region,
        counts=counts,
        relations=spec.protection.cells.relations,
        primary=primary,
        protection_width=spec.protection.cells.width,
    )
    assert report.passed
    assert buurt in set(second.table["regio_code"])
