"""Disclosure control: the public entry points, one per kind of protection.

- :func:`suppress_cells` — small-cell suppression with secondary suppression and an LP audit
  (count tables: buurtcijfers, rioolbelasting);
- :func:`k_anonymize` — optimal full-domain generalisation with l-diversity (record-level data:
  meldingen);
- :func:`protect_table` — the protected stage of the pipeline, applying what a dataset spec asks.

The heavy engines are imported on first use, so loading the catalog stays cheap.
"""

from __future__ import annotations

from typing import Any

__all__ = ["ProtectedTable", "k_anonymize", "protect_table", "suppress_cells"]

_LAZY = {
    "ProtectedTable": "haarlem_opendata.protect.pipeline",
    "protect_table": "haarlem_opendata.protect.pipeline",
    "suppress_cells": "haarlem_opendata.protect.cells",
    "k_anonymize": "haarlem_opendata.protect.anonymity",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(name)
