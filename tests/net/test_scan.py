"""The net reads every kind of file in a bundle and a publisher refuses a bundle without its
pass."""

from __future__ import annotations

import json

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import Point
from typer.testing import CliRunner

from haarlem_opendata.errors import PublishRefused
from haarlem_opendata.net import AllowList, scan_folder
from haarlem_opendata.package.checks import record_bundle_check
from haarlem_opendata.publish.bundle import load_bundle
from haarlem_opendata.publish.local import publish_local
from tests.net.helpers import record_net
from tests.publish.bundles import write_bundle

PHONE = "06-72247045"


def _planted_folder(tmp_path):
    folder = tmp_path / "bundel"
    folder.mkdir()
    pd.DataFrame({"id": [1, 2, 3], "tekst": ["niets", f"bel {PHONE}", "ook niets"]}).to_csv(
        folder / "t.csv", index=False
    )
    pd.DataFrame({"id": [1, 2], "tekst": ["BSN 111222333", None]}).to_parquet(folder / "t.parquet")
    frame = gpd.GeoDataFrame(
        {"naam": ["gemaal A", "mail j.jansen@gmail.com"], "inwoners": [120, 5919]},
        geometry=[Point(104000, 488000), Point(104100, 488100)],
        crs="EPSG:28992",
    )
    frame.to_file(folder / "t.gpkg", layer="gebieden", driver="GPKG")
    frame.to_crs("EPSG:4326").to_file(folder / "t.geojson", driver="GeoJSON")
    (folder / "datapackage.json").write_text(
        json.dumps({"name": "t", "contributors": [{"title": "NL91 ABNA 0417 1643 00"}]})
    )
    (folder / "besluit.html").write_text("<p>Adres:</p>\n<p>2036 SD 197</p>\n")
    (folder / "checks.json").write_text(json.dumps({"note": f"{PHONE} is never published"}))
    return folder


def test_every_format_is_read_and_located(tmp_path):
    report = scan_folder(_planted_folder(tmp_path), AllowList())
    found = {(f.file, f.location, f.type) for f in report.findings}
    assert found == {
        ("t.csv", "rij 2, kolom tekst", "TELEFOON"),
        ("t.parquet", "rij 1, kolom tekst", "BSN"),
        ("t.gpkg", "tabel gebieden, rij 2, kolom naam", "EMAIL"),
        ("t.geojson", "features[1].properties.naam", "EMAIL"),
        ("datapackage.json", "contributors[0].title", "IBAN"),
        ("besluit.html", "regel 2", "POSTCODE_HUISNUMMER"),
    }
    assert "checks.json" not in report.files and len(report.files) == 6


def test_a_ragged_csv_row_is_scanned_past_its_header(tmp_path):
    """A value in a field the header does not name is still a published byte."""
    folder = tmp_path / "bundel"
    folder.mkdir()
    (folder / "t.csv").write_text(f"id,tekst\n1,niets\n2,niets,bel {PHONE}\n", encoding="utf-8")
    report = scan_folder(folder, AllowList())
    found = {(f.file, f.location, f.type) for f in report.findings}
    assert found == {("t.csv", "rij 2, kolom 3 (buiten de kop)", "TELEFOON")}


def test_the_report_never_holds_a_value(tmp_path):
    report = scan_folder(_planted_folder(tmp_path), AllowList())
    text = json.dumps(report.to_metadata())
    for value in (PHONE, "72247045", "111222333", "j.jansen", "0417 1643", "2036 SD 197"):
        assert value not in text


def test_an_unreadable_file_blocks(tmp_path):
    folder = tmp_path / "b"
    folder.mkdir()
    (folder / "kapot.parquet").write_bytes(b"geen parquet")
    (folder / "binair.bin").write_bytes(b"\xff\xfe\x00\x81")
    report = scan_folder(folder, AllowList())
    assert {(f.file, f.type) for f in report.findings} == {
        ("kapot.parquet", "ONLEESBAAR"),
        ("binair.bin", "ONLEESBAAR"),
    }


def _set_net(bundle_dir, **changes):
    data = json.loads((bundle_dir / "checks.json").read_text())
    for entry in data["checks"]:
        if entry["name"] == "pii_net":
            entry.update(changes)
    (bundle_dir / "checks.json").write_text(json.dumps(data))


@pytest.mark.parametrize(
    "damage, message",
    [
        (lambda d: _set_net(d, passed=False), "niet geslaagd"),
        (lambda d: _set_net(d, name="iets_anders"), "pii_net"),
        (lambda d: _set_net(d, metadata={"passed": True, "files": {}}), "niet .* gecontroleerd"),
    ],
    ids=["failed", "missing", "files-not-covered"],
)
def test_publisher_refuses_without_the_nets_pass(tmp_path, damage, message):
    bundle_dir = write_bundle(tmp_path / "b", "x")
    load_bundle(bundle_dir)  # the helper ran the real net: this one is fine
    damage(bundle_dir)
    with pytest.raises(PublishRefused, match=message):
        publish_local(bundle_dir, tmp_path / "portal")
    assert not (tmp_path / "portal" / "x").exists()


def test_a_file_changed_after_the_net_ran_is_refused(tmp_path):
    """The privacy note is rewritten after the net passed: the old pass does not cover it."""
    bundle_dir = write_bundle(tmp_path / "b", "x")
    with (bundle_dir / "privacy.md").open("a", encoding="utf-8") as handle:
        handle.write(f"Vragen? Bel {PHONE}.\n")
    with pytest.raises(PublishRefused, match="privacy.md"):
        load_bundle(bundle_dir)
    outcome = record_net(bundle_dir)  # the net runs again and now objects
    assert not outcome["passed"]
    assert outcome["metadata"]["findings"] == [
        {"file": "privacy.md", "location": "regel 4", "type": "TELEFOON", "masked": "06-********"}
    ]
    with pytest.raises(PublishRefused, match="pii_net"):
        publish_local(bundle_dir, tmp_path / "portal")


def test_two_checks_recording_at_once_both_land(tmp_path):
    from concurrent.futures import ThreadPoolExecutor

    bundle_dir = write_bundle(tmp_path / "b", "x")
    names = [f"c{i}" for i in range(20)]
    with ThreadPoolExecutor(4) as pool:
        list(
            pool.map(lambda n: record_bundle_check(bundle_dir, {"name": n, "passed": True}), names)
        )
    recorded = {c["name"] for c in json.loads((bundle_dir / "checks.json").read_text())["checks"]}
    assert set(names) <= recorded


def test_cli_lists_masked_findings_and_exits_1(tmp_path):
    from haarlem_opendata.cli import app

    folder = _planted_folder(tmp_path)
    result = CliRunner().invoke(app, ["net", str(folder), "--format", "json"])
    assert result.exit_code == 1, result.output
    report = json.loads(result.output)
    assert report["findings_total"] == 6 and PHONE not in result.output
    one = CliRunner().invoke(app, ["net", str(folder / "t.csv")])
    assert one.exit_code == 1 and "rij 2, kolom tekst" in one.output and PHONE not in one.output
    (tmp_path / "schoon").mkdir()
    (tmp_path / "schoon" / "a.md").write_text("Vragen: opendata@haarlem.nl\n")
    clean = CliRunner().invoke(app, ["net", str(tmp_path / "schoon")])
    assert clean.exit_code == 0 and "vond niets" in clean.output
    assert CliRunner().invoke(app, ["net", str(tmp_path / "weg")]).exit_code == 2
