"""Records next to their own count table: the joint audit and its remedy on the embedded meldingen.

Counting meldingen's published k-anonymous rows is a second view of the records its count table
counts (``haarlem_opendata/protect/counts/joint.py``). This measures, on the 40,000 embedded
meldingen, for two layouts of the count table:

- ``per-buurt-maand`` (the spec's): the table's own protection, the joint audit, and the remedy
  (hide more cells, ``protect/counts/with_rows.py``) until both together are safe;
- ``per-buurt-maand-hoofdcategorie`` (the layout before): the same, with the remedy's rounds
  capped at the spec's ``joint_rounds`` and stopped when two rounds in a row make no progress —
  where the rows already show most of the table, hiding more cells does not converge and the
  pipeline refuses to publish.

Reported: seconds, LPs, pairs (unknowns), the largest component, findings before the remedy,
cells hidden by the remedy, rounds, and whether it passed. Run it with

    uv run python benchmarks/linkage_records.py [--out benchmarks/results/linkage_records.json]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import time
from pathlib import Path

from meldingen_embedded import ROOT, cube, load


def _layout(spec, with_category: bool):
    table = spec.protection.count_tables[0]
    return cube(table) if with_category else table


def measure(spec, records, rows, table_spec) -> dict:
    from haarlem_opendata.errors import ProtectionError
    from haarlem_opendata.protect.counts.protect import protect_counts
    from haarlem_opendata.protect.counts.wide import wide_counts
    from haarlem_opendata.protect.counts.with_rows import (
        audit_with_rows,
        derivable,
        hide_until_safe,
        rows_system,
    )

    hierarchies = dict(spec.protection.anonymity.quasi_identifiers)
    started = time.perf_counter()
    alone = protect_counts(
        records, table_spec, hierarchies, base_dir=ROOT / "datasets", source=spec.name
    )
    protect_s = time.perf_counter() - started
    counts = wide_counts(alone.table, alone.primary, table_spec)
    started = time.perf_counter()
    system = rows_system(
        counts,
        records,
        rows,
        table_spec,
        hierarchies,
        base_dir=ROOT / "datasets",
        source=spec.name,
        dataset=spec.name,
    )
    class_counts = system.class_counts(rows)
    system_s = time.perf_counter() - started
    started = time.perf_counter()
    first, _, _ = audit_with_rows(system, counts, class_counts, table_spec)
    audit_s = time.perf_counter() - started
    started = time.perf_counter()
    progress: list[int] = []
    try:
        extra, final = hide_until_safe(system, counts, class_counts, table_spec, progress)
        republished = len(derivable(counts, extra))  # the table gives these away anyway
        passed, hidden_more, error = True, len(extra) - republished, None
    except ProtectionError as refused:
        passed, hidden_more, error = False, None, str(refused)[:200]
        republished = 0
        final = None
    remedy_s = time.perf_counter() - started
    shown = int(alone.table[table_spec.count.name].notna().sum())
    return {
        "table": table_spec.name,
        "cells": int(counts.model.n_cells),
        "primary": int(counts.primary.sum()),
        "hidden_by_table_alone": int(alone.table[table_spec.count.name].isna().sum()),
        "table_protection_s": round(protect_s, 1),
        "system_s": round(system_s, 1),
        "pairs": first.n_parts,
        "audit_s": round(audit_s, 1),
        "lps": first.n_lps,
        "largest_component": first.largest_component,
        "hidden_cells_revealed_by_rows": len(first.findings),
        "remedy_s": round(remedy_s, 1),
        "remedy_rounds_allowed": table_spec.joint_rounds,
        "findings_per_round": progress,
        "extra_hidden": hidden_more,
        "extra_derivable_republished": republished if passed else None,
        "published_share_after": (
            round((shown - hidden_more) / counts.model.n_cells, 4) if passed else None
        ),
        "final_lps": None if final is None else final.n_lps,
        "passed": passed,
        "error": error,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    from haarlem_opendata.protect.pipeline import _k_anonymize

    spec, records = load()
    rows, _ = _k_anonymize(records, spec, spec.protection.anonymity, ROOT / "datasets")
    results = [measure(spec, records, rows, _layout(spec, c)) for c in (False, True)]
    out = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores",
        "records": len(records),
        "published_rows": len(rows),
        "layouts": results,
    }
    print(json.dumps(out, indent=2, ensure_ascii=False))
    if args.out:
        args.out.write_text(json.dumps(out, indent=2, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
