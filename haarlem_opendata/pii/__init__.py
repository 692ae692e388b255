"""PII scanning in Dutch: the last check before a table is published.

``config`` is imported eagerly (the spec embeds it); the Presidio-backed functions are loaded
on first use so that validating a spec does not pay for importing Presidio and spaCy.
"""

from __future__ import annotations

from typing import Any

from haarlem_opendata.pii.config import ENTITY_TYPES, AllowListEntry, PiiSpec

__all__ = [
    "ENTITY_TYPES",
    "AllowListEntry",
    "Finding",
    "PiiSpec",
    "ScanReport",
    "build_analyzer",
    "mask_value",
    "redact_dataframe",
    "scan_dataframe",
]

_LAZY = {
    "Finding": "haarlem_opendata.pii.scan",
    "ScanReport": "haarlem_opendata.pii.scan",
    "scan_dataframe": "haarlem_opendata.pii.scan",
    "redact_dataframe": "haarlem_opendata.pii.redact",
    "redact_values": "haarlem_opendata.pii.redact",
    "PLACEHOLDERS": "haarlem_opendata.pii.redact",
    "ENTITY_LABELS_NL": "haarlem_opendata.pii.analyzer",
    "mask_value": "haarlem_opendata.pii.masking",
    "build_analyzer": "haarlem_opendata.pii.analyzer",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(name)
