"""Benchmark: publish 100 generated datasets to the local CKAN, then re-run with nothing changed.

Each dataset has 3 data resources (CSV, Parquet, GeoJSON; about 1 MB together) plus the three
metadata files every release carries (datapackage.json, privacy.md, dcat.jsonld), so 6 CKAN
resources. Needs the local CKAN (``scripts/ckan-local start``); CKAN_URL/CKAN_API_TOKEN from the
environment or from ``.ckan-local/env``. Datasets go to a separate organization and are purged at
the end.

    uv run python benchmarks/publish_ckan.py [--datasets 100]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
import uuid
from pathlib import Path

import ckanapi
import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from haarlem_opendata.publish.ckan import CkanPublisher
from tests.publish.bundles import write_bundle  # the tests' valid-bundle writer

ROOT = Path(__file__).resolve().parents[1]
ORG = "benchmark-haarlem"


def _credentials() -> tuple[str, str]:
    url, token = os.environ.get("CKAN_URL"), os.environ.get("CKAN_API_TOKEN")
    if url and token:
        return url, token
    values = dict(
        line.split("=", 1)
        for line in (ROOT / ".ckan-local" / "env").read_text().splitlines()
        if "=" in line
    )
    return values["CKAN_URL"].strip(), values["CKAN_API_TOKEN"].strip()


def _table(seed: int, rows: int = 4700) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {
            "buurt_code": [f"BU0392{i:04d}" for i in range(rows)],
            "buurt_naam": [
                f"Buurt {i} {''.join(rng.choice(list('abcdefgh'), 12))}" for i in range(rows)
            ],
            "aantal": rng.integers(0, 5000, rows),
            "waarde": rng.normal(100, 15, rows).round(6),
        }
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--datasets", type=int, default=100)
    args = parser.parse_args()
    url, token = _credentials()
    run = uuid.uuid4().hex[:6]
    publisher = CkanPublisher(url, token, metadata_dir=ROOT / "metadata", organization=ORG)
    with tempfile.TemporaryDirectory() as tmp:
        bundles = [
            write_bundle(Path(tmp), f"bench-{run}-{i:03d}", table=_table(i), geojson=True)
            for i in range(args.datasets)
        ]
        sizes = [
            sum(
                (b / r["path"]).stat().st_size
                for r in json.loads((b / "datapackage.json").read_text())["resources"]
            )
            for b in bundles
        ]
        started = time.perf_counter()
        first = [publisher.publish(b) for b in bundles]
        first_s = time.perf_counter() - started
        started = time.perf_counter()
        again = [publisher.publish(b) for b in bundles]
        noop_s = time.perf_counter() - started

    with ckanapi.RemoteCKAN(url, apikey=token) as admin:
        for result in first:
            admin.action.dataset_purge(id=result.dataset)

    results = {
        "benchmark": "publish_ckan",
        "datasets": args.datasets,
        "data_resources_per_dataset": 3,
        "ckan_resources_per_dataset": 6,
        "mean_data_bytes_per_dataset": round(float(np.mean(sizes))),
        "first_publish_s": round(first_s, 2),
        "first_publish_per_dataset_s": round(first_s / args.datasets, 3),
        "first_publish_write_calls": sum(r.write_calls for r in first),
        "noop_rerun_s": round(noop_s, 2),
        "noop_rerun_per_dataset_s": round(noop_s / args.datasets, 3),
        "noop_rerun_write_calls": sum(r.write_calls for r in again),
        "noop_rerun_changed": sum(r.changed for r in again),
        "ckan": (
            "2.12.0 local (scripts/ckan-local: ckan run, single process, PostgreSQL 15, pgsearch)"
        ),
        "machine": {
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
        },
        "command": "uv run python benchmarks/publish_ckan.py",
    }
    out = ROOT / "benchmarks" / "results" / "publish_ckan.json"
    out.write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
