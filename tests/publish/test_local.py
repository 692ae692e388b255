"""Bundle verification and the local folder portal: refusal, atomic swap, idempotence."""

from __future__ import annotations

import contextlib
import json
import os
import threading
from pathlib import Path

import pytest

from haarlem_opendata.dagster.resources import portal_resource
from haarlem_opendata.errors import PublishRefused
from haarlem_opendata.fingerprint import sha256_file
from haarlem_opendata.publish.bundle import load_bundle, required_checks
from haarlem_opendata.publish.local import publish_local
from haarlem_opendata.settings import Settings
from tests.publish.bundles import default_table, write_bundle


def _published(portal: Path, name: str) -> dict[str, str]:
    entry = portal / name
    return {
        p.relative_to(entry).as_posix(): sha256_file(p) for p in entry.rglob("*") if p.is_file()
    }


def test_bundle_loads_with_all_files_verified(tmp_path):
    bundle = load_bundle(write_bundle(tmp_path, "buurten", geojson=True))
    assert {f.relpath for f in bundle.files} == {
        "buurten.csv",
        "buurten.parquet",
        "buurten.geojson",
        "datapackage.json",
        "privacy.md",
        "dcat.jsonld",
    }
    assert all(f.hash == sha256_file(f.path) for f in bundle.files)


@pytest.mark.parametrize(
    "damage, message",
    [
        (lambda d: (d / "checks.json").unlink(), "checks.json ontbreekt"),
        (lambda d: _set_check(d, "pii_scan", False), "'pii_scan' is niet geslaagd"),
        (lambda d: _drop_check(d, "cells_audit"), "cells_audit"),
        (lambda d: _drop_check(d, "datapackage_valid"), "datapackage_valid"),
        (lambda d: _append(d / "x.csv"), "bytes"),
        (lambda d: _flip_byte(d / "x.csv"), "sha256"),
        (lambda d: (d / "x.parquet").unlink(), "ontbreekt"),
        (lambda d: (d / "privacy.md").unlink(), "privacy.md"),
    ],
    ids=[
        "no-checks",
        "failed-check",
        "missing-cells-audit",
        "missing-validation",
        "size",
        "hash",
        "missing-file",
        "missing-privacy-note",
    ],
)
def test_refuses_unsafe_bundles_and_writes_nothing(tmp_path, damage, message):
    bundle_dir = write_bundle(tmp_path / "b", "x")
    damage(bundle_dir)
    portal = tmp_path / "portal"
    with pytest.raises(PublishRefused, match=message):
        publish_local(bundle_dir, portal)
    assert not (portal / "x").exists()


def test_required_checks_follow_the_privacy_section():
    assert required_checks({"privacy": {}}) == {"pii_scan", "datapackage_valid", "pii_net"}
    assert required_checks({"privacy": {"results": {"anonymity": {"k": 5}}}}) == {
        "pii_scan",
        "datapackage_valid",
        "pii_net",
        "k_anonymity",
    }


def test_refused_release_leaves_previous_release_in_place(tmp_path):
    portal = tmp_path / "portal"
    publish_local(write_bundle(tmp_path / "b", "x", "1.0.0"), portal)
    before = _published(portal, "x")
    bad = write_bundle(tmp_path / "b", "x", "1.1.0", default_table(7))
    _set_check(bad, "datapackage_valid", False)
    with pytest.raises(PublishRefused):
        publish_local(bad, portal)
    assert _published(portal, "x") == before


def test_publish_then_republish_writes_nothing(tmp_path):
    portal = tmp_path / "portal"
    bundle_dir = write_bundle(tmp_path / "b", "x", geojson=True)
    first = publish_local(bundle_dir, portal)
    assert first.changed and first.write_calls == 6
    assert _published(portal, "x") == load_bundle(bundle_dir).content_hashes()
    mtimes = {p: p.stat().st_mtime_ns for p in (portal / "x").rglob("*")}
    second = publish_local(bundle_dir, portal)
    assert not second.changed and second.write_calls == 0
    assert {p: p.stat().st_mtime_ns for p in (portal / "x").rglob("*")} == mtimes
    assert json.dumps(second.to_metadata())  # JSON-safe


