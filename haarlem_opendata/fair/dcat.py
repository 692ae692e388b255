"""The one mapping from a Frictionless data package to DCAT-AP-DONL (data.overheid.nl).

The data package is the single source of truth; portal metadata is derived from it here and
nowhere else. :func:`donl_fields` returns the flat field values data.overheid.nl's CKAN schema
(ckanext-dataoverheid) knows, which the CKAN publisher stores as fields and extras; the JSON-LD
export (:mod:`haarlem_opendata.fair.jsonld`) turns the same values into RDF, so the two cannot
drift apart. Values that DCAT-AP-DONL takes from a value list are URIs from ``metadata/``, file
formats from :mod:`haarlem_opendata.formats`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from haarlem_opendata.errors import SpecError
from haarlem_opendata.fair.vocab import ACCESS_PUBLIC, FREQUENCIES, LANGUAGE_NL, vocabularies
from haarlem_opendata.formats import FORMATS

DATASET_STATUS_AVAILABLE = "http://data.overheid.nl/status/beschikbaar"
SPATIAL_SCHEME_GEMEENTE = (
    "http://standaarden.overheid.nl/owms/4.0/doc/waardelijsten/overheid.gemeente"
)

# Mandatory DCAT-AP-DONL 1.1 properties, as keys of :func:`donl_fields` (dataset, distribution).
MANDATORY_DATASET = (
    "identifier",
    "title",
    "notes",
    "metadata_language",
    "language",
    "theme",
    "modified",
    "authority",
    "publisher",
    "contact_point_name",
    "contact_point_email",
)
MANDATORY_DISTRIBUTION = ("url", "license_id", "format", "name", "description")


def _contributor(package: dict, role: str) -> dict:
    for c in package.get("contributors", []):
        if role in c.get("roles", []):
            return c
    raise SpecError(
        package.get("name", "(package)"), "contributors", f"no contributor with role {role!r}"
    )


def _distribution_url(base: str, name: str, path: str, urls: dict[str, str] | None) -> str:
    if urls and path in urls:
        return urls[path]
    return f"{base}/dataset/{name}/{path}"


def donl_fields(
    package: dict,
    *,
    portal_base_url: str | None,
    resource_urls: dict[str, str] | None = None,
    metadata_dir: Path | str,
) -> dict[str, Any]:
    """DCAT-AP-DONL field values for one data package.

    Returns a dict of dataset-level fields (each a string or a list of strings, ready to be CKAN
    fields/extras) plus ``"distributions"``: one flat dict per package resource. Access URLs are
    ``<portal_base_url>/dataset/<name>/<path>`` unless ``resource_urls`` (path → URL) gives the
    URL the portal actually serves; ``portal_base_url`` None uses the one in
    ``metadata/organisatie.yaml``.
    """
    vocab = vocabularies(metadata_dir)
    org = vocab.organisation
    base = (portal_base_url or org.portal_base_url).rstrip("/")
    name = package["name"]
    publisher = _contributor(package, "publisher")
    contact = _contributor(package, "contact")
    licence = vocab.license(package["licenses"][0]["name"])
    theme = package["theme"]
    spatial = package.get("spatial", {})
    temporal = package.get("temporal", {})
    landing = package.get("homepage") or f"{base}/dataset/{name}"

    fields: dict[str, Any] = {
        "identifier": package["id"],
        "name": name,
        "title": package["title"],
        "notes": package["description"],
        "metadata_language": LANGUAGE_NL,
        "language": [LANGUAGE_NL],
        "theme": [theme["uri"]],
        "modified": str(package["created"])[:10],
        "authority": publisher["path"],
        "publisher": publisher["path"],
        "contact_point_name": contact["title"],
        "contact_point_email": contact["email"],
        "contact_point_website": contact.get("path", ""),
        "access_rights": ACCESS_PUBLIC,
        "license_id": licence.donl_uri,
        "url": landing,
        "version": package["version"],
        "frequency": FREQUENCIES.get(package.get("updateFrequency", ""), FREQUENCIES["irregular"]),
        "dataset_status": DATASET_STATUS_AVAILABLE,
        "tags": list(package.get("keywords", [])),
        "source": [s["path"] for s in package.get("sources", []) if s.get("path")],
    }
    if spatial.get("uri"):
        fields["spatial_scheme"] = [SPATIAL_SCHEME_GEMEENTE]
        fields["spatial_value"] = [spatial["uri"]]
    if temporal:
        fields["temporal_start"] = temporal["start"]
        fields["temporal_end"] = temporal["end"]

    distributions = []
    for res in package["resources"]:
        fmt = FORMATS[res["format"]]
        url = _distribution_url(base, name, res["path"], resource_urls)
        dist = {
            "url": url,
            "download_url": url,
            "name": res.get("title") or fmt.title,
            "description": res.get("description") or fmt.description,
            "format": fmt.uri,
            "mediatype": fmt.mediatype_uri,
            "license_id": licence.donl_uri,
            "metadata_language": LANGUAGE_NL,
            "language": [LANGUAGE_NL],
            "size": str(res["bytes"]) if "bytes" in res else None,
            "hash": res["hash"].split(":", 1)[1],
            "hash_algorithm": res["hash"].split(":", 1)[0],
            "path": res["path"],
        }
        distributions.append(dist)
    fields["distributions"] = distributions
    return fields


def missing_mandatory(fields: dict[str, Any]) -> list[str]:
    """Mandatory DCAT-AP-DONL fields that are absent or empty (``distributions[i].key`` for
    those)."""
    missing = [k for k in MANDATORY_DATASET if not fields.get(k)]
    if not fields.get("distributions"):
        missing.append("distributions")
    for i, dist in enumerate(fields.get("distributions", [])):
        missing += [f"distributions[{i}].{k}" for k in MANDATORY_DISTRIBUTION if not dist.get(k)]
    return missing
