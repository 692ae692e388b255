"""The CKAN publisher against the real local CKAN 2.12 (tests/fixtures_ckan.py).

What the public sees is always checked as the public: anonymous API calls and anonymous
downloads, compared with the hashes in the bundle's data package.
"""

from __future__ import annotations

import hashlib
import http.server
import json
import threading
from concurrent.futures import ThreadPoolExecutor

import ckanapi
import pytest
import requests

from haarlem_opendata.errors import PublishRefused
from haarlem_opendata.publish.bundle import load_bundle
from haarlem_opendata.publish.ckan import STAGING_SUFFIX, PortalError
from haarlem_opendata.publish.ckan_mapping import MANAGED_KEY, portal_fields
from tests.package.helpers import METADATA_DIR
from tests.publish.bundles import default_table, write_bundle

pytestmark = pytest.mark.ckan

# Reads only: the preview checks (row count in the DataStore, the views) are reads too.
READS = {
    "status_show",
    "user_show",
    "organization_show",
    "package_show",
    "datastore_search",
    "resource_view_list",
}


def public_state(server, name: str, download: bool = True) -> dict[str, str] | None:
    """{bundle file: sha256} as an anonymous visitor sees and downloads it; None if not visible."""
    with server.anonymous() as anon:
        try:
            package = anon.action.package_show(id=name)
        except (ckanapi.NotFound, ckanapi.NotAuthorized):
            return None
        assert not package["private"]
        state = {}
        for resource in package["resources"]:
            assert resource["url_type"] == "upload"
            if download:
                body = requests.get(resource["url"], timeout=30)
                assert body.status_code == 200, resource["url"]
                assert "sha256:" + hashlib.sha256(body.content).hexdigest() == resource["hash"]
            state[resource["bundle_path"]] = resource["hash"]
        assert len(state) == len(package["resources"]), "duplicate resources"
        return state


def staging_visible_to_public(server, name: str) -> bool:
    with server.anonymous() as anon:
        try:
            anon.action.package_show(id=name + STAGING_SUFFIX)
        except (ckanapi.NotFound, ckanapi.NotAuthorized):
            return name + STAGING_SUFFIX in anon.action.package_list()
        return True


def test_publish_is_visible_downloadable_and_described(
    ckan_server, make_publisher, unique, tmp_path
):
    name = unique("buurten")
    bundle_dir = write_bundle(tmp_path, name, geojson=True, title="Buurtcijfers testrelease")
    publisher, _ = make_publisher()
    result = publisher.publish(bundle_dir)
    bundle = load_bundle(bundle_dir)

    assert result.changed and result.portal == "ckan"
    assert public_state(ckan_server, name) == bundle.content_hashes()
    package_hashes = {r["path"]: r["hash"] for r in bundle.package["resources"]}
    assert {
        k: v
        for k, v in public_state(ckan_server, name, download=False).items()
        if k in package_hashes
    } == package_hashes

    with ckan_server.anonymous() as anon:
        assert name in anon.action.package_list()
        package = anon.action.package_show(id=name)
    extras = portal_fields(package)  # schema fields (ckanext-scheming), top-level in the API
    assert package[MANAGED_KEY] == "true" and package["access_rights"].endswith("PUBLIC")
    assert json.loads(extras["besluiten"]) == ["2025-123"]
    assert json.loads(extras["content_hashes"]) == bundle.content_hashes()
    assert extras["identifier"] == bundle.package["id"]
    assert package["version"] == "1.0.0" and package["organization"]["name"] == "gemeente-haarlem"
    assert {t["name"] for t in package["tags"]} == {"buurten", "test"}
    names = [r["name"] for r in package["resources"]]
    assert "Privacyverantwoording" in names
    assert all(r["description"] for r in package["resources"])
    assert "Privacy" in package["notes"]

    page = requests.get(f"{ckan_server.url}/dataset/{name}", timeout=30)
    assert page.status_code == 200 and "Buurtcijfers testrelease" in page.text
    assert not staging_visible_to_public(ckan_server, name)
    assert result.resource_urls.keys() == bundle.content_hashes().keys()


