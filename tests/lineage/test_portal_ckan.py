"""Besluit groups on the real local CKAN 2.12: created, kept in step, idempotent, pruned."""

from __future__ import annotations

import json
import uuid

import ckanapi
import pytest

from haarlem_opendata.errors import PublishRefused
from haarlem_opendata.lineage.portal_ckan import GROUP_MARKER, sync_besluit_groups
from haarlem_opendata.publish.ckan_mapping import portal_fields
from haarlem_opendata.spec import Besluit, BesluitenRegister

from .conftest import make_spec

pytestmark = pytest.mark.ckan


def _besluit(identificatie: str, **extra) -> Besluit:
    return Besluit.model_validate(
        {
            "identificatie": identificatie,
            "titel": f"Besluit {identificatie}",
            "bestuursorgaan": "gemeenteraad",
            "besluittype": "Raadsbesluit",
            "datum": "2026-06-25",
            "ingangsdatum": "2027-01-01",
            "toelichting": "Rust op gepubliceerde data.",
            **extra,
        }
    )


@pytest.fixture
def world(ckan_server, ckan_admin):
    """Two datasets published by 'the pipeline' (managed marker), one foreign dataset, and a
    register of two besluiten; all names unique to this test."""
    tag = uuid.uuid4().hex[:8]
    org = ckan_server.new_organization()
    names = {k: f"lt{tag}-{k}" for k in ("riool", "meld", "vreemd")}
    ids = {k: f"HLM{tag.upper()}-RB-{n}" for k, n in (("grp", "014"), ("ibor", "007"))}
    for key, name in names.items():
        # the portal's schema fields (ckanext-scheming), as the publisher sets them
        own = {} if key == "vreemd" else {"haarlem_opendata_managed": "true", "besluiten": "[]"}
        ckan_admin.action.package_create(name=name, title=name, owner_org=org["id"], **own)
    catalog = {
        names["riool"]: make_spec(names["riool"], [ids["grp"]]),
        names["meld"]: make_spec(names["meld"], [ids["ibor"], ids["grp"]]),
        names["vreemd"]: make_spec(names["vreemd"], [ids["ibor"]]),
    }
    register = BesluitenRegister(
        besluiten=[
            _besluit(
                ids["grp"],
                links={"gemeenteblad": "https://zoek.officielebekendmakingen.nl/gmb-2026-1.html"},
            ),
            _besluit(ids["ibor"], voorbeeld=True),
        ]
    )
    return {"tag": tag, "names": names, "ids": ids, "catalog": catalog, "register": register}


def _members(ckan, group: str) -> set[str]:
    return {
        ckan.action.package_show(id=m[0])["name"]
        for m in ckan.action.member_list(id=group, object_type="package")
    }


def test_groups_members_and_extras_then_no_writes(world, ckan_admin, ckan_anonymous):
    names, ids, prefix = world["names"], world["ids"], f"hlm{world['tag']}"
    first = sync_besluit_groups(
        ckan_admin, world["register"], world["catalog"], prune_prefix=prefix
    )
    assert first.write_calls > 0
    # the foreign dataset is never touched and is reported as not on the portal
    assert first.not_on_portal == {ids["ibor"]: [names["vreemd"]]}

    grp = ckan_anonymous.action.group_show(id=ids["grp"].lower())
    assert grp["title"] == f"Besluit {ids['grp']}"
    extras = {e["key"]: e["value"] for e in grp["extras"]}
    assert extras[GROUP_MARKER] == "true"
    assert extras["gemeenteblad"] == "https://zoek.officielebekendmakingen.nl/gmb-2026-1.html"
    assert extras["datum"] == "2026-06-25"
    assert _members(ckan_anonymous, ids["grp"].lower()) == {names["riool"], names["meld"]}
    assert _members(ckan_anonymous, ids["ibor"].lower()) == {names["meld"]}
    ibor = ckan_anonymous.action.group_show(id=ids["ibor"].lower())
    assert "Voorbeeld" in ibor["description"]

    meld = ckan_anonymous.action.package_show(id=names["meld"])
    assert {g["name"] for g in meld["groups"]} == {ids["ibor"].lower(), ids["grp"].lower()}
    meld_extras = portal_fields(meld)
    assert json.loads(meld_extras["besluiten"]) == [ids["ibor"], ids["grp"]]
    assert meld_extras["haarlem_opendata_managed"] == "true"  # other extras kept
    vreemd = ckan_anonymous.action.package_show(id=names["vreemd"])
    assert vreemd["groups"] == [] and vreemd["extras"] == []

    again = sync_besluit_groups(
        ckan_admin, world["register"], world["catalog"], prune_prefix=prefix
    )
    assert again.actions == []


def test_changes_are_followed_and_dropped_besluiten_pruned(world, ckan_admin, ckan_anonymous):
    names, ids, prefix = world["names"], world["ids"], f"hlm{world['tag']}"
    sync_besluit_groups(ckan_admin, world["register"], world["catalog"], prune_prefix=prefix)

    # meldingen no longer supports the GRP; the IBOR besluit leaves the register
    catalog = dict(world["catalog"])
    catalog[names["meld"]] = make_spec(names["meld"], [])
    catalog[names["vreemd"]] = make_spec(names["vreemd"], [])
    register = BesluitenRegister(besluiten=[world["register"].get(ids["grp"])])
    result = sync_besluit_groups(ckan_admin, register, catalog, prune_prefix=prefix)
    assert any(a.startswith("member_delete") for a in result.actions)
    assert any(a.startswith(("group_purge", "group_delete")) for a in result.actions)

    assert _members(ckan_anonymous, ids["grp"].lower()) == {names["riool"]}
    with pytest.raises(ckanapi.NotFound):
        ckan_anonymous.action.group_show(id=ids["ibor"].lower())
    meld = ckan_anonymous.action.package_show(id=names["meld"])
    assert portal_fields(meld)["besluiten"] == "[]"
    assert sync_besluit_groups(ckan_admin, register, catalog, prune_prefix=prefix).actions == []


def test_refuses_a_group_it_did_not_make(world, ckan_admin):
    ckan_admin.action.group_create(name=world["ids"]["grp"].lower(), title="Van iemand anders")
    with pytest.raises(PublishRefused, match="not made by this pipeline"):
        sync_besluit_groups(ckan_admin, world["register"], world["catalog"], prune=False)