def test_new_release_replaces_old_files_and_keeps_only_the_last(tmp_path):
    portal = tmp_path / "portal"
    publish_local(write_bundle(tmp_path / "b", "x", "1.0.0", geojson=True), portal)
    new = write_bundle(tmp_path / "b", "x", "1.1.0", default_table(3))
    result = publish_local(new, portal)
    assert result.changed and result.version == "1.1.0"
    assert _published(portal, "x") == load_bundle(new).content_hashes()  # geojson is gone
    assert len(list((portal / ".x.releases").iterdir())) == 1


def test_readers_never_see_a_missing_or_mixed_release(tmp_path):
    """A reader polling the portal during many swaps always finds one complete release."""
    portal = tmp_path / "portal"
    bundles = [write_bundle(tmp_path / "b", "x", f"1.{i}.0", default_table(i)) for i in range(2)]
    expected = [_data_hashes(b) for b in bundles]
    publish_local(bundles[0], portal)
    seen: list[object] = []
    stop = threading.Event()

    def reader():
        while not stop.is_set():
            try:
                release = portal / os.readlink(portal / "x")
            except FileNotFoundError:
                seen.append("portal/x was missing")
                continue
            # missing: the previous release was cleaned up after this reader resolved the link
            with contextlib.suppress(FileNotFoundError):
                seen.append(_data_hashes(release, actual=True))

    thread = threading.Thread(target=reader)
    thread.start()
    try:
        for i in range(20):
            publish_local(bundles[(i + 1) % 2], portal)  # alternate: the same twice is a no-op
    finally:
        stop.set()
        thread.join()
    assert "portal/x was missing" not in seen
    assert seen and all(s in expected for s in seen)


def test_refuses_to_replace_a_foreign_file(tmp_path):
    portal = tmp_path / "portal"
    portal.mkdir()
    (portal / "x").write_text("not ours")
    with pytest.raises(PublishRefused, match="geen map"):
        publish_local(write_bundle(tmp_path / "b", "x"), portal)
    assert (portal / "x").read_text() == "not ours"


def test_without_ckan_url_the_resource_uses_the_local_portal(tmp_path, monkeypatch):
    monkeypatch.delenv("CKAN_URL", raising=False)
    resource = portal_resource(Settings(portal_dir=tmp_path / "portal"))
    assert not resource.uses_ckan
    result = resource.publish(write_bundle(tmp_path / "b", "lokaal"))
    assert result.portal == "local" and (tmp_path / "portal" / "lokaal" / "privacy.md").is_file()


def _data_hashes(folder: Path, actual: bool = False) -> dict[str, str]:
    """{path: hash} of the data files the folder's datapackage.json lists (actual: re-hashed)."""
    package = json.loads((folder / "datapackage.json").read_text())
    return {
        r["path"]: sha256_file(folder / r["path"]) if actual else r["hash"]
        for r in package["resources"]
    }


def _checks(bundle_dir: Path) -> dict:
    return json.loads((bundle_dir / "checks.json").read_text())


def _set_check(bundle_dir: Path, name: str, passed: bool) -> None:
    data = _checks(bundle_dir)
    for check in data["checks"]:
        if check["name"] == name:
            check["passed"] = passed
    (bundle_dir / "checks.json").write_text(json.dumps(data))


def _drop_check(bundle_dir: Path, name: str) -> None:
    data = _checks(bundle_dir)
    data["checks"] = [c for c in data["checks"] if c["name"] != name]
    (bundle_dir / "checks.json").write_text(json.dumps(data))


def _append(path: Path) -> None:
    with path.open("a") as handle:
        handle.write("extra\n")


def _flip_byte(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[-2] = ord("9") if data[-2] != ord("9") else ord("8")
    path.write_bytes(bytes(data))
