"""Count tables from the embedded meldingen (40,000 a year): time, share of cells published.

Variants of ``protection.count_tables`` on the same records, from buurt × hoofdcategorie to the
buurt × month × hoofdcategorie cube, each on its own. Meldingen shipped that cube until the audit
with the published rows showed the rows give 135 of its hidden cells away; they now ship buurt ×
month, safe next to the rows (``benchmarks/linkage_records.py``). The "(shipped)" label in the
results is that earlier cube.
Each is protected (primary + secondary suppression, LP audit and widening) and then audited again
from its published long form. Writes ``benchmarks/results/count_tables.json``.

    uv run python benchmarks/count_tables.py
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from haarlem_opendata.catalog import load_catalog
from haarlem_opendata.protect.counts.protect import audit_published_counts, protect_counts
from haarlem_opendata.spec import CountTableSpec

ROOT = Path(__file__).resolve().parent
DATASETS = ROOT.parent / "datasets"
BUURT = ["buurtcode", "wijkcode", "gemeentecode"]
WIJK = ["wijkcode", "gemeentecode"]
MONTH = {"name": "maand", "hierarchy": "tijdstip", "level": "month"}
CATEGORY = {"name": "hoofdcategorie", "hierarchy": "categorie", "level": 1}
VARIANTS = {
    "buurt x hoofdcategorie": (BUURT, [CATEGORY]),
    "buurt x maand": (BUURT, [MONTH]),
    "wijk x maand x hoofdcategorie": (WIJK, [MONTH, CATEGORY]),
    "buurt x maand x hoofdcategorie (shipped)": (BUURT, [MONTH, CATEGORY]),
}


def run(name: str, levels: list[str], dims: list[dict], records, hierarchies) -> dict:
    spec = CountTableSpec.model_validate(
        {
            "name": "bench",
            "title": name,
            "description": name,
            "region": {"hierarchy": "locatie", "levels": levels},
            "dimensions": [{**d, "title": d["name"], "description": d["name"]} for d in dims],
            "count": {"name": "aantal", "title": "aantal", "description": "aantal"},
            "threshold": 5,
        }
    )
    start = time.perf_counter()
    result = protect_counts(records, spec, hierarchies, base_dir=DATASETS, source="meldingen")
    protect_s = time.perf_counter() - start
    start = time.perf_counter()
    audit = audit_published_counts(result.table, spec, result.primary)
    audit_s = time.perf_counter() - start
    summary = result.summary
    return {
        "table": name,
        "cells": summary["n_cellen"],
        "primary": summary["n_primair"],
        "secondary": summary["n_secundair"],
        "published_share": summary["aandeel_gepubliceerd"],
        "published_share_per_level_without_totals": summary["aandeel_gepubliceerd_per_niveau"],
        "protect_s": round(protect_s, 1),
        "audit_s": round(audit_s, 1),
        "audit_passed": bool(audit.passed),
    }


def main() -> None:
    argparse.ArgumentParser(description=__doc__).parse_args()
    spec = load_catalog(DATASETS)["meldingen"]
    records = pd.read_parquet(DATASETS / spec.sources["meldingen"].local.path)
    hierarchies = dict(spec.protection.anonymity.quasi_identifiers)
    rows = []
    for name, (levels, dims) in VARIANTS.items():
        rows.append(run(name, levels, dims, records, hierarchies))
        print(json.dumps(rows[-1]), flush=True)
    out = ROOT / "results" / "count_tables.json"
    out.write_text(
        json.dumps({"records": len(records), "threshold": 5, "runs": rows}, indent=2) + "\n"
    )


if __name__ == "__main__":
    main()
