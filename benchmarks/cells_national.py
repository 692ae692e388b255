"""Benchmark: cell suppression and the attacker's audit on the REAL national shape.

The real CBS 2017 hierarchy (387 gemeenten, 3,067 wijken, 13,198 buurten) and buurt populations
(datasets/data/kwb2017_nl.csv), with generated exact counts of two kinds (see cells_synthetic.py):
``sex_age`` (6 columns, total = man + vrouw and total = 0-17 + 18-64 + 65+) and
``sociaal_domein`` (the project's 11 columns, 4 relations). Targets on the 2-core machine:
protection < 60 s and audit < 60 s per case. Also counts the secondary suppressions of the naive
"smallest sibling" baseline and what the attacker finds in it.
Writes benchmarks/results/cells_national.json (``--out`` to write elsewhere).

Run: uv run python benchmarks/cells_national.py [--case sex_age|sociaal_domein ...]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import time
from pathlib import Path

import numpy as np
from cells_baseline import smallest_sibling
from cells_synthetic import (
    SEX_AGE_COUNTS,
    SEX_AGE_RELATIONS,
    SOCIAAL_DOMEIN_COUNTS,
    SOCIAAL_DOMEIN_RELATIONS,
    national_regions,
    sex_age_table,
    sociaal_domein_table,
)

from haarlem_opendata.protect.cells import audit_suppression, suppress_cells
from haarlem_opendata.protect.cells.audit import _components, _system, feasible_intervals
from haarlem_opendata.protect.cells.model import build_model, check_counts
from haarlem_opendata.spec import RegionHierarchySpec

ROOT = Path(__file__).resolve().parents[1]
REGION = RegionHierarchySpec(code_column="regio_code")
CASES = {
    "sex_age": (sex_age_table, SEX_AGE_COUNTS, SEX_AGE_RELATIONS),
    "sociaal_domein": (sociaal_domein_table, SOCIAAL_DOMEIN_COUNTS, SOCIAAL_DOMEIN_RELATIONS),
}


def run_case(regions, name: str) -> dict:
    make, counts, relations = CASES[name]
    table = make(regions)
    kinds = table["regio_code"].str[:2].value_counts().to_dict()
    load_before = os.getloadavg()

    u0, t0 = _user_cpu(), time.perf_counter()
    result = suppress_cells(table, region=REGION, counts=counts, relations=relations)
    u1, t1 = _user_cpu(), time.perf_counter()
    attacker = audit_suppression(
        result.table,
        region=REGION,
        counts=counts,
        relations=relations,
        primary=result.primary,
        threshold=10,
    )
    u2, t2 = _user_cpu(), time.perf_counter()
    load_after = os.getloadavg()

    model = build_model(table, region=REGION, counts=counts, relations=relations)
    values = check_counts(table, model)
    primary = result.primary.to_numpy().ravel()
    t3 = time.perf_counter()
    base_sec = smallest_sibling(model, values, primary)
    t4 = time.perf_counter()
    base_iv = feasible_intervals(model.A, values, np.flatnonzero(primary | base_sec))
    base_prim = primary[base_iv.cells]
    comp_sizes = np.bincount(_attacker_components(model, result, counts))
    prim_iv = attacker.intervals[attacker.intervals.kind == "primary"]
    return {
        "table": {
            "gemeenten": kinds.get("GM"),
            "wijken": kinds.get("WK"),
            "buurten": kinds.get("BU"),
            "count_columns": len(counts),
            "relations": [f"{r.total} = {' + '.join(r.parts)}" for r in relations],
            "cells": model.n_cells,
            "relations_in_model": int(model.A.shape[0]),
        },
        "protection_s": round(t1 - t0, 2),
        "protection_user_cpu_s": round(u1 - u0, 2),
        "protection_lps_last_pass": result.n_lps,
        "audit_s": round(t2 - t1, 2),
        "audit_user_cpu_s": round(u2 - u1, 2),
        "audit_lps": attacker.n_lps,
        "audit_components": len(comp_sizes),
        "audit_largest_component": int(comp_sizes.max()),
        "audit_passed": attacker.passed,
        "audit_hidden_cells_pinned": int(attacker.intervals["exact"].sum()),
        "audit_primary_narrower_than_width": int((prim_iv["width"] < 10 - 1e-9).sum()),
        "primary": int(primary.sum()),
        "secondary": int(result.secondary.to_numpy().sum()),
        "narrowest_primary_width": float(prim_iv["width"].min()),
        "baseline_smallest_sibling": {
            "secondary": int(base_sec.sum()),
            "seconds": round(t4 - t3, 2),
            "primary_exactly_determined": int((base_iv.exact & base_prim).sum()),
            "primary_narrower_than_width": int(((base_iv.width < 10) & base_prim).sum()),
        },
        "load_average_at_start": [round(x, 2) for x in load_before],
        "load_average_after_audit": [round(x, 2) for x in load_after],
    }


def _user_cpu() -> float:
    """User CPU seconds of this process: on a shared machine wall time also counts the others."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_utime


def _attacker_components(model, result, counts) -> np.ndarray:
    """Component label per hidden cell, as the audit decomposes the LPs."""
    y = result.table[counts].to_numpy(dtype=float, na_value=np.nan).ravel()
    hidden = np.flatnonzero(np.isnan(y))
    Ah, _ = _system(model.A, np.nan_to_num(y), hidden)
    return _components(Ah)


def main(cases: list[str], out: Path) -> dict:
    regions = national_regions()
    results = {"cases": {name: run_case(regions, name) for name in cases}}
    results["machine"] = {"cpus": os.cpu_count(), "python": platform.python_version()}
    results["command"] = "uv run python benchmarks/cells_national.py"
    if out.exists():  # keep earlier sections (e.g. the figures before a change)
        old = json.loads(out.read_text())
        results = {**{k: v for k, v in old.items() if k not in results}, **results}
        if "cases" in old:
            results["cases"] = {**old["cases"], **results["cases"]}
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n")
    return results


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--case", action="append", choices=sorted(CASES))
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks/results/cells_national.json")
    args = parser.parse_args()
    print(json.dumps(main(args.case or list(CASES), args.out), indent=2))