def test_rerun_makes_zero_write_calls(ckan_server, make_publisher, unique, tmp_path):
    name = unique("idem")
    bundle_dir = write_bundle(tmp_path, name, geojson=True)
    make_publisher()[0].publish(bundle_dir)
    before = ckan_server.admin().action.package_show(id=name)

    publisher, log = make_publisher()
    result = publisher.publish(bundle_dir)

    assert set(log.actions()) <= READS, log.actions()  # counted on the wire, not by the publisher
    assert all(method == "POST" and action in READS for method, action in log.requests)
    assert result.write_calls == 0 and not result.changed
    assert (
        ckan_server.admin().action.package_show(id=name)["metadata_modified"]
        == before["metadata_modified"]
    )


def test_changed_dataset_is_updated_and_others_untouched(
    ckan_server, make_publisher, unique, tmp_path
):
    a, b = unique("wijk-a"), unique("wijk-b")
    make_publisher()[0].publish(write_bundle(tmp_path, a))
    make_publisher()[0].publish(write_bundle(tmp_path, b))
    with ckan_server.admin() as admin:
        old_a = admin.action.package_show(id=a)
        old_b = admin.action.package_show(id=b)

    new_a = write_bundle(tmp_path, a, "1.1.0", default_table(value=1))
    publisher, _ = make_publisher()
    result_a = publisher.publish(new_a)
    publisher_b, log_b = make_publisher()
    result_b = publisher_b.publish(write_bundle(tmp_path, b))

    assert result_a.changed and result_a.version == "1.1.0"
    assert not result_b.changed and set(log_b.actions()) <= READS
    assert public_state(ckan_server, a) == load_bundle(new_a).content_hashes()
    with ckan_server.admin() as admin:
        now_a = admin.action.package_show(id=a)
        assert admin.action.package_show(id=b)["metadata_modified"] == old_b["metadata_modified"]
    assert now_a["version"] == "1.1.0" and now_a["id"] == old_a["id"]
    # Files whose bytes did not change keep their resource (and their download URL).
    unchanged = {
        r["bundle_path"]: r["id"]
        for r in old_a["resources"]
        if r["bundle_path"] in ("privacy.md", "dcat.jsonld")
    }
    assert {
        r["bundle_path"]: r["id"] for r in now_a["resources"] if r["bundle_path"] in unchanged
    } == unchanged
    assert len(now_a["resources"]) == len(old_a["resources"])


def _interrupt_then_resume(ckan_server, make_publisher, name, bundle_dir, old_state, cut):
    """Publish with the portal going away after ``cut`` requests; check what the public sees."""
    new_state = load_bundle(bundle_dir).content_hashes()
    publisher, _ = make_publisher(goes_away_after=cut)
    try:
        publisher.publish(bundle_dir)
        finished = True
    except PortalError as exc:
        assert "niet bereikbaar" in str(exc)
        finished = False
    seen = public_state(ckan_server, name, download=False)
    assert seen in (old_state, new_state), f"mixed release visible after {cut} requests"
    assert not staging_visible_to_public(ckan_server, name)
    resumed, _ = make_publisher()
    resumed.publish(bundle_dir)
    assert public_state(ckan_server, name) == new_state
    again, log = make_publisher()
    assert again.publish(bundle_dir).write_calls == 0 and set(log.actions()) <= READS
    with ckan_server.admin() as admin:
        with pytest.raises(ckanapi.NotFound):
            admin.action.package_show(id=name + STAGING_SUFFIX)
        assert len(admin.action.package_show(id=name)["resources"]) == len(new_state)
    return finished


def test_portal_going_away_during_an_update_never_shows_a_mix(
    ckan_server, make_publisher, unique, tmp_path
):
    name = unique("stoppen")
    make_publisher()[0].publish(write_bundle(tmp_path, name, "1.0.0"))
    state = public_state(ckan_server, name)
    # Requests 1-5 only read (status, token, organization, dataset, staging): start cutting at 5.
    cut, version = 5, 1
    while True:  # one interrupted update per cut point, until the update no longer gets cut
        bundle_dir = write_bundle(tmp_path, name, f"1.{version}.0", default_table(value=version))
        finished = _interrupt_then_resume(ckan_server, make_publisher, name, bundle_dir, state, cut)
        state = load_bundle(bundle_dir).content_hashes()
        if finished:
            break
        cut, version = cut + 1, version + 1
    assert cut > 12  # the loop really cut every step of an update (stage, verify, swap, clean up)


