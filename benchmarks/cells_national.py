"""Benchmark: cell suppression and the attacker's audit at national scale.

A generated table with the shape of the Netherlands (350 gemeenten, ~3,300 wijken, ~14,000
buurten) × the 11 related sociaal-domein count columns (4 column relations + the region
hierarchy). Targets on the 2-core machine: protection < 60 s, audit < 120 s. Also counts the
secondary suppressions of the naive "smallest sibling" baseline and what the attacker finds in it.
Writes benchmarks/results/cells_national.json.

Run: uv run python benchmarks/cells_national.py
"""

from __future__ import annotations

import json
import os
import platform
import time
from pathlib import Path

import numpy as np
from cells_baseline import smallest_sibling

from haarlem_opendata.protect.cells import RegionHierarchySpec, audit_suppression, suppress_cells
from haarlem_opendata.protect.cells.audit import feasible_intervals
from haarlem_opendata.protect.cells.model import build_model, check_counts
from haarlem_opendata.protect.cells.synthetic import (
    SOCIAAL_DOMEIN_COUNTS,
    SOCIAAL_DOMEIN_RELATIONS,
    national_table,
)

ROOT = Path(__file__).resolve().parents[1]
REGION = RegionHierarchySpec(code_column="regio_code")


def main() -> dict:
    table = national_table(350, 3300, 14000, seed=0)
    kinds = table["regio_code"].str[:2].value_counts().to_dict()
    load_before = os.getloadavg()

    t0 = time.perf_counter()
    result = suppress_cells(
        table, region=REGION, counts=SOCIAAL_DOMEIN_COUNTS, relations=SOCIAAL_DOMEIN_RELATIONS
    )
    t1 = time.perf_counter()
    attacker = audit_suppression(
        result.table,
        region=REGION,
        counts=SOCIAAL_DOMEIN_COUNTS,
        relations=SOCIAAL_DOMEIN_RELATIONS,
        primary=result.primary,
        threshold=10,
    )
    t2 = time.perf_counter()

    model = build_model(
        table, region=REGION, counts=SOCIAAL_DOMEIN_COUNTS, relations=SOCIAAL_DOMEIN_RELATIONS
    )
    values = check_counts(table, model)
    primary = result.primary.to_numpy().ravel()
    t3 = time.perf_counter()
    base_sec = smallest_sibling(model, values, primary)
    t4 = time.perf_counter()
    base_iv = feasible_intervals(model.A, values, np.flatnonzero(primary | base_sec))
    base_prim = primary[base_iv.cells]
    comp_sizes = np.bincount(attacker_components(model, result))
    out = {
        "table": {
            "gemeenten": kinds.get("GM"),
            "wijken": kinds.get("WK"),
            "buurten": kinds.get("BU"),
            "count_columns": len(SOCIAAL_DOMEIN_COUNTS),
            "cells": model.n_cells,
            "relations_in_model": int(model.A.shape[0]),
        },
        "protection_s": round(t1 - t0, 2),
        "audit_s": round(t2 - t1, 2),
        "audit_lps": attacker.n_lps,
        "audit_components": len(comp_sizes),
        "audit_largest_component": int(comp_sizes.max()),
        "audit_passed": attacker.passed,
        "primary": int(primary.sum()),
        "secondary": int(result.secondary.to_numpy().sum()),
        "narrowest_primary_width": float(
            attacker.intervals.loc[attacker.intervals.kind == "primary", "width"].min()
        ),
        "baseline_smallest_sibling": {
            "secondary": int(base_sec.sum()),
            "seconds": round(t4 - t3, 2),
            "primary_exactly_determined": int((base_iv.exact & base_prim).sum()),
            "primary_narrower_than_width": int(((base_iv.width < 10) & base_prim).sum()),
        },
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "load_average_at_start": [round(x, 2) for x in load_before],
        },
    }
    (ROOT / "benchmarks/results").mkdir(exist_ok=True)
    (ROOT / "benchmarks/results/cells_national.json").write_text(json.dumps(out, indent=2) + "\n")
    return out


def attacker_components(model, result) -> np.ndarray:
    """Component label per hidden cell, as the audit decomposes the LPs."""
    from haarlem_opendata.protect.cells.audit import _components, _system

    y = result.table[SOCIAAL_DOMEIN_COUNTS].to_numpy(dtype=float, na_value=np.nan).ravel()
    hidden = np.flatnonzero(np.isnan(y))
    Ah, _ = _system(model.A, np.nan_to_num(y), hidden)
    return _components(Ah)


if __name__ == "__main__":
    print(json.dumps(main(), indent=2))
