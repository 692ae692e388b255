"""Time the last-line net over every embedded release bundle and over a 1 M-row meldingen bundle.

Each dataset is protected and packaged on the embedded default (as ``./scripts/run`` does, without
Dagster), then the net reads every file of its bundle; the figures are the median of three scans
(wall seconds, cells per second, findings by type). The large case replicates the published
meldingen table to 1,000,000 rows (CSV + Parquet, as the bundle writes them) with descriptions
made unique per row by two words drawn from a fixed list, so the net's per-value cache does not
flatter it. Run: ``uv run python benchmarks/net_bundles.py [ROWS]``.
"""

from __future__ import annotations

import json
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULT = ROOT / "benchmarks" / "results" / "net_bundles.json"
WORDS = (
    "snel",
    "graag",
    "weer",
    "hier",
    "daar",
    "vandaag",
    "gisteren",
    "morgen",
    "ook",
    "nog",
    "erg",
    "groot",
    "klein",
    "oud",
    "nieuw",
    "kapot",
    "vies",
    "los",
    "scheef",
    "nat",
)


def _timed(folder: Path, allow, repeats: int = 3):
    from haarlem_opendata.net import scan_folder

    times, report = [], None
    for _ in range(repeats):
        t0 = time.perf_counter()
        report = scan_folder(folder, allow)
        times.append(time.perf_counter() - t0)
    seconds = statistics.median(times)
    return {
        "files": len(report.files),
        "bytes": sum((folder / f).stat().st_size for f in report.files),
        "cells": report.cells,
        "seconds_median": round(seconds, 3),
        "seconds_all": [round(t, 3) for t in times],
        "cells_per_second": int(report.cells / seconds) if seconds else None,
        "findings_by_type": report.counts(),
        "allowed_by_allow_list": report.allowed,
    }


def main(rows: int) -> None:
    import pandas as pd

    from haarlem_opendata import stages
    from haarlem_opendata.catalog import load_catalog
    from haarlem_opendata.net import ALLOW_FILE, load_allow_list
    from haarlem_opendata.package import build_bundle
    from haarlem_opendata.runinfo import RunInfo
    from haarlem_opendata.settings import Settings

    allow = load_allow_list(ROOT / "metadata" / ALLOW_FILE)
    run = RunInfo(run_id="benchmark", started_at=datetime(2026, 1, 1, tzinfo=UTC))
    results: dict = {"bundles": {}}
    with tempfile.TemporaryDirectory() as tmp:
        cfg = Settings(work_dir=Path(tmp) / "work")
        tables = {}
        for name, spec in load_catalog(ROOT / "datasets").items():
            raws = {s: stages.load_raw(spec, s, settings=cfg) for s in spec.sources}
            protected = stages.protect(spec, stages.combine_sources(spec, raws), settings=cfg)
            checks = [{"name": n, "passed": True} for n in stages.required_checks(spec)]
            bundle = build_bundle(
                spec,
                protected.table,
                out_dir=Path(tmp) / "b" / name,
                protection=protected.protection,
                checks=checks,
                run=run,
                previous=None,
                metadata_dir=ROOT / "metadata",
            )
            tables[name] = (spec, protected)
            results["bundles"][name] = _timed(bundle.path, allow)
            print(name, results["bundles"][name], flush=True)

        spec, protected = tables["meldingen"]
        base = protected.table
        rng = random.Random(12)
        big = base.sample(n=rows, replace=True, random_state=12).reset_index(drop=True)
        big["omschrijving"] = [
            f"{text} {rng.choice(WORDS)} {rng.choice(WORDS)}" if isinstance(text, str) else text
            for text in big["omschrijving"]
        ]
        big[spec.protection.renumber] = range(1, rows + 1)
        checks = [{"name": n, "passed": True} for n in stages.required_checks(spec)]
        bundle = build_bundle(
            spec,
            pd.DataFrame(big),
            out_dir=Path(tmp) / "big" / "meldingen",
            protection=protected.protection,
            checks=checks,
            run=run,
            previous=None,
            metadata_dir=ROOT / "metadata",
        )
        results["meldingen_large"] = {
            "rows": rows,
            "unique_descriptions": int(big["omschrijving"].nunique()),
            **_timed(bundle.path, allow, repeats=1),
        }
        print("meldingen_large", results["meldingen_large"], flush=True)
    results["machine"] = f"{os.cpu_count()} CPUs; net is single-threaded"
    results["measured_at"] = datetime.now(UTC).isoformat(timespec="seconds")
    RESULT.write_text(json.dumps(results, indent=2) + "\n")
    print(f"written {RESULT}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
