"""Count tables next to what is already public of the same records: the joint audit and remedy.

A count table is audited with every count table already public for the same period
(``haarlem_opendata/protect/counts/releases.py``). This measures, on the 40,000 embedded
meldingen:

- ``rerun``: the shipped table (buurt × maand) next to the identical table of the version on
  disk — what every re-run of the embedded default costs;
- ``nieuwe_indeling``: the shipped table, protected on its own, next to an earlier release that
  counted buurt × maand × hoofdcategorie (the layout before this phase): findings before the
  remedy, cells the remedy hides (the earlier pattern first, then what the duals point at),
  rounds, the share still published, and whether it passed;
- ``een_wijk``: the same layout change on the busiest wijk alone (the size of the unit test).

Run it with

    uv run python benchmarks/count_releases.py [--out benchmarks/results/count_releases.json]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import time
from pathlib import Path

import pandas as pd
from meldingen_embedded import DATASETS, cube, load


def measure(records, hierarchies, table, earlier_spec, earlier_table, label) -> dict:
    from haarlem_opendata.errors import ProtectionError
    from haarlem_opendata.protect.counts.protect import protect_counts
    from haarlem_opendata.protect.counts.releases import (
        PublicCounts,
        audit_releases,
        build_releases_system,
    )
    from haarlem_opendata.protect.counts.wide import wide_counts
    from haarlem_opendata.protect.counts.with_releases import protect_with_releases

    new = protect_counts(records, table, hierarchies, base_dir=DATASETS, source="meldingen")
    if earlier_table is None:
        earlier_table = new.table
    others = [PublicCounts(label, earlier_spec, earlier_table)]
    counts = wide_counts(new.table, new.primary, table)
    started = time.perf_counter()
    system = build_releases_system(
        records,
        counts,
        table,
        others,
        hierarchies,
        base_dir=DATASETS,
        source="meldingen",
        dataset="meldingen",
    )
    system_s = time.perf_counter() - started
    started = time.perf_counter()
    first, _, _ = audit_releases(system, counts, table)
    audit_s = time.perf_counter() - started
    progress: list[int] = []
    started = time.perf_counter()
    try:
        safe, _ = protect_with_releases(
            new,
            records,
            others,
            hierarchies,
            base_dir=DATASETS,
            source="meldingen",
            dataset="meldingen",
            progress=progress,
        )
        passed, error = True, None
        extra = safe.summary.n_hidden_for_earlier
        share = safe.summary.published_share
    except ProtectionError as refused:
        passed, error, extra, share = False, str(refused)[:200], None, None
    remedy_s = time.perf_counter() - started
    return {
        "cells": int(counts.model.n_cells),
        "earlier_cells": int(len(earlier_table)),
        "units": system.n_units,
        "system_s": round(system_s, 2),
        "audit_s": round(audit_s, 2),
        "lps": first.n_lps,
        "largest_component": first.largest_component,
        "findings_before_remedy": len(first.findings),
        "carried_pattern": int(len(system.carried)),
        "findings_per_round_after_carrying": progress,
        "extra_hidden": extra,
        "published_share_before": new.summary.published_share,
        "published_share_after": share,
        "remedy_s": round(remedy_s, 1),
        "passed": passed,
        "error": error,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    from haarlem_opendata.protect.counts.joint import _dimension_values
    from haarlem_opendata.protect.counts.protect import protect_counts

    spec, records = load()
    hierarchies = dict(spec.protection.anonymity.quasi_identifiers)
    table = spec.protection.count_tables[0]
    layout_before = cube(table)
    wijk, _ = _dimension_values(records, "locatie", hierarchies, "wijkcode", DATASETS, "m")
    busiest = records[wijk == pd.Series(wijk).value_counts().index[0]].reset_index(drop=True)
    results = {}
    results["rerun"] = measure(records, hierarchies, table, table, None, "zelfde tabel")
    for name, recs in (("een_wijk", busiest), ("nieuwe_indeling", records)):
        started = time.perf_counter()
        old = protect_counts(
            recs, layout_before, hierarchies, base_dir=DATASETS, source="meldingen"
        )
        results[name] = {
            "earlier_protection_s": round(time.perf_counter() - started, 1),
            **measure(recs, hierarchies, table, layout_before, old.table, "kubus"),
        }
        print(name, results[name], flush=True)
    out = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores",
        "records": len(records),
        "records_busiest_wijk": len(busiest),
        "cases": results,
    }
    text = json.dumps(out, indent=1)
    print(text)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
