"""The embedded default: the buurt table and the sewer-area table count one register.

Without the linkage audit, the merged sewer areas next to the buurt table pin small overlap
parts; with it, the pipeline merges further and an independent attacker — parts from a geopandas
overlay of the published polygons, one ``linprog`` per small part — finds nothing.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
from scipy.optimize import linprog

from haarlem_opendata import stages
from haarlem_opendata.catalog import load_catalog
from haarlem_opendata.checks import required_checks, run_check
from haarlem_opendata.protect.cells.merge import merge_areas

THRESHOLD = 10


def _table(spec, settings):
    raws = {s: stages.load_raw(spec, s, settings=settings) for s in spec.sources}
    return stages.combine_sources(spec, raws)


def _pinned_small_parts(areas: gpd.GeoDataFrame, buurt_values: pd.Series, buurten, points) -> int:
    """How many overlap parts with 1–9 residents an attacker pins to an interval < 10."""
    pieces = gpd.overlay(
        areas[["gemaal_id", "geometry"]], buurten[["buurtcode", "geometry"]], how="intersection"
    )
    pieces = pieces[pieces.area > 1e-3].reset_index(drop=True)
    hit = gpd.sjoin(points[["bewoners", "geometry"]], pieces, predicate="within")
    truth = hit.groupby("index_right")["bewoners"].sum().reindex(pieces.index, fill_value=0)
    rows, rhs = [], []
    for gid, value in zip(areas["gemaal_id"], areas["aantal_bewoners"], strict=True):
        rows.append((pieces["gemaal_id"] == gid).to_numpy(float))
        rhs.append(float(value))
    for code, value in buurt_values.items():
        mask = (pieces["buurtcode"] == code).to_numpy()
        if mask.any() and float(truth[mask].sum()) == float(value):  # exact equations only
            rows.append(mask.astype(float))
            rhs.append(float(value))
    A, b = np.array(rows), np.array(rhs)
    pinned = 0
    for j in np.flatnonzero((truth >= 1) & (truth < THRESHOLD)):
        c = np.zeros(len(pieces))
        c[j] = 1
        lo = linprog(c, A_eq=A, b_eq=b, bounds=(0, None), method="highs").fun
        hi = -linprog(-c, A_eq=A, b_eq=b, bounds=(0, None), method="highs").fun
        pinned += hi - lo < THRESHOLD - 1e-9
    return pinned


def test_the_sewer_areas_are_merged_until_no_part_is_revealed(workspace):
    catalog = load_catalog(workspace.datasets_dir)
    buurt_spec, riool_spec = catalog["buurtcijfers"], catalog["rioolbelasting"]

    buurt = stages.protect(buurt_spec, _table(buurt_spec, workspace), settings=workspace)
    for name in required_checks(buurt_spec):
        assert stages.run_and_record_check(buurt_spec, name, buurt, settings=workspace).passed, name
    # now on disk: what the public sees
    stages.package(buurt_spec, buurt, run_id="linkage-test", settings=workspace)

    source = _table(riool_spec, workspace)
    points = stages.load_raw(riool_spec, "adressen", settings=workspace)
    buurten = gpd.read_file(
        workspace.datasets_dir / "data/buurten_wijken_haarlem.gpkg", layer="buurten"
    )
    values = buurt.table.set_index("regio_code")["aantal_inwoners"]
    values = values[values.index.str.startswith("BU")]

    # The risk is real: merging only what is small on its own leaves parts an attacker pins.
    plain = merge_areas(
        source,
        area_id_column="gemaal_id",
        counts=["aantal_adressen", "aantal_bewoners"],
        threshold=THRESHOLD,
    )
    assert _pinned_small_parts(plain.table, values, buurten, points) >= 1

    protected = stages.protect(riool_spec, source, settings=workspace)
    linkage = protected.protection.to_dict()["linkage"]
    assert linkage["rondes"] >= 2
    assert len(protected.table) < len(plain.table)
    inwoners = next(a for a in linkage["audits"] if a["populatie"].startswith("inwoners"))
    assert any(p.startswith("buurtcijfers ") for p in inwoners["getoetst_tegen"])
    assert inwoners["audit_geslaagd"] and inwoners["n_delen"] > 100
    assert run_check("linkage_audit", riool_spec, protected).passed
    for name in required_checks(riool_spec):
        outcome = stages.run_and_record_check(riool_spec, name, protected, settings=workspace)
        assert outcome.passed, name
    assert (
        _pinned_small_parts(
            gpd.GeoDataFrame(protected.table, geometry="geometry", crs=source.crs),
            values,
            buurten,
            points,
        )
        == 0
    )

    # The public note names the other publication in one plain sentence.
    bundle = stages.package(riool_spec, protected, run_id="linkage-test", settings=workspace)
    note = (bundle.path / "privacy.md").read_text(encoding="utf-8")
    assert "samen met *Buurtcijfers Haarlem 2017*" in note
    # ...and nothing of the register leaves the raw stage: no address id, no postcode.
    published = (bundle.path / "rioolbelasting.csv").read_text(encoding="utf-8")
    header = published.splitlines()[0].split(",")
    assert "ADR-" not in published
    assert not {"adres_id", "postcode", "huisnummer", "bewoners"} & set(header)
