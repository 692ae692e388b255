"""The Data Package → CKAN mapping, without a server: fields, Dutch descriptions, comparison."""

from __future__ import annotations

import copy
import json
from pathlib import Path

from haarlem_opendata.publish.bundle import load_bundle
from haarlem_opendata.publish.ckan_mapping import (
    MANAGED_KEY,
    SCHEMA_FIELDS,
    dataset_differences,
    dataset_fields,
    portal_fields,
    resource_fields,
    resource_matches,
)
from tests.package.helpers import METADATA_DIR
from tests.publish.bundles import write_bundle

ROOT = Path(__file__).resolve().parents[2]


def _mapped(tmp_path):
    bundle = load_bundle(write_bundle(tmp_path, "buurten", geojson=True, title="Buurtcijfers"))
    return bundle, dataset_fields(
        bundle,
        owner_org="org-id",
        metadata_dir=METADATA_DIR,
        portal_base_url="https://data.example",
    )


def test_dataset_fields_come_from_the_package_and_its_donl_mapping(tmp_path):
    bundle, fields = _mapped(tmp_path)
    extras = portal_fields(fields)
    assert fields["name"] == "buurten" and fields["title"] == "Buurtcijfers"
    assert fields["version"] == "1.0.0" and fields["owner_org"] == "org-id"
    assert fields["license_id"] == "http://creativecommons.org/licenses/by/4.0/deed.nl"
    assert "Kleine aantallen zijn onderdrukt." in fields["notes"]
    assert extras[MANAGED_KEY] == "true"
    assert extras["identifier"] == bundle.package["id"]
    assert extras["uri"] == bundle.package["id"]  # ckanext-dcat's node for the dataset
    assert json.loads(extras["theme"]) == ["http://standaarden.overheid.nl/owms/terms/Bestuur"]
    assert json.loads(extras["content_hashes"]) == bundle.content_hashes()
    assert json.loads(extras["besluiten"]) == ["2025-123"]
    assert extras["contact_point_email"] == "opendata@haarlem.nl"
    assert all(isinstance(v, str) for v in extras.values())
    assert not set(extras) & {"name", "title", "notes", "url", "version", "license_id", "tags"}


def test_every_file_becomes_a_described_resource_with_its_hash(tmp_path):
    bundle, _ = _mapped(tmp_path)
    resources = resource_fields(bundle)
    assert [r["bundle_path"] for r in resources] == [f.relpath for f in bundle.files]
    assert {r["bundle_path"]: r["hash"] for r in resources} == bundle.content_hashes()
    by_path = {r["bundle_path"]: r for r in resources}
    assert by_path["privacy.md"]["name"] == "Privacyverantwoording"
    assert by_path["buurten.geojson"]["format"] == "GeoJSON"
    assert all(r["description"] and r["name"] for r in resources)


def test_comparison_sees_every_managed_difference_and_nothing_else(tmp_path):
    _, desired = _mapped(tmp_path)
    # What package_show returns: the same values plus fields CKAN adds itself.
    current = {
        **copy.deepcopy(desired),
        "id": "x",
        "metadata_modified": "2026-01-01T00:00:00",
        "private": False,
        "tags": [{"name": t["name"], "id": "t"} for t in desired["tags"]],
    }
    assert dataset_differences(desired, current) == []
    assert dataset_differences(desired, {**current, "title": "Anders"}) == ["title"]
    assert dataset_differences(desired, {**current, "private": True}) == ["private"]
    assert dataset_differences(desired, {**current, "tags": []}) == ["tags"]
    assert dataset_differences(desired, {**current, "besluiten": "[]"}) == ["portal_fields"]
    assert dataset_differences(desired, {**current, "access_rights": ""}) == ["portal_fields"]


def test_the_portal_schema_declares_every_field_the_publisher_sets(tmp_path):
    """The publisher's fields and the CKAN dataset schema (ckanext-scheming) are one list."""
    import yaml

    _, fields = _mapped(tmp_path)
    schema_file = ROOT / "scripts/ckanext-haarlem-portal/ckanext/haarlem_portal/schema.yaml"
    schema = yaml.safe_load(schema_file.read_text(encoding="utf-8"))
    declared = {f["field_name"] for f in schema["dataset_fields"]}
    sent = set(fields) - {"extras", "tags", "owner_org"}
    assert sent - declared == set()
    assert set(SCHEMA_FIELDS) - declared == set()
    assert {"tag_string", "owner_org"} <= declared
    labels = {f["field_name"]: f["label"] for f in schema["dataset_fields"]}
    assert labels["access_rights"] == "Toegangsrechten" and labels["besluiten"] == "Besluiten"
    assert {f["field_name"] for f in schema["resource_fields"]} >= {"url", "name", "bundle_path"}


def test_the_portal_licence_list_names_every_donl_licence(tmp_path):
    """licenses.json (CKAN's licenses_group_url) has an entry per licence a spec may name."""
    import yaml

    donl = yaml.safe_load((ROOT / "metadata/donl/licenses.yaml").read_text(encoding="utf-8"))
    portal = json.loads(
        (ROOT / "scripts/ckanext-haarlem-portal/ckanext/haarlem_portal/licenses.json").read_text()
    )
    by_id = {entry["id"]: entry for entry in portal}
    for spdx, licence in donl["licenses"].items():
        entry = by_id[licence["donl_uri"]]
        assert entry["url"].startswith(licence["path"]), spdx
        assert len(entry["title"]) <= 12, entry["title"]  # short: it sits in the sidebar


def test_resource_match_needs_same_bytes_and_description(tmp_path):
    bundle, _ = _mapped(tmp_path)
    wanted = resource_fields(bundle)[0]
    live = {**wanted, "id": "r", "url_type": "upload", "format": "csv"}
    assert resource_matches(wanted, live)
    assert not resource_matches(wanted, {**live, "hash": "sha256:00"})
    assert not resource_matches(wanted, {**live, "description": "oud"})
    assert not resource_matches(wanted, {**live, "url_type": ""})  # a link is not an upload
