"""From a verified release bundle to the CKAN dataset and resource fields it should have.

The data package is the single source of the portal's metadata: the DCAT-AP-DONL values come from
:func:`haarlem_opendata.fair.dcat.donl_fields` (the one DONL mapping in the project) and are stored
as CKAN core fields where CKAN has one and otherwise as the fields of the portal's dataset schema
(ckanext-scheming, ``scripts/ckanext-haarlem-portal``: Dutch labels on the page, and the same names
in the API). This module is pure (no network),
so the "has anything changed?" comparison the publisher makes is testable on its own.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from haarlem_opendata.formats import FORMATS
from haarlem_opendata.publish.bundle import Bundle, BundleFile

MANAGED_KEY = "haarlem_opendata_managed"  # marks datasets this pipeline created and may overwrite
STAGING_FOR_KEY = "haarlem_opendata_staging_for"
BUNDLE_PATH_KEY = "bundle_path"  # resource extra: which bundle file a resource holds

# Every dataset field the publisher sets beyond CKAN's core fields. The portal's scheming schema
# declares each (tests/publish/test_ckan_mapping.py holds the two lists together); a schema field
# can no longer be sent as a free-form extra (CKAN refuses an extra named like a schema field).
SCHEMA_FIELDS = (
    "identifier",
    "uri",
    "metadata_language",
    "language",
    "theme",
    "modified",
    "authority",
    "publisher",
    "contact_point_name",
    "contact_point_email",
    "contact_point_website",
    "access_rights",
    "frequency",
    "dataset_status",
    "source",
    "spatial_scheme",
    "spatial_value",
    "temporal_start",
    "temporal_end",
    "privacy_summary",
    "besluiten",
    "content_hashes",
    MANAGED_KEY,
    STAGING_FOR_KEY,
)

# Dataset-level keys of donl_fields() that are CKAN core fields (everything else a schema field).
_CORE_FROM_DONL = {
    "name",
    "title",
    "notes",
    "license_id",
    "url",
    "version",
    "tags",
    "distributions",
}

# Display names CKAN keeps as given (its format cleaner maps known extensions to these).
FORMAT_LABELS = {f.key: f.ckan_label for f in FORMATS.values()}

_METADATA_RESOURCES = {
    "datapackage.json": (
        "Datapakketbeschrijving (datapackage.json)",
        (
            "Beschrijving van deze release volgens de Frictionless Data Package-standaard: "
            "kolommen en typen, bestandsgrootte en sha256 van elk bestand, de toegepaste "
            "privacybescherming en de herkomst (bronnen, pijplijnversie, besluiten)."
        ),
    ),
    "privacy.md": (
        "Privacyverantwoording",
        (
            "In gewone taal: hoe de privacy van inwoners in deze dataset is beschermd, met de "
            "instellingen en de uitkomst van de controles."
        ),
    ),
    "verwerkingsregister.md": (
        "Verwerkingsregister",
        (
            "De vermelding van deze verwerking in het verwerkingsregister van de gemeente (AVG "
            "artikel 30): doel, welke gegevens over wie, waar en hoe lang de ruwe gegevens worden "
            "bewaard en wie wat ontvangt."
        ),
    ),
    "verwerkingsregister.json": (
        "Verwerkingsregister (JSON)",
        "Dezelfde vermelding in het verwerkingsregister, machineleesbaar.",
    ),
    "dcat.jsonld": (
        "DCAT-AP-DONL-metadata (dcat.jsonld)",
        (
            "De metadata van deze dataset in DCAT-AP-DONL (JSON-LD), voor data.overheid.nl en "
            "andere catalogi."
        ),
    ),
}


def _text(value: Any) -> str:
    """CKAN extras hold strings; lists and objects are stored as JSON."""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _donl(
    package: dict[str, Any], portal_base_url: str | None, metadata_dir: Path | str
) -> dict[str, Any]:
    # Imported here so the publisher's refusal logic does not depend on the FAIR vocabularies.
    from haarlem_opendata.fair.dcat import donl_fields

    return donl_fields(package, portal_base_url=portal_base_url, metadata_dir=metadata_dir)


def _besluit_ids(package: dict[str, Any]) -> list[str]:
    besluiten = (package.get("provenance") or {}).get("besluiten") or []
    return [str(b["id"]) for b in besluiten if isinstance(b, dict) and b.get("id")]


def _privacy_summary(package: dict[str, Any]) -> str:
    privacy = package.get("privacy") or {}
    summary = privacy.get("summary") if isinstance(privacy, dict) else None
    return summary if isinstance(summary, str) else ""


def _notes(package: dict[str, Any]) -> str:
    parts = [str(package.get("description") or "").strip()]
    summary = _privacy_summary(package).strip()
    if summary:
        parts.append(f"**Privacy.** {summary} Zie de Privacyverantwoording bij deze dataset.")
    if package.get("attribution"):
        parts.append(str(package["attribution"]))
    return "\n\n".join(p for p in parts if p)


def dataset_fields(
    bundle: Bundle,
    *,
    owner_org: str,
    metadata_dir: Path | str,
    portal_base_url: str | None = None,
) -> dict[str, Any]:
    """CKAN package fields (no resources) for the bundle's release, as they should be public
    (the DONL values from the vocabularies in ``metadata_dir``, the settings' folder)."""
    package = bundle.package
    donl = _donl(package, portal_base_url, metadata_dir)
    extras = {key: _text(value) for key, value in donl.items() if key not in _CORE_FROM_DONL}
    extras.update(
        {
            "privacy_summary": _privacy_summary(package),
            "besluiten": _text(_besluit_ids(package)),
            "content_hashes": _text(bundle.content_hashes()),
            MANAGED_KEY: "true",
            # ckanext-dcat names the dataset's node by this field: the DONL identifier.
            "uri": str(donl.get("identifier") or ""),
        }
    )
    contact: dict = next(
        (c for c in package.get("contributors", []) if "contact" in c.get("roles", [])), {}
    )
    publisher: dict = next(
        (c for c in package.get("contributors", []) if "publisher" in c.get("roles", [])), {}
    )
    fields: dict[str, Any] = {
        "name": bundle.name,
        "title": str(donl.get("title") or package.get("title") or bundle.name),
        "notes": _notes(package),
        "license_id": str(donl.get("license_id") or ""),
        "version": str(package.get("version") or ""),
        "url": str(donl.get("url") or package.get("homepage") or ""),
        "owner_org": owner_org,
        "author": str(publisher.get("title") or ""),
        "maintainer": str(contact.get("title") or ""),
        "maintainer_email": str(contact.get("email") or ""),
        "tags": [{"name": str(t)} for t in donl.get("tags") or package.get("keywords") or []],
    }
    fields.update(sorted(extras.items()))
    return fields


def resource_fields(bundle: Bundle) -> list[dict[str, Any]]:
    """One CKAN resource (without id/url) per bundle file, data files first, in bundle order."""
    return [_resource(item) for item in bundle.files]


def _resource(item: BundleFile) -> dict[str, Any]:
    if item.relpath in _METADATA_RESOURCES:
        name, description = _METADATA_RESOURCES[item.relpath]
    else:
        label = FORMAT_LABELS.get(item.format, item.format.upper())
        name = item.title or f"{item.name} ({label})"
        description = item.description or f"De gegevens van deze dataset als {label}-bestand."
    return {
        "name": name,
        "description": description,
        "format": FORMAT_LABELS.get(item.format, item.format.upper()),
        "hash": item.hash,
        BUNDLE_PATH_KEY: item.relpath,
    }


# --- comparison: what the publisher uses to decide that nothing needs writing -----------------

_COMPARED_DATASET_FIELDS = (
    "name",
    "title",
    "notes",
    "license_id",
    "version",
    "url",
    "owner_org",
    "author",
    "maintainer",
    "maintainer_email",
)
_COMPARED_RESOURCE_FIELDS = ("name", "description", "hash", BUNDLE_PATH_KEY)


def portal_fields(package: dict[str, Any]) -> dict[str, str]:
    """The publisher's own fields of a CKAN dataset (schema fields; free extras of older
    releases)."""
    fields = {e["key"]: e["value"] for e in package.get("extras") or []}
    fields.update(
        {k: v for k, v in package.items() if k in SCHEMA_FIELDS and isinstance(v, str) and v}
    )
    return fields


def dataset_differences(desired: dict[str, Any], current: dict[str, Any]) -> list[str]:
    """Names of dataset-level fields whose public value differs from the desired one."""
    diffs = [
        k for k in _COMPARED_DATASET_FIELDS if (current.get(k) or "") != (desired.get(k) or "")
    ]
    if sorted(t["name"] for t in current.get("tags") or []) != sorted(
        t["name"] for t in desired["tags"]
    ):
        diffs.append("tags")
    if portal_fields(current) != portal_fields(desired):
        diffs.append("portal_fields")
    if current.get("private"):
        diffs.append("private")
    if current.get("state", "active") != "active":  # e.g. deleted by hand in the CKAN interface
        diffs.append("state")
    return diffs


def resource_matches(desired: dict[str, Any], current: dict[str, Any]) -> bool:
    """True when a live CKAN resource already holds exactly this file, described this way."""
    return (
        current.get("url_type") == "upload"
        and all((current.get(k) or "") == desired[k] for k in _COMPARED_RESOURCE_FIELDS)
        and str(current.get("format") or "").lower() == desired["format"].lower()
    )


def same_file(desired: dict[str, Any], current: dict[str, Any]) -> bool:
    """True when a CKAN resource holds the same bytes (its description may still need updating)."""
    return (
        current.get("url_type") == "upload"
        and current.get("hash") == desired["hash"]
        and current.get(BUNDLE_PATH_KEY) == desired[BUNDLE_PATH_KEY]
    )
