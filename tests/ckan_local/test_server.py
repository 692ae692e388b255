"""The local CKAN behaves like a portal: visibility, uploads, pages, search.

These run against the real CKAN 2.12 started by scripts/ckan-local, with the
pgsearch plugin answering dataset search from PostgreSQL.
"""

from __future__ import annotations

import hashlib
import io
import os
import uuid

import ckanapi
import pytest
import requests

pytestmark = pytest.mark.ckan


def _name(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


@pytest.fixture
def organization(ckan_server):
    return ckan_server.new_organization(title="Gemeente Haarlem (test)")


def _names(result: dict) -> set[str]:
    return {p["name"] for p in result["results"]}


def test_status_show_answers_with_pinned_version(ckan_anonymous):
    status = ckan_anonymous.action.status_show()
    assert status["ckan_version"] == "2.12.0"
    assert "haarlem_pgsearch" in status["extensions"]
    # what a Dutch municipal portal runs (issue 16), and what the publisher requires
    from haarlem_opendata.publish.ckan import REQUIRED_PLUGINS

    portal = {"scheming_datasets", "haarlem_portal", "dcat", *REQUIRED_PLUGINS}
    assert portal <= set(status["extensions"])


def test_the_licence_list_is_donl_with_short_titles(ckan_anonymous):
    licences = {entry["id"]: entry for entry in ckan_anonymous.action.license_list()}
    cc0 = licences["http://creativecommons.org/publicdomain/zero/1.0/deed.nl"]
    assert cc0["title"] == "CC0 1.0" and cc0["url"].startswith("https://creativecommons.org/")
    assert licences["http://creativecommons.org/licenses/by/4.0/deed.nl"]["title"] == "CC-BY 4.0"


def test_private_dataset_hidden_from_public_visible_to_sysadmin(
    ckan_admin, ckan_anonymous, organization, ckan_server
):
    tag = _name("tag")
    public = ckan_admin.action.package_create(
        name=_name("openbaar"), owner_org=organization["id"], tags=[{"name": tag}]
    )
    private = ckan_admin.action.package_create(
        name=_name("besloten"), owner_org=organization["id"], private=True, tags=[{"name": tag}]
    )

    anon = _names(ckan_anonymous.action.package_search(fq=f"tags:{tag}", include_private=True))
    admin = _names(ckan_admin.action.package_search(fq=f"tags:{tag}", include_private=True))
    assert anon == {public["name"]}
    assert admin == {public["name"], private["name"]}

    assert private["name"] not in ckan_anonymous.action.package_list()
    # newest first, and the private one is newer: page until the public one shows
    recent: set[str] = set()
    for offset in range(0, 2000, 25):
        page = ckan_anonymous.action.current_package_list_with_resources(limit=25, offset=offset)
        recent |= {p["name"] for p in page}
        if public["name"] in recent or not page:
            break
    assert public["name"] in recent
    assert private["name"] not in recent
    org = ckan_anonymous.action.organization_show(id=organization["id"], include_datasets=True)
    assert {p["name"] for p in org["packages"]} == {public["name"]}
    assert org["package_count"] == 1
    with pytest.raises(ckanapi.NotAuthorized):
        ckan_anonymous.action.package_show(id=private["id"])
    assert (
        requests.get(f"{ckan_server.url}/dataset/{private['name']}", timeout=30).status_code == 404
    )


def test_org_member_sees_own_private_dataset_but_not_another_orgs(
    ckan_server, ckan_admin, organization
):
    other = ckan_server.new_organization(title="Andere gemeente")
    tag = _name("tag")
    mine = ckan_admin.action.package_create(
        name=_name("eigen"), owner_org=organization["id"], private=True, tags=[{"name": tag}]
    )
    ckan_admin.action.package_create(
        name=_name("vreemd"), owner_org=other["id"], private=True, tags=[{"name": tag}]
    )
    _, token = ckan_server.new_user(organization=organization["id"], capacity="member")
    with ckanapi.RemoteCKAN(ckan_server.url, apikey=token) as member:
        seen = _names(member.action.package_search(fq=f"tags:{tag}", include_private=True))
        hidden = _names(member.action.package_search(fq=f"tags:{tag}"))
    assert seen == {mine["name"]}
    assert hidden == set()


def test_group_show_lists_only_public_datasets_for_anonymous(
    ckan_admin, ckan_anonymous, organization
):
    group = ckan_admin.action.group_create(name=_name("thema"), title="Wonen")
    public = ckan_admin.action.package_create(
        name=_name("openbaar"), owner_org=organization["id"], groups=[{"name": group["name"]}]
    )
    ckan_admin.action.package_create(
        name=_name("besloten"),
        owner_org=organization["id"],
        private=True,
        groups=[{"name": group["name"]}],
    )
    shown = ckan_anonymous.action.group_show(id=group["name"], include_datasets=True)
    assert [p["name"] for p in shown["packages"]] == [public["name"]]


def test_uploaded_resource_downloads_byte_identical(ckan_admin, organization, ckan_server):
    payload = b"buurt,inwoners\nHaarlem-Centrum,1234\n" + os.urandom(
        20_000_000
    )  # ~20 MB: within the configured limit
    dataset = ckan_admin.action.package_create(name=_name("upload"), owner_org=organization["id"])
    resource = ckan_admin.action.resource_create(
        package_id=dataset["id"],
        name="gegevens.csv",
        format="CSV",
        upload=("gegevens.csv", io.BytesIO(payload)),
    )

    url = (
        f"{ckan_server.url}/dataset/{dataset['id']}/resource/{resource['id']}/download/gegevens.csv"
    )
    assert resource["url"] == url
    got = requests.get(url, timeout=60)
    assert got.status_code == 200
    assert hashlib.sha256(got.content).hexdigest() == hashlib.sha256(payload).hexdigest()


def test_dataset_page_renders(ckan_admin, organization, ckan_server):
    dataset = ckan_admin.action.package_create(
        name=_name("pagina"), title="Buurtcijfers Haarlem", owner_org=organization["id"]
    )
    page = requests.get(f"{ckan_server.url}/dataset/{dataset['name']}", timeout=30)
    assert page.status_code == 200
    assert "Buurtcijfers Haarlem" in page.text
    for path in ("/", "/dataset/", f"/organization/{organization['name']}"):
        assert requests.get(f"{ckan_server.url}{path}", timeout=30).status_code == 200, path


def test_search_page_shows_public_and_hides_private_titles(ckan_admin, organization, ckan_server):
    word = uuid.uuid4().hex[:8]
    ckan_admin.action.package_create(
        name=_name("zichtbaar"), title=f"Zichtbaar {word}", owner_org=organization["id"]
    )
    ckan_admin.action.package_create(
        name=_name("verborgen"),
        title=f"Verborgen {word}",
        owner_org=organization["id"],
        private=True,
    )
    for path in (f"/dataset/?q={word}", f"/organization/{organization['name']}?q={word}"):
        page = requests.get(f"{ckan_server.url}{path}", timeout=30)
        assert page.status_code == 200, path
        assert f"Zichtbaar {word}" in page.text, path
        assert f"Verborgen {word}" not in page.text, path


def test_search_by_q_and_fq(ckan_admin, ckan_anonymous, organization):
    word = uuid.uuid4().hex[:8]
    tag = _name("tag")
    group = ckan_admin.action.group_create(name=_name("thema"))
    in_notes = ckan_admin.action.package_create(
        name=_name("a"),
        title="Rioolbelasting",
        notes=f"Gemaal {word} bemalingsgebied",
        owner_org=organization["id"],
        tags=[{"name": tag}],
        groups=[{"name": group["name"]}],
    )
    in_title = ckan_admin.action.package_create(
        name=_name("b"), title=f"Meldingen {word.upper()}", owner_org=organization["id"]
    )
    ckan_admin.action.resource_create(
        package_id=in_title["id"],
        name="m.geojson",
        format="GeoJSON",
        upload=("m.geojson", io.BytesIO(b"{}")),
    )
    search = ckan_anonymous.action.package_search

    assert _names(search(q=word)) == {in_notes["name"], in_title["name"]}
    assert _names(search(q=f"{word} gemaal")) == {in_notes["name"]}
    assert _names(search(q=word, fq=f"tags:{tag}")) == {in_notes["name"]}
    assert _names(search(fq=f'groups:"{group["name"]}"')) == {in_notes["name"]}
    assert _names(search(q=word, fq="res_format:GeoJSON")) == {in_title["name"]}
    assert _names(search(fq=f"name:{in_title['name']}")) == {in_title["name"]}
    assert _names(search(q=f"title:{word}")) == {in_title["name"]}
    assert _names(search(q=f'notes:"{word} bemalingsgebied"')) == {in_notes["name"]}
    assert _names(search(q=word, fq=f"-tags:{tag}")) == {in_title["name"]}
    assert _names(search(fq=f"organization:{organization['name']}")) == {
        in_notes["name"],
        in_title["name"],
    }

    # newest first by default; rows/start page through the same order
    both = search(q=word)
    assert [p["name"] for p in both["results"]] == [in_title["name"], in_notes["name"]]
    assert both["count"] == 2
    assert [p["name"] for p in search(q=word, rows=1, start=1)["results"]] == [in_notes["name"]]
    by_name = search(q=word, sort="name asc")
    assert [p["name"] for p in by_name["results"]] == sorted([in_title["name"], in_notes["name"]])

    facets = search(q=word, **{"facet.field": '["res_format", "tags"]'})["search_facets"]
    assert {i["name"]: i["count"] for i in facets["res_format"]["items"]} == {"GeoJSON": 1}
    assert {i["name"]: i["count"] for i in facets["tags"]["items"]} == {tag: 1}


def test_unsupported_query_syntax_is_refused_clearly(ckan_anonymous):
    with pytest.raises(ckanapi.SearchQueryError) as err:
        ckan_anonymous.action.package_search(fq="vocab_thema:x")
    assert "pgsearch" in str(err.value)
