"""Benchmark: protect and audit the Haarlem buurtcijfers count table (real CBS extract + generated
sociaal-domein counts), as the dataset spec says. Writes benchmarks/results/cells_haarlem.json.

Run: uv run python benchmarks/cells_haarlem.py
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import time
from pathlib import Path

import numpy as np
import yaml
from cells_baseline import smallest_sibling

from haarlem_opendata.generators.sociaal_domein import generate
from haarlem_opendata.protect.cells import audit_suppression, protect_count_table
from haarlem_opendata.protect.cells.audit import feasible_intervals
from haarlem_opendata.protect.cells.model import build_model, check_counts
from haarlem_opendata.sources.cbs import read_kwb_csv
from haarlem_opendata.spec import CellProtectionSpec

ROOT = Path(__file__).resolve().parents[1]
REPEATS = 5


def main() -> dict:
    cbs = read_kwb_csv(ROOT / "datasets/data/kwb2017_haarlem_GM0392.csv")
    table = cbs.assign(regio_code=cbs["Codering_3"].str.strip())[["regio_code"]].merge(
        generate(cbs), on="regio_code"
    )
    spec_yaml = yaml.safe_load((ROOT / "datasets/buurtcijfers.yaml").read_text(encoding="utf-8"))
    spec = CellProtectionSpec.model_validate(spec_yaml["protection"]["cells"])

    protect_s, audit_s = [], []
    for _ in range(REPEATS):
        t0 = time.perf_counter()
        result = protect_count_table(table, spec, metadata_dir=ROOT / "metadata")
        t1 = time.perf_counter()
        attacker = audit_suppression(
            result.table,
            region=spec.region,
            counts=spec.counts,
            relations=spec.relations,
            primary=result.primary[spec.counts],
            protection_width=spec.width,
            threshold=spec.threshold,
        )
        t2 = time.perf_counter()
        protect_s.append(t1 - t0)
        audit_s.append(t2 - t1)

    model = build_model(table, region=spec.region, counts=spec.counts, relations=spec.relations)
    values = check_counts(table, model)
    primary = result.primary[spec.counts].to_numpy().ravel()
    base_sec = smallest_sibling(model, values, primary)
    base_iv = feasible_intervals(model.A, values, np.flatnonzero(primary | base_sec))
    base_prim = primary[base_iv.cells]
    out = {
        "table": {
            "rows": len(table),
            "count_columns": len(spec.counts),
            "cells": model.n_cells,
            "relations_in_model": int(model.A.shape[0]),
        },
        "protection_s_median": round(statistics.median(protect_s), 3),
        "audit_s_median": round(statistics.median(audit_s), 3),
        "repeats": REPEATS,
        "audit_lps": attacker.n_lps,
        "primary": int(primary.sum()),
        "secondary": int(result.secondary[spec.counts].to_numpy().sum()),
        "audit_passed": attacker.passed,
        "narrowest_primary_width": float(
            attacker.intervals.loc[attacker.intervals.kind == "primary", "width"].min()
        ),
        "baseline_smallest_sibling": {
            "secondary": int(base_sec.sum()),
            "primary_exactly_determined": int((base_iv.exact & base_prim).sum()),
            "primary_narrower_than_width": int(((base_iv.width < spec.width) & base_prim).sum()),
        },
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
    }
    (ROOT / "benchmarks/results").mkdir(exist_ok=True)
    (ROOT / "benchmarks/results/cells_haarlem.json").write_text(json.dumps(out, indent=2) + "\n")
    return out


if __name__ == "__main__":
    print(json.dumps(main(), indent=2))