# A first publish of 6 files: 5 reads, 2 creates, 6 uploads, 6 verifying downloads, then empty the
# staging dataset (20), swap (21), purge staging (22). Cut inside each phase and at each boundary.
@pytest.mark.parametrize("cut", [6, 10, 16, 19, 20, 21])
def test_portal_going_away_during_a_first_publish_shows_nothing_partial(
    ckan_server, make_publisher, unique, tmp_path, cut
):
    name = unique("nieuw")
    bundle_dir = write_bundle(tmp_path, name, geojson=True)
    _interrupt_then_resume(ckan_server, make_publisher, name, bundle_dir, None, cut)


def test_wrong_token_is_a_clear_error_and_writes_nothing(
    ckan_server, make_publisher, unique, tmp_path
):
    name = unique("token")
    publisher, log = make_publisher(token="haarlem-wrong-token-7f3a9c")
    with pytest.raises(PortalError, match="accepteert CKAN_API_TOKEN niet") as raised:
        publisher.publish(write_bundle(tmp_path, name))
    assert set(log.actions()) <= {"status_show", "user_show"}
    assert "haarlem-wrong-token-7f3a9c" not in str(raised.value)
    assert public_state(ckan_server, name) is None


def test_missing_token_is_a_clear_error(ckan_server, make_publisher, unique, tmp_path):
    publisher, log = make_publisher(token=None)
    with pytest.raises(PortalError, match="CKAN_API_TOKEN ontbreekt"):
        publisher.publish(write_bundle(tmp_path, unique("geen-token")))
    assert set(log.actions()) <= READS


@pytest.fixture
def html_server():
    class Handler(http.server.BaseHTTPRequestHandler):
        def _page(self):
            body = b"<html><body>Welkom bij een gewone website</body></html>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST = _page

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def test_url_that_is_not_a_ckan_is_a_clear_error(html_server, tmp_path):
    from haarlem_opendata.publish.ckan import CkanPublisher, retrying_session

    publisher = CkanPublisher(
        html_server,
        "haarlem-secret-token-abc",
        metadata_dir=METADATA_DIR,
        session=retrying_session(1, 0.01),
    )
    with pytest.raises(PortalError, match="geen CKAN-portal") as raised:
        publisher.publish(write_bundle(tmp_path, "website"))
    assert "haarlem-secret-token-abc" not in str(raised.value)


def test_refuses_to_overwrite_a_dataset_it_did_not_create(
    ckan_server, make_publisher, unique, tmp_path
):
    name = unique("vreemd")
    with ckan_server.admin() as admin:
        org = admin.action.organization_show(id="gemeente-haarlem")
        foreign = admin.action.package_create(
            name=name, title="Van een collega", owner_org=org["id"], notes="handmatig"
        )
    publisher, log = make_publisher()
    with pytest.raises(PublishRefused, match="niet door deze pijplijn gemaakt"):
        publisher.publish(write_bundle(tmp_path, name))
    assert set(log.actions()) <= READS
    with ckan_server.admin() as admin:
        after = admin.action.package_show(id=name)
    assert (
        after["metadata_modified"] == foreign["metadata_modified"]
        and after["title"] == "Van een collega"
    )


def test_refuses_failed_checks_before_contacting_the_portal(make_publisher, unique, tmp_path):
    bundle_dir = write_bundle(
        tmp_path,
        unique("mislukt"),
        checks=[
            {"name": "pii_scan", "passed": False, "blocking": True, "metadata": {}},
            {"name": "cells_audit", "passed": True, "blocking": True, "metadata": {}},
            {"name": "datapackage_valid", "passed": True, "blocking": True, "metadata": {}},
        ],
    )
    publisher, log = make_publisher()
    with pytest.raises(PublishRefused, match="pii_scan"):
        publisher.publish(bundle_dir)
    assert log.requests == []


