"""The linkage audit: what every linked publication reveals together (tables, geographies, versions).

- :func:`audit_linkage` — one joint LP attacker over all linked published cells;
- :func:`protect_linked` — protect, audit, apply the spec's remedy (:func:`remedy_for`), or refuse;
- :func:`compress` — the audit's system over overlap parts, for the blocking check;
- :func:`build_inputs` — the register, linked tables and earlier versions for one dataset;
- :func:`linkage_groups` — which columns count the same people (``populatie``), and their register.

Names load on first use: the spec imports ``linkage.config`` and must not pull in scipy.
"""

from __future__ import annotations

import importlib

_WHERE = {
    "LinkageFinding": "audit",
    "LinkageReport": "audit",
    "audit_linkage": "audit",
    "CellSet": "cells",
    "LinkageGroup": "groups",
    "linkage_groups": "groups",
    "upstream": "groups",
    "Geography": "protect",
    "LinkageInputs": "protect",
    "LinkedSystem": "protect",
    "compress": "protect",
    "linkage_error": "protect",
    "protect_linked": "protect",
    "build_inputs": "context",
    "remedy_for": "remedies",
}
__all__ = [
    "CellSet",
    "Geography",
    "LinkageFinding",
    "LinkageGroup",
    "LinkageInputs",
    "LinkageReport",
    "LinkedSystem",
    "audit_linkage",
    "build_inputs",
    "compress",
    "linkage_error",
    "linkage_groups",
    "protect_linked",
    "remedy_for",
    "upstream",
]


def __getattr__(name: str):
    if name not in _WHERE:
        raise AttributeError(name)
    return getattr(importlib.import_module(f"{__name__}.{_WHERE[name]}"), name)
