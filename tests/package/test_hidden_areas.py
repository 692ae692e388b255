"""An area table whose linkage remedy hid some areas' numbers is still a valid, honest package.

The remedy leaves every numeric column of a hidden area empty (the counts and what is derived
from them, like droogweerafvoer). The files must say so the way every suppressed cell does — an
empty CSV cell, ``null`` in GeoJSON — validate with the standard ``frictionless validate``, and
``privacy.md`` must say why.
"""

from __future__ import annotations

import json

import pandas as pd

from haarlem_opendata import stages
from haarlem_opendata.catalog import load_catalog
from haarlem_opendata.package import validate_bundle
from haarlem_opendata.protect.cells import protect_count_table
from haarlem_opendata.protect.summary import ProtectionSummary
from tests.package.helpers import METADATA_DIR, PROJECT_ROOT, build
from tests.standard_tools import assert_frictionless_valid


def test_hidden_area_numbers_are_empty_valid_and_explained(tmp_path, workspace):
    spec = load_catalog(PROJECT_ROOT / "datasets")["rioolbelasting"]
    raws = {s: stages.load_raw(spec, s, settings=workspace) for s in spec.sources}
    source = stages.combine_sources(spec, raws)
    cells = spec.protection.cells
    area = str(source[cells.area_id_column].iloc[0])
    result = protect_count_table(
        source,
        cells,
        metadata_dir=METADATA_DIR,
        file="rioolbelasting",
        force_hide=[frozenset({area})],
    )
    assert result.passed and len(result.hidden) == 2
    table = result.table[[c.name for c in spec.published_columns]]
    numeric = [c.name for c in spec.published_columns if c.type.value in ("integer", "number")]
    assert "dwa_liter_per_uur" in numeric
    bundle = build(spec, table, tmp_path, protection=ProtectionSummary(cells=result.summary()))
    report = validate_bundle(bundle.path)
    assert report.valid, report.errors
    assert_frictionless_valid(bundle.path / "datapackage.json")

    csv = pd.read_csv(bundle.path / "rioolbelasting.csv", dtype=str, keep_default_na=False)
    key = cells.area_id_column
    hidden = csv[csv[key].isin(result.hidden)]
    assert len(hidden) == 2 and (hidden[numeric] == "").all().all()
    assert (csv.loc[~csv[key].isin(result.hidden), numeric] != "").all().all()
    geo = json.loads((bundle.path / "rioolbelasting.geojson").read_text(encoding="utf-8"))
    props = [f["properties"] for f in geo["features"] if f["properties"][key] in result.hidden]
    assert len(props) == 2 and all(p[c] is None for p in props for c in numeric)
    note = (bundle.path / "privacy.md").read_text(encoding="utf-8")
    assert "Van 2 gebieden zijn de aantallen niet gepubliceerd (lege cellen)" in note