def test_refuses_a_bundle_the_net_objects_to_before_contacting_the_portal(
    make_publisher, unique, tmp_path
):
    """A phone number in the privacy note, found by the real last-line net: CKAN never hears of
    it."""
    from tests.net.helpers import record_net

    bundle_dir = write_bundle(tmp_path, unique("vangnet"))
    with (bundle_dir / "privacy.md").open("a", encoding="utf-8") as handle:
        handle.write("Vragen? Bel 06-72247045.\n")
    publisher, log = make_publisher()
    with pytest.raises(PublishRefused, match="privacy.md"):  # the old pass does not cover it
        publisher.publish(bundle_dir)
    assert not record_net(bundle_dir)["passed"]
    with pytest.raises(PublishRefused, match="pii_net") as info:
        publisher.publish(bundle_dir)
    assert "72247045" not in str(info.value)
    assert log.requests == []


def test_a_bundle_from_the_package_stage_publishes_completely(
    ckan_server, make_publisher, unique, tmp_path
):
    """The real package builder's geodata bundle (GeoJSON + GeoPackage): all files reach the
    public."""
    from haarlem_opendata.package.checks import record_bundle_check
    from haarlem_opendata.package.validate import validate_bundle
    from tests.package.helpers import build, geo_spec, geo_table

    name = unique("gebieden")
    built = build(geo_spec(name=name), geo_table(), tmp_path / name)
    with pytest.raises(PublishRefused, match="datapackage_valid"):
        load_bundle(built.path)  # not validated yet: the publisher must refuse it
    # The datapackage stage's blocking check, as it runs in the pipeline (real Frictionless).
    report = validate_bundle(built.path)
    assert report.valid, report.errors
    record_bundle_check(built.path, {"name": "datapackage_valid", "passed": report.valid})
    from tests.net.helpers import record_net

    assert record_net(built.path)["passed"]  # the last-line net, as the pipeline runs it
    bundle = load_bundle(built.path)
    assert {"gebieden.gpkg", "gebieden.geojson"} <= {
        f.relpath.replace(name, "gebieden") for f in bundle.files
    }

    result = make_publisher()[0].publish(built.path)
    assert result.changed
    assert public_state(ckan_server, name) == bundle.content_hashes()
    with ckan_server.anonymous() as anon:
        package = anon.action.package_show(id=name)
    assert package["title"] == "Inwoners per bemalingsgebied (test)"
    assert {r["format"] for r in package["resources"]} >= {
        "CSV",
        "Parquet",
        "GeoJSON",
        "GeoPackage",
    }
    page = requests.get(f"{ckan_server.url}/dataset/{name}", timeout=30)
    assert page.status_code == 200 and "Inwoners per bemalingsgebied (test)" in page.text
    publisher, log = make_publisher()
    assert publisher.publish(built.path).write_calls == 0 and set(log.actions()) <= READS


def test_an_org_editor_token_publishes_and_reruns_without_writes(ckan_server, unique, tmp_path):
    """Not every publisher is a sysadmin: an editor cannot purge, the staging dataset stays
    private."""
    from haarlem_opendata.publish.ckan import CkanPublisher, retrying_session

    org = ckan_server.new_organization(title="Gemeente Haarlem (editor-test)")
    _, token = ckan_server.new_user(organization=org["name"], capacity="editor")
    name = unique("editor")

    def publisher():
        return CkanPublisher(
            ckan_server.url,
            token,
            metadata_dir=METADATA_DIR,
            organization=org["name"],
            session=retrying_session(2, 0.01),
        )

    first = publisher().publish(write_bundle(tmp_path, name))
    assert first.changed and public_state(ckan_server, name) == first.resource_hashes
    assert not staging_visible_to_public(ckan_server, name)
    assert publisher().publish(write_bundle(tmp_path, name)).write_calls == 0
    update = write_bundle(tmp_path, name, "1.1.0", default_table(value=2))
    assert publisher().publish(update).changed
    assert public_state(ckan_server, name) == load_bundle(update).content_hashes()
    assert publisher().publish(update).write_calls == 0


