"""The embedded default through Dagster to a real local CKAN, then read back as the public would."""

from __future__ import annotations

import csv
import hashlib
import io
import json

import dagster as dg
import geopandas as gpd
import pytest
import requests

from tests.dagster_helpers import materialized, run_job, step_errors
from tests.package.helpers import METADATA_DIR
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
    from haarlem_opendata.catalog import load_catalog

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


# --- the portal as data.overheid.nl and the public see it (issue 16) ------------------------------


def _live(server, name: str) -> dict:
    return server.anonymous().action.package_show(id=name)


def test_the_catalogue_is_the_releases_own_dcat_and_conforms_to_the_shapes(ckan_run):
    """/catalog.ttl (ckanext-dcat, profile haarlem_donl) lists every dataset with the triples of
    its release's dcat.jsonld, plus the portal's download URLs, and passes the SHACL shapes."""
    from rdflib import BNode, Graph
    from rdflib.namespace import DCAT, RDF

    from haarlem_opendata.fair.shacl import validate_dcat

    _, _, server, _ = ckan_run
    response = requests.get(f"{server.url}/catalog.ttl", timeout=60)
    assert response.status_code == 200
    # Turtle is UTF-8 by definition; CKAN sends no charset, so requests' .text would guess Latin-1
    graph = Graph().parse(data=response.content.decode("utf-8"), format="turtle")
    [catalog] = list(graph.subjects(RDF.type, DCAT.Catalog))
    listed = {str(d) for d in graph.objects(catalog, DCAT.dataset)}
    for name in DATASETS:
        live = _live(server, name)
        assert live["identifier"] in listed
        release = requests.get(
            next(r["url"] for r in live["resources"] if r["bundle_path"] == "dcat.jsonld"),
            timeout=60,
        )
        own = Graph().parse(data=release.content.decode("utf-8"), format="json-ld")
        named = [t for t in own if not any(isinstance(x, BNode) for x in t)]
        assert named and all(t in graph for t in named), name
        downloads = {str(o) for o in graph.objects(None, DCAT.downloadURL)}
        data = {"CSV", "Parquet", "GeoJSON", "GeoPackage"}
        data_urls = {r["url"] for r in live["resources"] if r["format"] in data}
        assert data_urls and data_urls <= downloads, name  # this portal's own download links
    report = validate_dcat(graph, METADATA_DIR)
    assert report.conforms, report.violations[:5]

    one = requests.get(f"{server.url}/dataset/rioolbelasting.rdf", timeout=60)
    assert one.status_code == 200
    single = Graph().parse(data=one.content, format="xml")
    assert (None, RDF.type, DCAT.Dataset) in single
    assert validate_dcat(single, METADATA_DIR).conforms


def test_every_csv_has_a_table_preview_and_the_geojson_a_map_view(ckan_run):
    _, _, server, _ = ckan_run
    public = server.anonymous()
    for name in DATASETS:
        for resource in _live(server, name)["resources"]:
            views = {v["view_type"] for v in public.action.resource_view_list(id=resource["id"])}
            path = resource["bundle_path"]
            is_data = path.endswith((".csv", ".geojson"))
            if path.endswith(".csv"):
                assert resource["datastore_active"] and "datatables_view" in views, path
                found = public.action.datastore_search(resource_id=resource["id"], limit=1)
                served = requests.get(resource["url"], timeout=60).content.decode("utf-8")
                rows = len(list(csv.reader(io.StringIO(served)))) - 1
                assert found["total"] == rows > 0, path
            elif path.endswith(".geojson"):
                assert "geojson_view" in views, path
            if not is_data:
                assert views == set(), path


def _page_text(dom: str) -> str:
    import re

    text = re.sub(r"<(script|style)\b.*?</\1>", " ", dom, flags=re.DOTALL)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text))


def test_public_pages_in_chromium_licence_dutch_labels_table_and_map(ckan_run, tmp_path):
    """Headless Chromium on the public pages: the licence title with its link, Dutch field
    labels, a preview table with rows, and the bemalingsgebieden drawn on the map."""
    import re

    from tests.lineage.browser import chromium

    _, _, server, _ = ckan_run
    public = server.anonymous()
    licences = {entry["id"]: entry for entry in public.action.license_list()}
    for name in DATASETS:
        live = _live(server, name)
        shot = tmp_path / f"{name}.png"
        dom = chromium(f"{server.url}/dataset/{name}", tmp_path / "profile", screenshot=shot)
        print(f"screenshot: {shot}")
        assert shot.stat().st_size > 10_000
        text = _page_text(dom)
        licence = licences[live["license_id"]]
        assert licence["title"] in ("CC0 1.0", "CC-BY 4.0")
        assert re.search(rf'<a href="{re.escape(licence["url"])}"[^>]*>', dom), name
        assert "Toegangsrechten publiek" in text, name
        assert "Besluiten" in text and "Privacy" in text
        assert "access_rights" not in text and "haarlem_opendata_managed" not in text

        table_file = next(r for r in live["resources"] if r["bundle_path"] == f"{name}.csv")
        [table] = public.action.resource_view_list(id=table_file["id"])
        shot = tmp_path / f"{name}-tabel.png"
        dom = chromium(
            f"{server.url}/dataset/{live['id']}/resource/{table_file['id']}/view/{table['id']}",
            tmp_path / "profile",
            screenshot=shot,
            virtual_time_ms=15000,
        )
        print(f"screenshot: {shot}")
        rows = re.findall(r"<tr[^>]*>\s*<td", dom)
        assert len(rows) >= min(10, csv_rows(public, table_file["id"])), name

    riool = _live(server, "rioolbelasting")
    geojson = next(r for r in riool["resources"] if r["bundle_path"].endswith(".geojson"))
    [kaart] = public.action.resource_view_list(id=geojson["id"])
    shot = tmp_path / "rioolbelasting-kaart.png"
    dom = chromium(
        f"{server.url}/dataset/{riool['id']}/resource/{geojson['id']}/view/{kaart['id']}",
        tmp_path / "profile",
        screenshot=shot,
        virtual_time_ms=15000,
    )
    print(f"screenshot: {shot}")
    features = requests.get(geojson["url"], timeout=60).json()["features"]
    polygons = re.findall(r'<path[^>]*class="leaflet-interactive"', dom)
    assert len(polygons) == len(features) > 0


def csv_rows(public, resource_id: str) -> int:
    return public.action.datastore_search(resource_id=resource_id, limit=0)["total"]
