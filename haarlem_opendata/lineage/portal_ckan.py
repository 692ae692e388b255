"""The besluiten on CKAN: one group per besluit with its datasets as members.

A visitor of the CKAN portal browses "Groepen" and finds each besluit with the datasets it rests
on; on a dataset's page the groups show the besluiten, and the ``besluiten`` extra lists their ids
(the same JSON value the CKAN publisher writes from the data package, so the two never fight).
The sync is idempotent: it reads first and writes only what differs, so a second run makes no
write call. It touches only groups it made (marked with an extra) and datasets the publisher made.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import ckanapi

from haarlem_opendata.errors import PublishRefused
from haarlem_opendata.lineage.register import datasets_for
from haarlem_opendata.publish.ckan_mapping import portal_fields
from haarlem_opendata.spec import Besluit, BesluitenRegister, DatasetSpec

log = logging.getLogger(__name__)

GROUP_MARKER = "haarlem_opendata_besluit"
PACKAGE_MARKER = "haarlem_opendata_managed"  # set by the CKAN publisher on datasets it made
BESLUITEN_EXTRA = "besluiten"


@dataclass
class GroupSyncResult:
    actions: list[str] = field(default_factory=list)  # write calls made, e.g. "group_create hlm-…"
    not_on_portal: dict[str, list[str]] = field(default_factory=dict)  # besluit -> datasets absent

    @property
    def write_calls(self) -> int:
        return len(self.actions)

    def to_metadata(self) -> dict[str, Any]:
        return {
            "write_calls": self.write_calls,
            "actions": list(self.actions),
            "not_on_portal": dict(self.not_on_portal),
        }


def besluiten_extra_value(ids: list[str]) -> str:
    """The ``besluiten`` extra exactly as the publisher writes it (JSON list of ids)."""
    return json.dumps(list(ids), ensure_ascii=False, sort_keys=True)


def group_fields(besluit: Besluit) -> dict[str, Any]:
    """The CKAN group a besluit should be."""
    lines = [besluit.toelichting.strip(), ""]
    if besluit.voorbeeld:
        lines.insert(0, "**Voorbeeld: dit is een fictief besluit.**\n")
    lines += [
        f"- Identificatie: {besluit.identificatie}",
        (
            f"- {besluit.besluittype} van de {besluit.bestuursorgaan.value}, genomen op "
            f"{besluit.datum.isoformat()}, in werking op {besluit.ingangsdatum.isoformat()}"
        ),
    ]
    labels = {
        "raadsinformatie": "Raadsdocument",
        "gemeenteblad": "Gemeenteblad",
        "besluiten_api": "Besluiten API",
    }
    for key, url in besluit.links.model_dump().items():
        if url:
            lines.append(f"- [{labels[key]}]({url})")
    extras = {
        GROUP_MARKER: "true",
        "identificatie": besluit.identificatie,
        "verantwoordelijkeOrganisatie": besluit.verantwoordelijkeOrganisatie,
        "bestuursorgaan": besluit.bestuursorgaan.value,
        "besluittype": besluit.besluittype,
        "datum": besluit.datum.isoformat(),
        "ingangsdatum": besluit.ingangsdatum.isoformat(),
        "voorbeeld": "true" if besluit.voorbeeld else "false",
    }
    extras.update({k: v for k, v in besluit.links.model_dump().items() if v})
    return {
        "name": besluit.slug,
        "title": besluit.titel[:100],
        "description": "\n".join(lines),
        "extras": [{"key": k, "value": v} for k, v in sorted(extras.items())],
    }


def _extras(obj: Mapping[str, Any]) -> dict[str, str]:
    return {e["key"]: e["value"] for e in obj.get("extras") or []}


def _show(ckan: ckanapi.RemoteCKAN, action: str, ident: str) -> dict[str, Any] | None:
    try:
        return getattr(ckan.action, action)(id=ident)
    except ckanapi.NotFound:
        return None


def _all_groups(ckan: ckanapi.RemoteCKAN, page: int = 25) -> list[dict[str, Any]]:
    """Every group with its extras; CKAN caps ``all_fields`` listings (25 by default), so page."""
    groups: list[dict[str, Any]] = []
    while True:
        batch = ckan.action.group_list(
            all_fields=True, include_extras=True, limit=page, offset=len(groups), sort="name asc"
        )
        groups.extend(batch)
        if len(batch) < page:
            return groups


def sync_besluit_groups(
    ckan: ckanapi.RemoteCKAN,
    register: BesluitenRegister,
    catalog: Mapping[str, DatasetSpec],
    *,
    prune: bool = True,
    prune_prefix: str = "",
) -> GroupSyncResult:
    """Make CKAN's besluit groups, their members and the datasets' ``besluiten`` extra match.

    With ``prune``, groups this pipeline made (whose name starts with ``prune_prefix``) for
    besluiten no longer in the register are removed (purged when the token may, else deleted).
    """
    result = GroupSyncResult()

    def write(action: str, label: str, **data: Any) -> Any:
        result.actions.append(f"{action} {label}")
        return getattr(ckan.action, action)(**data)

    packages: dict[str, dict[str, Any] | None] = {}
    for name in catalog:
        package = _show(ckan, "package_show", name)
        if package is not None and portal_fields(package).get(PACKAGE_MARKER) != "true":
            package = None  # not published by this pipeline: not ours to annotate
        packages[name] = package

    for besluit in register.besluiten:
        desired = group_fields(besluit)
        group = _show(ckan, "group_show", desired["name"])
        if group is None:
            group = write("group_create", desired["name"], **desired)
        else:
            if _extras(group).get(GROUP_MARKER) != "true":
                raise PublishRefused(
                    f"CKAN group {desired['name']!r} exists but was not made by this pipeline; "
                    "not overwriting it"
                )
            if (
                group.get("title"),
                group.get("description"),
                _extras(group),
                group.get("state"),
            ) != (desired["title"], desired["description"], _extras(desired), "active"):
                write(
                    "group_patch",
                    desired["name"],
                    id=group["id"],
                    title=desired["title"],
                    description=desired["description"],
                    extras=desired["extras"],
                    state="active",
                )

        wanted: dict[str, str] = {}
        for name in datasets_for(besluit.identificatie, catalog):
            package = packages.get(name)
            if package is None:
                result.not_on_portal.setdefault(besluit.identificatie, []).append(name)
            else:
                wanted[package["id"]] = name
        members = {m[0] for m in ckan.action.member_list(id=group["id"], object_type="package")}
        for package_id in sorted(set(wanted) - members):
            write(
                "member_create",
                f"{desired['name']} <- {wanted[package_id]}",
                id=group["id"],
                object=package_id,
                object_type="package",
                capacity="public",
            )
        for package_id in sorted(members - set(wanted)):
            write(
                "member_delete",
                f"{desired['name']} -x {package_id}",
                id=group["id"],
                object=package_id,
                object_type="package",
            )

    for name, package in packages.items():
        if package is None:
            continue
        value = besluiten_extra_value(catalog[name].besluiten)
        if portal_fields(package).get(BESLUITEN_EXTRA) != value:
            # a field of the portal's dataset schema (ckanext-scheming), set like the publisher
            write("package_patch", name, id=package["id"], **{BESLUITEN_EXTRA: value})

    if prune:
        known = {b.slug for b in register.besluiten}
        for group in _all_groups(ckan):
            name = group["name"]
            if (
                _extras(group).get(GROUP_MARKER) == "true"
                and name not in known
                and name.startswith(prune_prefix)
            ):
                try:
                    write("group_purge", name, id=group["id"])
                except ckanapi.NotAuthorized:
                    write("group_delete", name, id=group["id"])
    if result.actions:
        log.info("ckan besluiten: %d wijzigingen", result.write_calls)
    return result