def test_a_token_without_rights_in_the_organization_writes_nothing(ckan_server, unique, tmp_path):
    from haarlem_opendata.publish.ckan import CkanPublisher, retrying_session

    org = ckan_server.new_organization()
    _, token = ckan_server.new_user()  # a valid token, but no member of the organization
    name = unique("buitenstaander")
    publisher = CkanPublisher(
        ckan_server.url,
        token,
        metadata_dir=METADATA_DIR,
        organization=org["name"],
        session=retrying_session(2, 0.01),
    )
    with pytest.raises(PortalError, match="geen toestemming"):
        publisher.publish(write_bundle(tmp_path, name))
    with ckan_server.admin() as admin, pytest.raises(ckanapi.NotFound):
        admin.action.package_show(id=name)


def test_ckan_behaviour_the_atomic_swap_relies_on(ckan_server, ckan_admin, unique):
    """CKAN 2.12 facts the publisher builds on; if an upgrade changes them, this fails first.

    A live resource of another dataset cannot be listed in package_update, a deleted one can, and
    it then moves with its uploaded file (files are stored by resource id) in one transaction.
    """
    import io

    org = ckan_server.new_organization()
    public = ckan_admin.action.package_create(name=unique("doel"), owner_org=org["id"])
    staging = ckan_admin.action.package_create(
        name=unique("voorb"), owner_org=org["id"], private=True
    )
    payload = b"regio_code,aantal\nBU03920101,12\n"
    staged = ckan_admin.call_action(
        "resource_create",
        {"package_id": staging["id"], "name": "x.csv", "url": "x.csv"},
        files={"upload": ("x.csv", io.BytesIO(payload))},
    )

    with pytest.raises(ckanapi.ValidationError):
        ckan_admin.action.package_update(**{**public, "resources": [staged]})
    ckan_admin.action.package_update(**{**staging, "resources": []})
    moved = ckan_admin.action.package_update(**{**public, "resources": [staged]})

    assert [r["id"] for r in moved["resources"]] == [staged["id"]]
    ckan_admin.action.dataset_purge(id=staging["id"])
    with ckan_server.anonymous() as anon:
        url = anon.action.package_show(id=public["id"])["resources"][0]["url"]
    assert requests.get(url, timeout=30).content == payload


def test_parallel_first_publishes_share_one_new_organization(ckan_server, unique, tmp_path):
    """Dagster publishes datasets in parallel: both may find the organization missing at once."""
    from haarlem_opendata.publish.ckan import CkanPublisher, retrying_session

    org = unique("parallel-org")
    both_looked = threading.Barrier(2, timeout=60)

    def publisher():
        session = retrying_session(2, 0.01)
        looked = []

        def wait_for_the_other(response, *args, **kwargs):
            if response.request.url.endswith("/api/action/organization_show") and not looked:
                looked.append(True)
                both_looked.wait()  # neither creates the organization before both saw it missing

        session.hooks["response"].append(wait_for_the_other)
        return CkanPublisher(
            ckan_server.url,
            ckan_server.token,
            metadata_dir=METADATA_DIR,
            organization=org,
            session=session,
        )

    names = [unique("parallel-a"), unique("parallel-b")]
    with ThreadPoolExecutor(2) as pool:
        futures = [
            pool.submit(lambda n=n: publisher().publish(write_bundle(tmp_path, n))) for n in names
        ]
        results = [f.result() for f in futures]  # re-raises a publisher's error here
    assert all(r.changed for r in results)
    with ckan_server.anonymous() as anon:
        owners = {anon.action.package_show(id=n)["organization"]["name"] for n in names}
    assert owners == {org}


def test_a_dataset_deleted_by_hand_is_published_again(
    ckan_server, make_publisher, unique, tmp_path
):
    name = unique("verwijderd")
    bundle_dir = write_bundle(tmp_path, name)
    make_publisher()[0].publish(bundle_dir)
    with ckan_server.admin() as admin:
        admin.action.package_delete(id=name)
    assert public_state(ckan_server, name) is None
    assert make_publisher()[0].publish(bundle_dir).changed
    assert public_state(ckan_server, name) == load_bundle(bundle_dir).content_hashes()
    assert make_publisher()[0].publish(bundle_dir).write_calls == 0
