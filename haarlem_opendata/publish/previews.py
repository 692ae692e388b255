"""Previews on the portal: a table of every CSV data file (DataStore + DataTables) and a map of
every GeoJSON file (ckanext-geoview).

Why the publisher pushes the rows itself (``datastore_create``) instead of ckanext-xloader: the
loader needs CKAN's background job worker, which must then be running and healthy for a release
to finish; a push from the publisher happens inside the publish, on the *staged* (private)
resource before the swap, so the table, the file and the view go public together in the one
``package_update`` that publishes the release, and a failure leaves the public release as it was.
Types come from the data package's Table Schema, not from guessing (xloader's "messytables").

Idempotent: a resource whose DataStore table holds as many rows as its file, and which has its
view, needs no write. A load that stopped half-way (row count differs) is replaced.
"""

from __future__ import annotations

import csv
import io
import logging
from collections.abc import Iterator
from typing import Any, Protocol

from haarlem_opendata.publish.bundle import Bundle, BundleFile

log = logging.getLogger(__name__)


class CkanCaller(Protocol):
    """What the previews need of :class:`~haarlem_opendata.publish.ckan.CkanClient` (which imports
    this module: naming the class here would be an import cycle)."""

    def call(
        self, action: str, data: dict[str, Any] | None = None, files: dict | None = None
    ) -> Any: ...


TABLE_VIEW = ("datatables_view", "Tabel")
MAP_VIEW = ("geojson_view", "Kaart")
CHUNK = 5000  # rows per DataStore call: a few MB of JSON per request at most

# Table Schema type → DataStore (PostgreSQL) type; everything else is text.
_TYPES = {"integer": "int8", "number": "numeric", "boolean": "bool", "date": "date"}


def preview_view(item: BundleFile) -> tuple[str, str] | None:
    """The view a bundle file gets on the portal (type, Dutch title), or None."""
    if not item.is_data:
        return None
    if item.format == "csv":
        return TABLE_VIEW
    if item.format == "geojson":
        return MAP_VIEW
    return None


def _schema(bundle: Bundle, item: BundleFile) -> list[dict[str, Any]]:
    for resource in bundle.package.get("resources", []):
        if resource.get("path") == item.relpath:
            return list((resource.get("schema") or {}).get("fields") or [])
    return []


def datastore_fields(bundle: Bundle, item: BundleFile, header: list[str]) -> list[dict[str, Any]]:
    """DataStore columns in the file's order, typed and labelled from the Table Schema."""
    declared = {f["name"]: f for f in _schema(bundle, item)}
    fields = []
    for name in header:
        spec = declared.get(name, {})
        info = {"label": spec.get("title") or name}
        if spec.get("description"):
            info["notes"] = spec["description"]
        fields.append({"id": name, "type": _TYPES.get(spec.get("type", ""), "text"), "info": info})
    return fields


def _rows(item: BundleFile) -> tuple[list[str], Iterator[dict[str, Any]]]:
    text = item.path.read_text(encoding="utf-8-sig")
    reader = csv.DictReader(io.StringIO(text))
    header = list(reader.fieldnames or [])

    def records() -> Iterator[dict[str, Any]]:
        for row in reader:
            # Suppressed cells are empty fields: NULL in the DataStore, never 0.
            yield {k: (v if v != "" else None) for k, v in row.items()}

    return header, records()


def row_count(item: BundleFile) -> int:
    with item.path.open(encoding="utf-8-sig", newline="") as handle:
        return max(sum(1 for _ in csv.reader(handle)) - 1, 0)


def _loaded_rows(client: CkanCaller, resource: dict[str, Any]) -> int | None:
    if not resource.get("datastore_active"):
        return None
    try:
        return int(
            client.call("datastore_search", {"resource_id": resource["id"], "limit": 0})["total"]
        )
    except Exception:  # noqa: BLE001 - a missing or broken table: load it again
        return None


def _has_view(client: CkanCaller, resource: dict[str, Any], view_type: str) -> bool:
    views = client.call("resource_view_list", {"id": resource["id"]})
    return any(v.get("view_type") == view_type for v in views)


def previews_ready(client: CkanCaller, item: BundleFile, resource: dict[str, Any]) -> bool:
    """True when the resource already has its table (all rows) and its view."""
    view = preview_view(item)
    if view is None:
        return True
    if view == TABLE_VIEW and _loaded_rows(client, resource) != row_count(item):
        return False
    return _has_view(client, resource, view[0])


def ensure_previews(
    client: CkanCaller, bundle: Bundle, item: BundleFile, resource: dict[str, Any]
) -> dict[str, Any]:
    """Load the DataStore table and create the view where missing; the resource as it is now."""
    view = preview_view(item)
    if view is None:
        return resource
    if view == TABLE_VIEW and _loaded_rows(client, resource) != row_count(item):
        _load(client, bundle, item, resource)
    if not _has_view(client, resource, view[0]):
        client.call(
            "resource_view_create",
            {"resource_id": resource["id"], "view_type": view[0], "title": view[1]},
        )
    return client.call("resource_show", {"id": resource["id"]})


def _load(client: CkanCaller, bundle: Bundle, item: BundleFile, resource: dict[str, Any]) -> None:
    if resource.get("datastore_active"):
        client.call("datastore_delete", {"resource_id": resource["id"], "force": True})
    header, records = _rows(item)
    chunk: list[dict[str, Any]] = []
    created = False
    for record in records:
        chunk.append(record)
        if len(chunk) == CHUNK:
            created = _push(client, bundle, item, resource, header, chunk, created)
            chunk = []
    if chunk or not created:
        _push(client, bundle, item, resource, header, chunk, created)
    log.info("ckan: %s in de DataStore geladen", item.relpath)


def _push(client, bundle, item, resource, header, chunk, created) -> bool:
    if not created:
        client.call(
            "datastore_create",
            {
                "resource_id": resource["id"],
                "force": True,
                "fields": datastore_fields(bundle, item, header),
                "records": chunk,
            },
        )
    else:
        client.call(
            "datastore_upsert",
            {"resource_id": resource["id"], "force": True, "method": "insert", "records": chunk},
        )
    return True
