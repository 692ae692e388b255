"""Every dataset on the embedded default becomes a valid, complete, FAIR data package."""

from __future__ import annotations

import hashlib
import json

import pandas as pd
import pytest

from haarlem_opendata import stages
from haarlem_opendata.catalog import load_catalog
from haarlem_opendata.fair import fair_score
from haarlem_opendata.fair.specs import looks_english
from haarlem_opendata.package import validate_bundle
from haarlem_opendata.package.tableschema import SUPPRESSED_NOTE
from tests.package.golden import expected_hashes, file_hashes
from tests.package.helpers import METADATA_DIR, PROJECT_ROOT, build

CATALOG = load_catalog(PROJECT_ROOT / "datasets")


@pytest.mark.parametrize("name", sorted(CATALOG))
def test_embedded_default_package_validates(name, tmp_path, workspace):
    spec = CATALOG[name]
    raws = {source: stages.load_raw(spec, source, settings=workspace) for source in spec.sources}
    protected = stages.protect(spec, stages.combine_sources(spec, raws), settings=workspace)
    checks = [{"name": n, "passed": True, "metadata": {}} for n in stages.required_checks(spec)]
    bundle = build(
        spec,
        protected.table,
        tmp_path,
        protection=protected.protection,
        checks=checks,
        count_tables=protected.count_tables,
    )

    report = validate_bundle(bundle.path)
    assert report.valid, report.errors
    package = json.loads((bundle.path / "datapackage.json").read_text())
    for resource in package["resources"]:
        data = (bundle.path / resource["path"]).read_bytes()
        # the standard reader cannot count a Parquet file's bytes, so none are declared for it
        assert resource.get("bytes", len(data)) == len(data)
        assert ("bytes" in resource) == (resource["format"] != "parquet")
        assert resource["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()

    schema = package["resources"][0]["schema"]
    assert schema["missingValues"] == [""]
    for field in schema["fields"]:
        assert field["description"].strip() and not looks_english(field["description"]), field[
            "name"
        ]
    csv = pd.read_csv(bundle.path / f"{name}.csv", dtype=str, keep_default_na=False)
    assert len(csv) == len(protected.table)
    fields = {f["name"]: f for f in schema["fields"]}
    for column in [c for c in protected.table.columns if c != "geometry"]:  # geometry: GeoJSON/GPKG
        empty = int((csv[column] == "").sum())
        assert empty == int(protected.table[column].isna().sum()), column
        if spec.protection.cells is not None and column in spec.protection.cells.counts:
            assert SUPPRESSED_NOTE in fields[column]["description"]
    assert fair_score(package, bundle_dir=bundle.path, metadata_dir=METADATA_DIR).failed == []
    assert file_hashes(bundle.path) == expected_hashes(name)  # the published bytes, unchanged


def test_a_count_table_missing_from_the_protected_output_is_refused(tmp_path, workspace):
    from haarlem_opendata.errors import ProtectionError

    spec = CATALOG["meldingen"]
    raws = {source: stages.load_raw(spec, source, settings=workspace) for source in spec.sources}
    protected = stages.protect(spec, stages.combine_sources(spec, raws), settings=workspace)
    with pytest.raises(ProtectionError, match="per-buurt-maand"):
        build(spec, protected.table, tmp_path, protection=protected.protection, checks=[])
    assert not any(tmp_path.rglob("*.csv"))
