"""The embedded default through Dagster to a real local CKAN, then read back as the public would."""

from __future__ import annotations

import hashlib
import json

import dagster as dg
import geopandas as gpd
import pytest
import requests

from tests.dagster_helpers import materialized, run_job, step_errors
from tests.standard_tools import assert_frictionless_valid

DATASETS = ("buurtcijfers", "meldingen", "rioolbelasting")


@pytest.fixture(scope="module")
def ckan_run(ckan_isolated_server, tmp_path_factory):
    """One publish of all datasets to an isolated CKAN; the module's tests read it back."""
    tmp = tmp_path_factory.mktemp("ckan-e2e")
    mp = pytest.MonkeyPatch()
    mp.setenv("HAARLEM_OPENDATA_WORK_DIR", str(tmp / "work"))
    mp.setenv("HAARLEM_OPENDATA_PORTAL_DIR", str(tmp / "portal"))
    import shutil

    from tests.conftest import PROJECT_ROOT

    shutil.copytree(PROJECT_ROOT / "datasets", tmp / "datasets")
    mp.setenv("HAARLEM_OPENDATA_DATASETS_DIR", str(tmp / "datasets"))
    mp.setenv("CKAN_URL", ckan_isolated_server.url)
    mp.setenv("CKAN_API_TOKEN", ckan_isolated_server.token)
    instance = dg.DagsterInstance.ephemeral()
    result = run_job("all_datasets_job", instance)
    yield result, instance, ckan_isolated_server, tmp
    mp.undo()


def _published(result, name: str) -> dict:
    return result.asset_value(dg.AssetKey([name, "published"]))


def test_everything_is_published_and_downloads_match_the_package(ckan_run):
    result, _, server, tmp = ckan_run
    assert result.success, step_errors(result)
    public = server.anonymous()
    listed = set(public.action.package_list())
    assert set(DATASETS) <= listed
    for name in DATASETS:
        dataset = public.action.package_show(id=name)
        assert not dataset["private"]
        version = _published(result, name)["version"]
        package = json.loads(
            (tmp / "work/bundles" / name / version / "datapackage.json").read_text()
        )
        expected = {r["path"]: r["hash"] for r in package["resources"]}
        urls = {r["url"].rsplit("/", 1)[-1]: r["url"] for r in dataset["resources"]}
        assert set(expected) <= set(urls)
        assert {"datapackage.json", "privacy.md"} <= set(urls)
        for path, digest in expected.items():
            body = requests.get(urls[path], timeout=60).content
            assert "sha256:" + hashlib.sha256(body).hexdigest() == digest, path
        page = requests.get(f"{server.url}/dataset/{name}", timeout=60)
        assert page.status_code == 200 and dataset["title"] in page.text


def test_the_last_line_net_finds_nothing_the_public_downloads(ckan_run, tmp_path):
    """Every resource of every public dataset, downloaded anonymously, plus the dataset and group
    metadata CKAN shows, read by the independent net with the shipped allow-list: nothing it
    objects to."""
    from haarlem_opendata.net import ALLOW_FILE, load_allow_list, scan_folder
    from tests.conftest import PROJECT_ROOT

    _, _, server, _ = ckan_run
    public = server.anonymous()
    downloads = 0
    for name in public.action.package_list():
        dataset = public.action.package_show(id=name)
        folder = tmp_path / name
        folder.mkdir()
        (folder / "package_show.json").write_text(json.dumps(dataset, ensure_ascii=False))
        for resource in dataset["resources"]:
            response = requests.get(resource["url"], timeout=60)
            assert response.status_code == 200, resource["url"]
            (folder / resource["url"].rsplit("/", 1)[-1]).write_bytes(response.content)
            downloads += 1
    assert downloads >= 10
    for group in public.action.group_list():  # the besluiten, as groups
        shown = public.action.group_show(id=group, include_datasets=True)
        (tmp_path / f"group-{group}.json").write_text(json.dumps(shown, ensure_ascii=False))
    report = scan_folder(tmp_path, load_allow_list(PROJECT_ROOT / "metadata" / ALLOW_FILE))
    assert report.passed, report.to_metadata()["findings"]
    assert report.allowed > 0


def test_each_besluit_is_a_group_with_its_datasets(ckan_run):
    _, _, server, tmp = ckan_run
    from haarlem_opendata.spec import load_catalog

    public = server.anonymous()
    for name, spec in load_catalog(tmp / "datasets").items():
        for besluit in spec.besluiten:
            group = public.action.group_show(id=besluit.lower(), include_datasets=True)
            assert name in {p["name"] for p in group["packages"]}


def test_the_token_never_reaches_the_event_log(ckan_run):
    from dagster._serdes import serialize_value

    result, instance, server, _ = ckan_run
    text = "\n".join(serialize_value(r) for r in instance.all_logs(result.run_id))
    assert "dagster/row_count" in text
    assert server.token not in text


def test_rerun_writes_nothing_and_a_changed_source_updates_one_dataset(ckan_run):
    result, _, server, tmp = ckan_run
    before = {name: _published(result, name)["version"] for name in DATASETS}

    again = run_job("all_datasets_job")
    assert again.success, step_errors(again)
    for name in DATASETS:
        published = _published(again, name)
        assert published["write_calls"] == 0, name
        assert published["version"] == before[name]

    path = tmp / "datasets/data/rioolbelasting_adressen.parquet"
    adressen = gpd.read_parquet(path)
    adressen.loc[adressen.index[0], "bewoners"] += 3
    adressen.to_parquet(path, index=False)

    changed = run_job("all_datasets_job")
    assert changed.success, step_errors(changed)
    assert ("rioolbelasting", "published") in materialized(changed)
    assert _published(changed, "rioolbelasting")["write_calls"] > 0
    assert _published(changed, "rioolbelasting")["version"] > before["rioolbelasting"]
    for name in ("buurtcijfers", "meldingen"):
        assert _published(changed, name)["write_calls"] == 0
    live = server.anonymous().action.package_show(id="rioolbelasting")
    assert live["version"] == _published(changed, "rioolbelasting")["version"]


def test_the_standard_validator_passes_every_package_as_ckan_serves_it(ckan_run, tmp_path):
    """Each dataset's files, downloaded anonymously from CKAN into one folder, are VALID for the
    standard ``frictionless validate`` CLI (the tool harvesters and ckanext-validation run)."""
    _, _, server, _ = ckan_run
    public = server.anonymous()
    for name in public.action.package_list():
        folder = tmp_path / name
        folder.mkdir()
        for resource in public.action.package_show(id=name)["resources"]:
            response = requests.get(resource["url"], timeout=60)
            (folder / resource["url"].rsplit("/", 1)[-1]).write_bytes(response.content)
        assert (folder / "datapackage.json").is_file()
        assert_frictionless_valid(folder / "datapackage.json")
