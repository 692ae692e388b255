"""The release bundle: files, descriptor, validation, hashes and stable bytes."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from types import SimpleNamespace

import geopandas as gpd
import pandas as pd
import pyarrow.parquet as pq
import pytest
import shapely
import shapely.affinity
from shapely.geometry import shape

from haarlem_opendata.errors import ProtectionError
from haarlem_opendata.package import record_bundle_check, validate_bundle
from haarlem_opendata.package.tableschema import SUPPRESSED_NOTE
from tests.package.helpers import build, counts_spec, counts_table, geo_spec, geo_table


def sha256(path) -> str:
    return "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()


def test_count_table_bundle_is_complete_and_valid(tmp_path):
    bundle = build(counts_spec(), counts_table(), tmp_path)
    assert bundle.path == tmp_path / "1.0.0"
    names = sorted(p.name for p in bundle.path.iterdir())
    assert names == [
        "checks.json",
        "datapackage.json",
        "dcat.jsonld",
        "privacy.md",
        "regio-indeling.csv",
        "verwerkingsregister.json",
        "verwerkingsregister.md",
        "wijkcijfers.csv",
        "wijkcijfers.parquet",
    ]
    report = validate_bundle(bundle.path)
    assert report.valid, report.errors
    assert {r["name"]: r["rows"] for r in report.resources} == {
        "wijkcijfers": 4,
        "wijkcijfers-parquet": 4,
        "regio-indeling": 4,
    }
    package = json.loads((bundle.path / "datapackage.json").read_text())
    assert package == bundle.package
    assert package["$schema"] == "https://datapackage.org/profiles/2.0/datapackage.json"
    assert package["id"] == "https://data.haarlem.nl/id/dataset/wijkcijfers"
    assert package["version"] == "1.0.0"
    assert package["licenses"][0]["name"] == "CC-BY-4.0"
    publisher = next(c for c in package["contributors"] if "publisher" in c["roles"])
    assert publisher["path"] == "https://identifier.overheid.nl/tooi/id/gemeente/gm0392"
    contact = next(c for c in package["contributors"] if "contact" in c["roles"])
    assert contact["email"] == "opendata@haarlem.nl"
    assert package["theme"]["uri"] == "http://standaarden.overheid.nl/owms/terms/Zorg_en_gezondheid"
    assert package["temporal"] == {"start": "2017-01-01", "end": "2017-12-31"}
    assert package["spatial"]["code"] == "GM0392"
    assert package["generated"] is True and package["provenance"]["generated"] is True
    assert package["provenance"]["run"]["dagster_run_id"] == "run-0001"
    assert package["provenance"]["pipeline"]["git_commit"] == "0123456789abcdef"
    assert {s["tableId"] for s in package["sources"] if "tableId" in s} == {"83765NED"}
    assert "cells" in package["privacy"] and "anonymity" not in package["privacy"]

    for resource in package["resources"]:
        path = bundle.path / resource["path"]
        assert resource.get("bytes", path.stat().st_size) == path.stat().st_size
        assert ("bytes" in resource) == (resource["format"] != "parquet")
        assert resource["hash"] == sha256(path)
        assert resource["type"] == "table" and resource["mediatype"]
    assert bundle.data_hash == package["resources"][0]["hash"]


def test_table_schema_fields_dutch_units_keys_and_missing_values(tmp_path):
    bundle = build(counts_spec(), counts_table(), tmp_path)
    schema = bundle.package["resources"][0]["schema"]
    fields = {f["name"]: f for f in schema["fields"]}
    assert list(fields) == ["regio_code", "aantal_inwoners", "wmo_totaal", "gemiddeld_inkomen"]
    assert "naam_contactpersoon" not in fields
    for field in fields.values():
        assert field["title"] and field["description"]
    assert fields["aantal_inwoners"]["unit"] == "personen"
    assert fields["wmo_totaal"]["type"] == "integer"
    assert fields["wmo_totaal"]["constraints"] == {"minimum": 0}
    assert SUPPRESSED_NOTE in fields["wmo_totaal"]["description"]
    assert "ontbreekt" in fields["gemiddeld_inkomen"]["description"]
    assert SUPPRESSED_NOTE not in fields["aantal_inwoners"]["description"]
    assert schema["missingValues"] == [""]
    assert schema["primaryKey"] == ["regio_code"]
    assert fields["regio_code"]["constraints"]["required"] is True
    assert schema["foreignKeys"] == [
        {
            "fields": ["regio_code"],
            "reference": {"resource": "regio-indeling", "fields": ["regio_code"]},
        }
    ]
    # suppressed cells are empty fields in CSV and nulls in Parquet
    csv = pd.read_csv(bundle.path / "wijkcijfers.csv", dtype=str, keep_default_na=False)
    assert csv["wmo_totaal"].tolist() == ["4210", "380", "", ""]
    assert pq.read_table(bundle.path / "wijkcijfers.parquet").column("wmo_totaal").to_pylist() == [
        4210,
        380,
        None,
        None,
    ]
    regions = pd.read_csv(bundle.path / "regio-indeling.csv", dtype=str, keep_default_na=False)
    assert regions.to_dict("list") == {
        "regio_code": ["GM0392", "WK039201", "BU03920101", "BU03920102"],
        "soort_regio": ["gemeente", "wijk", "buurt", "buurt"],
        "ligt_in": ["", "GM0392", "WK039201", "WK039201"],
    }


def test_geodata_bundle_geojson_wgs84_rfc7946_and_gpkg_rd(tmp_path):
    bundle = build(
        geo_spec(),
        geo_table(),
        tmp_path,
        protection={},
        checks=[{"name": "pii_scan", "passed": True}],
    )
    assert validate_bundle(bundle.path).valid
    formats = {r["format"]: r for r in bundle.package["resources"]}
    assert set(formats) == {"csv", "parquet", "geojson", "gpkg"}
    assert formats["geojson"]["mediatype"] == "application/geo+json"
    collection = json.loads((bundle.path / "gebieden.geojson").read_text())
    assert "crs" not in collection
    assert [f["id"] for f in collection["features"]] == ["GML-001", "GML-002"]
    for feature in collection["features"]:
        geom = shape(feature["geometry"])
        minx, miny, maxx, maxy = geom.bounds
        assert 4.4 < minx < maxx < 4.8 and 52.2 < miny < maxy < 52.5  # lon/lat around Haarlem
        assert shapely.is_ccw(geom.exterior)  # right-hand rule
    assert collection["features"][0]["properties"] == {
        "gemaal_id": "GML-001",
        "aantal_bewoners": 120,
        "dwa_liter_per_uur": 1440.0,
    }
    gpkg = gpd.read_file(bundle.path / "gebieden.gpkg")
    assert gpkg.crs.to_epsg() == 28992
    assert gpkg.geometry.iloc[0].equals_exact(geo_table().geometry.iloc[0], tolerance=0.01)
    # CSV and Parquet are the attribute table; geometry lives in GeoJSON and GeoPackage
    for resource in bundle.package["resources"][:2]:
        assert [f["name"] for f in resource["schema"]["fields"]] == [
            "gemaal_id",
            "aantal_bewoners",
            "dwa_liter_per_uur",
        ]
    assert pd.read_csv(bundle.path / "gebieden.csv").columns.tolist() == [
        "gemaal_id",
        "aantal_bewoners",
        "dwa_liter_per_uur",
    ]
    assert pq.read_table(bundle.path / "gebieden.parquet").column_names == [
        "gemaal_id",
        "aantal_bewoners",
        "dwa_liter_per_uur",
    ]


def test_a_moved_boundary_is_a_data_change(tmp_path):
    no_checks = {"protection": {}, "checks": [{"name": "pii_scan", "passed": True}]}
    first = build(geo_spec(), geo_table(), tmp_path, **no_checks)
    previous = {
        "version": first.version,
        "data_hash": first.data_hash,
        "schema_hash": first.schema_hash,
    }
    moved = geo_table()
    moved.loc[0, "geometry"] = shapely.affinity.translate(moved.geometry.iloc[0], xoff=50)
    second = build(geo_spec(), moved, tmp_path, previous=previous, **no_checks)
    assert (
        second.package["resources"][0]["hash"] == first.package["resources"][0]["hash"]
    )  # same CSV
    assert (second.version, second.changed) == ("1.1.0", True)


def test_identical_inputs_give_identical_bytes(tmp_path):
    first = build(
        geo_spec(),
        geo_table(),
        tmp_path / "a",
        protection={},
        checks=[{"name": "pii_scan", "passed": True}],
    )
    second = build(
        geo_spec(),
        geo_table(),
        tmp_path / "b",
        protection={},
        checks=[{"name": "pii_scan", "passed": True}],
    )
    files_a = sorted(p.name for p in first.path.iterdir())
    assert files_a == sorted(p.name for p in second.path.iterdir())
    for name in files_a:
        assert (first.path / name).read_bytes() == (second.path / name).read_bytes(), name
    assert (first.data_hash, first.schema_hash) == (second.data_hash, second.schema_hash)


def test_unchanged_rerun_keeps_the_release_byte_identical(tmp_path):
    first = build(counts_spec(), counts_table(), tmp_path)
    before = {p.name: p.read_bytes() for p in first.path.iterdir() if p.name != "checks.json"}
    previous = {
        "version": first.version,
        "data_hash": first.data_hash,
        "schema_hash": first.schema_hash,
    }
    later = SimpleNamespace(
        run_id="run-0002",
        git_commit="fedcba9876543210",
        pipeline_version="0.1.0",
        started_at=datetime(2026, 4, 1, tzinfo=UTC),
    )
    again = build(counts_spec(), counts_table(), tmp_path, previous=previous, run=later)
    assert (again.path, again.version, again.changed) == (first.path, "1.0.0", False)
    assert {
        p.name: p.read_bytes() for p in again.path.iterdir() if p.name != "checks.json"
    } == before
    assert (
        again.package["provenance"]["run"]["dagster_run_id"] == "run-0001"
    )  # the run that made it
    assert sorted(p.name for p in tmp_path.iterdir()) == ["1.0.0"]  # no temporary folder left


def test_versions_follow_data_and_schema_changes(tmp_path):
    spec, table = counts_spec(), counts_table()
    v1 = build(spec, table, tmp_path)
    previous = {
        "version": v1.version,
        "data_hash": v1.data_hash,
        "schema_hash": v1.schema_hash,
        "published_at": "2026-02-01T00:00:00Z",
    }
    same = build(spec, table, tmp_path, previous=previous)
    assert (same.version, same.changed) == ("1.0.0", False)
    assert same.package["created"] == v1.package["created"]
    # bundle folder gone (e.g. a fresh work dir): rebuilt, dated as the release it repeats
    rebuilt = build(spec, table, tmp_path / "fresh", previous=previous)
    assert (rebuilt.version, rebuilt.changed) == ("1.0.0", False)
    assert rebuilt.package["created"] == "2026-02-01T00:00:00Z"

    changed = table.copy()
    changed.loc[0, "aantal_inwoners"] = 159230
    minor = build(spec, changed, tmp_path, previous=previous)
    assert (minor.version, minor.changed) == ("1.1.0", True)
    assert minor.schema_hash == v1.schema_hash

    reworded = counts_spec(
        columns=[
            {**c, "description": c["description"] + " Herschreven."}
            for c in counts_spec().model_dump(mode="json")["columns"]
        ]
    )
    assert build(reworded, table, tmp_path, previous=previous).version == "1.0.0"

    fewer = table.drop(columns=["gemiddeld_inkomen"])
    major = build(spec, fewer, tmp_path, previous=previous)
    assert (major.version, major.changed) == ("2.0.0", True)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["1.0.0", "1.1.0", "2.0.0", "fresh"]


def test_direct_identifier_or_undeclared_column_is_refused(tmp_path):
    table = counts_table().assign(naam_contactpersoon=["A", "B", "C", "D"])
    with pytest.raises(ProtectionError, match="direct identifier"):
        build(counts_spec(), table, tmp_path)
    with pytest.raises(ProtectionError, match="not declared"):
        build(counts_spec(), counts_table().assign(extra=1), tmp_path)
    assert not any(tmp_path.iterdir())  # nothing half-written


def test_validation_catches_tampering_without_quoting_values(tmp_path):
    bundle = build(counts_spec(), counts_table(), tmp_path)
    csv = bundle.path / "wijkcijfers.csv"
    csv.write_text(csv.read_text().replace("380", "GEHEIM77"))
    report = validate_bundle(bundle.path)
    assert not report.valid
    assert "wijkcijfers: sha256-hash klopt niet met het bestand" in report.errors
    assert any("type-error" in e and "rij 3" in e and "wmo_totaal" in e for e in report.errors)
    assert "GEHEIM77" not in json.dumps(report.to_metadata())


def test_missing_region_in_region_list_fails_foreign_key(tmp_path):
    bundle = build(counts_spec(), counts_table(), tmp_path)
    regions = bundle.path / "regio-indeling.csv"
    regions.write_text(
        "\n".join(line for line in regions.read_text().splitlines() if "BU03920102" not in line)
        + "\n"
    )
    package = json.loads((bundle.path / "datapackage.json").read_text())
    for res in package["resources"]:
        if res["name"] == "regio-indeling":
            res["bytes"], res["hash"] = regions.stat().st_size, sha256(regions)
    (bundle.path / "datapackage.json").write_text(json.dumps(package))
    report = validate_bundle(bundle.path)
    assert not report.valid
    assert any("foreign-key" in e for e in report.errors)


def test_recorded_validation_lets_the_publisher_accept_the_bundle(tmp_path):
    from haarlem_opendata.errors import PublishRefused
    from haarlem_opendata.publish.bundle import load_bundle

    bundle = build(counts_spec(), counts_table(), tmp_path)
    with pytest.raises(PublishRefused, match="datapackage_valid"):
        load_bundle(bundle.path)
    report = validate_bundle(bundle.path)
    record_bundle_check(
        bundle.path,
        {"name": "datapackage_valid", "passed": report.valid, "metadata": report.to_metadata()},
    )
    record_bundle_check(
        bundle.path,
        {"name": "datapackage_valid", "passed": report.valid, "metadata": report.to_metadata()},
    )
    checks = json.loads((bundle.path / "checks.json").read_text())
    assert [c["name"] for c in checks["checks"]] == ["pii_scan", "cells_audit", "datapackage_valid"]
    assert checks["dataset"] == "wijkcijfers" and checks["version"] == "1.0.0"
    with pytest.raises(PublishRefused, match="pii_net"):
        load_bundle(bundle.path)  # the last-line net has not looked at it yet
    from tests.net.helpers import record_net

    assert record_net(bundle.path)["passed"]
    loaded = load_bundle(bundle.path)
    assert loaded.version == "1.0.0"
