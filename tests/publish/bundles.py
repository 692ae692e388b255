"""Write small, valid release bundles (contracts.md) for the publisher tests and the benchmark.

Hand-written rather than produced by the package stage so the publisher can be tested on its own:
CSV + Parquet (+ GeoJSON when asked) data files, a Data Package v2 with hashes, privacy.md,
dcat.jsonld and checks.json.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pandas as pd


def _sha(path: Path) -> str:
    return "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()


def default_table(value: int = 0, rows: int = 5) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "buurt_code": [f"BU0392{i:04d}" for i in range(rows)],
            "buurt_naam": [f"Buurt {i}" for i in range(rows)],
            "aantal": [10 * i + value for i in range(rows)],
        }
    )


def write_bundle(
    root: Path,
    name: str,
    version: str = "1.0.0",
    table: pd.DataFrame | None = None,
    *,
    title: str | None = None,
    geojson: bool = False,
    checks: list[dict[str, Any]] | None = None,
    with_checks_file: bool = True,
    padding_bytes: int = 0,
) -> Path:
    """Write a bundle to ``root/<name>/<version>`` and return that folder."""
    table = default_table() if table is None else table
    out = root / name / version
    out.mkdir(parents=True, exist_ok=True)
    csv = out / f"{name}.csv"
    table.to_csv(csv, index=False, lineterminator="\n")
    if padding_bytes:
        # Benchmark bundles: make the CSV about the requested size with a deterministic column.
        filler = "x" * max(1, padding_bytes // max(len(table), 1))
        table.assign(toelichting=filler).to_csv(csv, index=False, lineterminator="\n")
    parquet = out / f"{name}.parquet"
    table.to_parquet(parquet, index=False)
    paths = [(csv, "csv", "text/csv"), (parquet, "parquet", "application/vnd.apache.parquet")]
    if geojson:
        geo = out / f"{name}.geojson"
        features = [
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [4.63 + i / 1000, 52.38]},
                "properties": {"buurt_code": code},
            }
            for i, code in enumerate(table["buurt_code"])
        ]
        geo.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
        paths.append((geo, "geojson", "application/geo+json"))

    fields = [
        {"name": column, "type": "integer" if str(dtype).startswith("int") else "string"}
        for column, dtype in table.dtypes.items()
    ]
    resources = [
        {
            "name": f"{name}-{fmt}",
            "path": path.name,
            "title": f"{title or name} ({fmt.upper()})",
            "description": f"De gegevens van {title or name} als {fmt.upper()}.",
            "format": fmt,
            "mediatype": mediatype,
            "encoding": "utf-8",
            "bytes": path.stat().st_size,
            "hash": _sha(path),
            "schema": {"fields": fields},
        }
        for path, fmt, mediatype in paths
    ]
    package = {
        "$schema": "https://datapackage.org/profiles/2.0/datapackage.json",
        "name": name,
        "id": f"https://data.haarlem.nl/id/dataset/{name}",
        "title": title or f"Testdataset {name}",
        "description": f"Een kleine testdataset ({name}) van de gemeente Haarlem.",
        "version": version,
        "licenses": [{"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/"}],
        "keywords": ["buurten", "test"],
        "homepage": "https://www.haarlem.nl/",
        "created": "2026-11-25T00:00:00Z",
        "contributors": [
            {
                "title": "Gemeente Haarlem",
                "path": "https://identifier.overheid.nl/tooi/id/gemeente/gm0392",
                "roles": ["publisher"],
            },
            {
                "title": "Gemeente Haarlem, team Open Data",
                "email": "opendata@haarlem.nl",
                "roles": ["contact"],
            },
        ],
        "theme": {"label": "Bestuur", "uri": "http://standaarden.overheid.nl/owms/terms/Bestuur"},
        "temporal": {"start": "2017-01-01", "end": "2017-12-31"},
        "updateFrequency": "annual",
        "resources": resources,
        "privacy": {
            "summary": "Kleine aantallen zijn onderdrukt.",
            "results": {"cells": {"suppressed_cells": 1}, "pii": {"findings": 0}},
        },
        "provenance": {"pipeline_version": "0.1.0", "besluiten": [{"id": "2025-123"}]},
    }
    (out / "datapackage.json").write_text(json.dumps(package, indent=2, ensure_ascii=False))
    (out / "privacy.md").write_text(
        f"# Privacyverantwoording {name}\n\nKleine aantallen zijn onderdrukt.\n", encoding="utf-8"
    )
    (out / "dcat.jsonld").write_text(
        json.dumps({"@context": {"dcat": "http://www.w3.org/ns/dcat#"}, "@type": "dcat:Dataset"})
    )
    if with_checks_file:
        default = checks is None
        if default:
            checks = [
                {"name": n, "passed": True, "blocking": True, "metadata": {}}
                for n in ("pii_scan", "cells_audit", "datapackage_valid")
            ]
        (out / "checks.json").write_text(
            json.dumps(
                {
                    "dataset": name,
                    "version": version,
                    "data_fingerprint": _sha(csv),
                    "checks": checks,
                }
            )
        )
        if default:
            from tests.net.helpers import record_net

            record_net(out)  # the real last-line net, as the pipeline runs it on every bundle
    return out
