"""Benchmark: cell suppression and the attacker's audit at national scale.

The real shape of the Netherlands: the CBS 2017 region hierarchy (387 gemeenten, 3,067 wijken,
13,198 buurten, benchmarks/data/cbs_kwb_2017, CBS CC-BY 4.0) and the real buurt populations,
with synthetic exact counts of two kinds: ``bevolking`` (6 columns, two overlapping relations:
totaal = man + vrouw and totaal = 0-17 + 18-64 + 65+) and ``sociaal_domein`` (the 11 related
columns, 4 relations). Targets on the 2-core machine: protection < 60 s, audit < 120 s. Also counts the
secondary suppressions of the naive "smallest sibling" baseline and what the attacker finds in it.
Writes benchmarks/results/cells_national.json.

Run: uv run python benchmarks/cells_national.py [--kind bevolking|sociaal_domein] [--gemeenten N]
(``--gemeenten N`` keeps the first N gemeenten, for profiling.)
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import time
from pathlib import Path

import numpy as np
import pandas as pd
from cells_baseline import smallest_sibling

from haarlem_opendata.protect.cells import RegionHierarchySpec, audit_suppression, suppress_cells
from haarlem_opendata.protect.cells.audit import feasible_intervals
from haarlem_opendata.protect.cells.config import Relation
from haarlem_opendata.protect.cells.model import build_model, check_counts
from haarlem_opendata.protect.cells.synthetic import (
    SOCIAAL_DOMEIN_COUNTS,
    SOCIAAL_DOMEIN_RELATIONS,
    add_region_totals,
    buurt_counts,
)

ROOT = Path(__file__).resolve().parents[1]
REGION = RegionHierarchySpec(code_column="regio_code")
KWB = ROOT / "benchmarks/data/cbs_kwb_2017/kwb2017_nl.csv"
BEVOLKING_COUNTS = ["totaal", "man", "vrouw", "leeftijd_0_17", "leeftijd_18_64", "leeftijd_65_plus"]
BEVOLKING_RELATIONS = [
    Relation(total="totaal", parts=["man", "vrouw"]),
    Relation(total="totaal", parts=["leeftijd_0_17", "leeftijd_18_64", "leeftijd_65_plus"]),
]


def real_buurten(n_gemeenten: int | None = None) -> tuple[list[str], np.ndarray]:
    """Buurt codes and populations of the real CBS 2017 table (secret `.` populations as 0)."""
    raw = pd.read_csv(KWB, dtype=str, encoding="utf-8-sig")
    raw = raw.apply(lambda c: c.str.strip())
    buurt = raw[raw["SoortRegio_2"] == "Buurt"]
    if n_gemeenten is not None:
        keep = buurt["Codering_3"].str[2:6].drop_duplicates().iloc[:n_gemeenten]
        buurt = buurt[buurt["Codering_3"].str[2:6].isin(keep)]
    inwoners = pd.to_numeric(buurt["AantalInwoners_5"], errors="coerce").fillna(0)
    return buurt["Codering_3"].tolist(), inwoners.to_numpy(dtype=int)


def bevolking_counts(inwoners: np.ndarray, rng: np.random.Generator) -> pd.DataFrame:
    """Exact counts by sex and by three age bands that add up to the buurt's population."""
    man = rng.binomial(inwoners, 0.495)
    bands = np.array([rng.multinomial(n, [0.2, 0.61, 0.19]) for n in inwoners]).reshape(-1, 3)
    return pd.DataFrame(
        {
            "totaal": inwoners,
            "man": man,
            "vrouw": inwoners - man,
            "leeftijd_0_17": bands[:, 0],
            "leeftijd_18_64": bands[:, 1],
            "leeftijd_65_plus": bands[:, 2],
        }
    )


def real_table(kind: str, n_gemeenten: int | None = None, seed: int = 0):
    """The real hierarchy with synthetic counts of ``kind``; returns (table, counts, relations)."""
    codes, inwoners = real_buurten(n_gemeenten)
    rng = np.random.default_rng(seed)
    if kind == "bevolking":
        counts, relations = BEVOLKING_COUNTS, BEVOLKING_RELATIONS
        buurten = bevolking_counts(inwoners, rng)
    else:
        counts, relations = SOCIAAL_DOMEIN_COUNTS, SOCIAAL_DOMEIN_RELATIONS
        buurten = buurt_counts(inwoners, rng)
    buurten.insert(0, "regio_code", codes)
    return add_region_totals(buurten, counts), counts, relations


def main(kind: str = "bevolking", n_gemeenten: int | None = None) -> dict:
    table, COUNTS, RELATIONS = real_table(kind, n_gemeenten)
    kinds = table["regio_code"].str[:2].value_counts().to_dict()
    load_before = os.getloadavg()

    t0 = time.perf_counter()
    result = suppress_cells(table, region=REGION, counts=COUNTS, relations=RELATIONS)
    t1 = time.perf_counter()
    attacker = audit_suppression(
        result.table,
        region=REGION,
        counts=COUNTS,
        relations=RELATIONS,
        primary=result.primary,
        threshold=10,
    )
    t2 = time.perf_counter()

    model = build_model(table, region=REGION, counts=COUNTS, relations=RELATIONS)
    values = check_counts(table, model)
    primary = result.primary.to_numpy().ravel()
    t3 = time.perf_counter()
    base_sec = smallest_sibling(model, values, primary)
    t4 = time.perf_counter()
    base_iv = feasible_intervals(model.A, values, np.flatnonzero(primary | base_sec))
    base_prim = primary[base_iv.cells]
    comp_sizes = np.bincount(attacker_components(model, result, COUNTS))
    out = {
        "table": {
            "gemeenten": kinds.get("GM"),
            "wijken": kinds.get("WK"),
            "buurten": kinds.get("BU"),
            "source": "CBS kwb 2017 hierarchy and buurt populations (CC-BY 4.0), synthetic counts",
            "kind": kind,
            "count_columns": len(COUNTS),
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
    if n_gemeenten is None:
        name = f"cells_national_{kind}.json"
        (ROOT / "benchmarks/results" / name).write_text(json.dumps(out, indent=2) + "\n")
    return out


def attacker_components(model, result, counts: list[str]) -> np.ndarray:
    """Component label per hidden cell, as the audit decomposes the LPs."""
    from haarlem_opendata.protect.cells.audit import _components, _system

    y = result.table[counts].to_numpy(dtype=float, na_value=np.nan).ravel()
    hidden = np.flatnonzero(np.isnan(y))
    Ah, _ = _system(model.A, np.nan_to_num(y), hidden)
    return _components(Ah)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--kind", choices=["bevolking", "sociaal_domein"], default="bevolking")
    parser.add_argument("--gemeenten", type=int, default=None)
    args = parser.parse_args()
    print(json.dumps(main(args.kind, args.gemeenten), indent=2))
