"""The ``datapackage.json`` descriptor: one complete description of a release (Data Package v2).

Portal metadata (DCAT-AP-DONL, CKAN fields) is derived from this descriptor, so everything a
portal needs — licence, publisher, contact point, theme, coverage — is written here once. The
``privacy`` and ``provenance`` sections say how residents were protected and where the data came
from; they are built from JSON-safe summaries and pass through :func:`json_safe`, which drops
anything that looks like a value list (examples, raw values) rather than trusting every caller.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime
from typing import Any

from haarlem_opendata.fair.vocab import Vocabularies
from haarlem_opendata.protect.summary import ProtectionSummary
from haarlem_opendata.spec import DatasetSpec

PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"
# Keys whose values could carry (masked) cell contents; summaries never need them.
_DROPPED_KEYS = {
    "examples",
    "example",
    "values",
    "value",
    "raw",
    "true_value",
    "true_values",
    "samples",
}
_MAX_TEXT = 500


def json_safe(value: Any) -> Any:
    """A copy with plain JSON types only, value-carrying keys dropped, long strings cut."""
    if isinstance(value, dict):
        return {str(k): json_safe(v) for k, v in value.items() if str(k) not in _DROPPED_KEYS}
    if isinstance(value, (list, tuple, set)):
        items = sorted(value, key=str) if isinstance(value, set) else value
        return [json_safe(v) for v in items]
    if isinstance(value, bool) or value is None:
        return value
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        value = value.item()  # numpy scalar
    if isinstance(value, float):
        return None if math.isnan(value) or math.isinf(value) else value
    if isinstance(value, (int, str)):
        return (
            value
            if not isinstance(value, str) or len(value) <= _MAX_TEXT
            else value[:_MAX_TEXT] + "…"
        )
    if isinstance(value, datetime):
        return value.isoformat()
    return str(value)


def iso_utc(moment: datetime) -> str:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _pii_summary(protection: dict, checks: list[dict]) -> dict | None:
    report = protection.get("pii")
    if report is None:
        report = next((c.get("metadata") for c in checks if c.get("name") == "pii_scan"), None)
    if not isinstance(report, dict):
        return None
    findings = report.get("findings", [])
    return {
        "passed": bool(report.get("passed", not findings)),
        "threshold": report.get("threshold"),
        "columns_scanned": report.get("columns_scanned", []),
        "cells_scanned": report.get("cells_scanned"),
        "findings": len(findings) if isinstance(findings, list) else findings,
        "allow_listed_findings": report.get("allow_listed_findings", 0),
    }


def privacy_summary_nl(protection: ProtectionSummary, *, scanned: bool) -> str:
    """One Dutch sentence for the data package: which protections applied (``scanned``: PII)."""
    parts = []
    if protection.identifiers_dropped:
        parts.append("direct identificerende gegevens zijn verwijderd")
    if protection.cells is not None:
        parts.append("kleine aantallen zijn afgeschermd en gecontroleerd op terugrekenen")
    if protection.anonymity is not None:
        k = protection.anonymity.k_achieved
        parts.append(
            f"plaats, tijd en andere kenmerken zijn grover gemaakt tot minstens {k} gelijke rijen "
            "(k-anonimiteit)"
        )
    free = protection.free_text
    if free is not None and free.redacted_columns:
        parts.append("persoonsgegevens in vrije tekst zijn vervangen")
    if free is not None and free.dropped_columns:
        parts.append("vrije tekst is weggelaten")
    if protection.linkage is not None and protection.linkage.populations:
        parts.append(
            "samen met gekoppelde publicaties en eerdere versies is gecontroleerd dat niets terug "
            "te rekenen is"
        )
    if scanned:
        parts.append("de tabel is vlak voor publicatie gescand op persoonsgegevens")
    if not parts:
        return (
            "Deze dataset bevat geen gegevens over personen; er was geen extra bescherming nodig."
        )
    text = "; ".join(parts)
    return text[0].upper() + text[1:] + ". Zie privacy.md voor de uitleg in gewone taal."


def privacy_section(
    spec: DatasetSpec, protection: ProtectionSummary, checks: list[dict]
) -> dict[str, Any]:
    """What was protected, how, and with what result — keys only for protection that applied."""
    safe = json_safe(protection.to_dict())
    privacy: dict[str, Any] = {}
    for key in (
        "identifiers_dropped",
        "cells",
        "anonymity",
        "count_tables",
        "free_text",
        "redacted_columns",
    ):
        if safe.get(key):
            privacy[key] = safe[key]
    if safe.get("linkage"):  # the stable summary only: versions and counts differ per run
        privacy["linkage"] = safe["linkage"]["samenvatting"]
    pii = _pii_summary(safe, json_safe(checks))
    if pii is not None:
        privacy["pii"] = pii
    privacy["suppression_marker"] = ""
    privacy["checks"] = [{"name": c.get("name"), "passed": bool(c.get("passed"))} for c in checks]
    privacy["summary"] = privacy_summary_nl(protection, scanned=pii is not None)
    privacy["note"] = "privacy.md"
    return privacy


def _source(name: str, source) -> dict:
    c = source.citation
    item: dict[str, Any] = {
        "title": c.title,
        "publisher": c.publisher,
        "description": source.description,
    }
    if c.url:
        item["path"] = c.url
    if c.table_id:
        item["tableId"] = c.table_id
    if c.license:
        item["license"] = c.license
    item["generated"] = source.generated
    item["name"] = name
    return item


def provenance_section(spec: DatasetSpec, run: Any, besluiten: list[dict] | None) -> dict:
    generated = spec.is_generated
    provenance: dict[str, Any] = {
        "pipeline": {
            "name": "haarlem-opendata",
            "version": str(getattr(run, "pipeline_version", "")),
            "git_commit": getattr(run, "git_commit", None),
        },
        "run": {"dagster_run_id": str(run.run_id), "started_at": iso_utc(run.started_at)},
        "sources": [
            {
                "name": name,
                "title": s.citation.title,
                "publisher": s.citation.publisher,
                **({"url": s.citation.url} if s.citation.url else {}),
                **({"table_id": s.citation.table_id} if s.citation.table_id else {}),
                "generated": s.generated,
                "personal_data": s.personal_data,
            }
            for name, s in spec.sources.items()
        ],
        "transform": spec.transform.kind if spec.transform is not None else None,
        "besluiten": [
            {
                "id": b.get("id") or b.get("identificatie"),
                **json_safe({k: v for k, v in b.items() if k != "id"}),
            }
            for b in (besluiten or [])
        ],
        "generated": generated,
    }
    if generated:
        provenance["generated_note"] = (
            "Deze dataset bevat gegenereerde voorbeeldgegevens (seeded generator in dit project); "
            "ze gaan niet over echte inwoners."
        )
    return provenance


def descriptor(
    spec: DatasetSpec,
    vocab: Vocabularies,
    *,
    version: str,
    version_reason: str,
    created: datetime,
    resources: list[dict],
    privacy: dict,
    provenance: dict,
) -> dict:
    """The complete ``datapackage.json`` for one release."""
    org = vocab.organisation
    licence = vocab.license(spec.license)
    theme = vocab.theme(spec.theme)
    contact = {"title": org.contact_name, "email": org.contact_email, "roles": ["contact"]}
    if org.contact_url:
        contact["path"] = org.contact_url
    package: dict[str, Any] = {
        "$schema": PROFILE,
        "name": spec.name,
        "id": f"{org.id_base}/{spec.name}",
        "title": spec.title,
        "description": spec.description,
        "version": version,
        "versionNotes": version_reason,
        "created": iso_utc(created),
        "homepage": f"{org.portal_base_url}/dataset/{spec.name}",
        "keywords": list(spec.keywords),
        "language": "nl",
        "licenses": [{"name": licence.spdx, "path": licence.path, "title": licence.title}],
        "sources": [_source(name, s) for name, s in spec.sources.items()],
        "contributors": [
            {
                "title": org.name,
                "path": org.tooi,
                "roles": ["publisher"],
                "organization": org.name,
                "rsin": org.rsin,
            },
            contact,
        ],
        "theme": {"label": theme.label, "uri": theme.uri},
        "unitOfObservation": spec.unit_of_observation,
        "spatial": {
            "code": spec.spatial,
            "name": org.name if spec.spatial == org.cbs_code else spec.spatial,
            **({"uri": org.owms_spatial, "tooi": org.tooi} if spec.spatial == org.cbs_code else {}),
        },
        "temporal": {"start": spec.temporal.start, "end": spec.temporal.end},
        "updateFrequency": spec.update_frequency,
        "generated": spec.is_generated,
        "resources": resources,
        "privacy": privacy,
        "provenance": provenance,
    }
    if licence.attribution_required:
        publishers = sorted(
            {
                s.citation.publisher
                for s in spec.sources.values()
                if s.citation.license
                and vocab.licenses.get(s.citation.license)
                and vocab.license(s.citation.license).attribution_required
            }
        )
        package["attribution"] = (
            "Bij hergebruik vermelden: " + ", ".join([*publishers, org.name]) + "."
        )
    return package
