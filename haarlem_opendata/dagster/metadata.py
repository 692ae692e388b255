"""Dagster metadata for a packaged release: paths and JSON as Dagster's metadata values."""

from __future__ import annotations

import dagster as dg


def bundle_metadata(bundle) -> dict:
    package = bundle.package
    return {
        "version": package.get("version"),
        "path": dg.MetadataValue.path(str(bundle.path)),
        "changed": bundle.changed,
        "fair_score": bundle.fair.score,
        "fair": dg.MetadataValue.json(bundle.fair.to_metadata()),
        "resources": dg.MetadataValue.json(
            [
                {"path": r["path"], "bytes": r.get("bytes"), "hash": r.get("hash")}
                for r in package.get("resources", [])
            ]
        ),
    }
