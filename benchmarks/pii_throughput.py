"""Throughput of ``scan_dataframe`` on 1 M meldingen-like rows x 6 columns, against plain
Presidio ``BatchAnalyzerEngine`` over every cell of a subsample, in the same run.

The table comes from ``pii_corpus.make_corpus`` (one free-text column, templates x fillers, 10 %
of texts with planted PII; the script reports the share of unique texts). The plain baseline
uses the same Dutch analyzer without pre-filter, deduplication or column classification, on
``BASELINE_ROWS`` rows, and is extrapolated linearly to the full table.

Both are measured in CPU seconds, because the machine is shared and wall time depends on what
else runs; wall time and load average are reported too. The scan's CPU time is this process's
plus, for each worker process, all CPU time since it was forked (receiving and sending its
texts included). Building the analyzer is left out of both, as it happens once per process
(the scan's workers fork with it built).
"Cells per second on 2 dedicated cores" is cells / (CPU seconds / 2), i.e. assumes both cores
are ours and the two workers keep them busy. Memory: the peak resident size of this process
(which holds the table, its unique values and the gate's arrays), read before and after the scan;
each worker process holds one analyzer and one chunk of texts on top of that.

    uv run python benchmarks/pii_throughput.py [n_rows] [pii_share]
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.pii_corpus import make_corpus
from haarlem_opendata.pii.analyzer import build_analyzer
from haarlem_opendata.pii.scan import scan_dataframe
from haarlem_opendata.spec import PiiSpec

BASELINE_ROWS = 2_000
WORKERS = 2


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kilobytes


def plain_batch(df) -> float:  # type: ignore[no-untyped-def]
    """CPU seconds for BatchAnalyzerEngine.analyze_dict over every cell of ``df`` (one process)."""
    from presidio_analyzer import BatchAnalyzerEngine

    batch = BatchAnalyzerEngine(analyzer_engine=build_analyzer())
    columns = {c: df[c].astype(str).tolist() for c in df.columns}
    t0 = time.process_time()
    results = list(batch.analyze_dict(columns, language="nl", score_threshold=0.5))
    seconds = time.process_time() - t0
    assert len(results) == len(columns)
    return seconds


def main() -> None:
    n_rows = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    pii_share = float(sys.argv[2]) if len(sys.argv) > 2 else 0.10
    t0 = time.perf_counter()
    df, truth = make_corpus(n_rows, seed=11, pii_share=pii_share)
    generate_s = time.perf_counter() - t0
    cells = df.shape[0] * df.shape[1]

    build_analyzer()  # built once in the parent; forked workers inherit it
    rss_before = _peak_rss_mb()
    load_before = os.getloadavg()
    t0 = time.perf_counter()
    report = scan_dataframe(df, PiiSpec(), workers=WORKERS)
    scan_s = time.perf_counter() - t0
    scan_cpu_s = report.extra["cpu_seconds"]
    load_after = os.getloadavg()
    rss_after = _peak_rss_mb()

    sub = df.sample(n=min(BASELINE_ROWS, n_rows), random_state=1)
    plain_s = plain_batch(sub)
    plain_cells_per_s = sub.size / plain_s
    plain_full_estimate_s = cells / plain_cells_per_s

    meta = report.to_metadata()
    result = {
        "rows": n_rows,
        "columns": list(df.columns),
        "cells": cells,
        "pii_share_of_texts": pii_share,
        "texts_with_planted_pii": sum(1 for s in truth if s),
        "unique_share_free_text": round(df["omschrijving"].nunique() / n_rows, 4),
        "unique_share_all_cells": round(meta["unique_values"] / cells, 4),
        "cpu_count": os.cpu_count(),
        "workers": WORKERS,
        "generate_seconds": round(generate_s, 1),
        "load_average_before_after": [round(load_before[0], 1), round(load_after[0], 1)],
        "scan_wall_seconds": round(scan_s, 1),
        "scan_cpu_seconds": round(scan_cpu_s, 1),
        "scan_cells_per_wall_second": round(cells / scan_s),
        "scan_cells_per_second_on_2_dedicated_cores": round(cells / (scan_cpu_s / 2)),
        "peak_rss_mb_before_scan": round(rss_before),
        "peak_rss_mb_after_scan": round(rss_after),
        "baseline": {
            "what": "BatchAnalyzerEngine.analyze_dict, same nl analyzer, every cell, 1 process",
            "rows": len(sub),
            "cells": int(sub.size),
            "cpu_seconds": round(plain_s, 2),
            "cells_per_cpu_second": round(plain_cells_per_s),
            "estimated_cpu_seconds_full_table": round(plain_full_estimate_s),
        },
        "speedup_vs_plain_cpu": round(plain_full_estimate_s / scan_cpu_s, 1),
        "findings": [
            {k: f[k] for k in ("column", "entity_type", "count", "whole_column")}
            for f in meta["findings"]
        ],
        "targets": {"cells_per_second": 100_000, "speedup_vs_plain": 50},
    }
    out = Path(__file__).parent / "results" / "pii_throughput.json"
    out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
