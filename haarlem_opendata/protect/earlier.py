"""The versions of a dataset the public can already download, read back from their bundles.

Every protection that must hold *together with* earlier releases (the linkage audit, a stable
suppression pattern) reads them here, from exactly the files the public downloads. Every bundle
version on disk counts as public, also one packaged but not (yet) published: the safe side.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd


@dataclass(frozen=True)
class PublishedVersion:
    dataset: str
    version: str
    folder: Path

    @property
    def label(self) -> str:
        return f"{self.dataset} {self.version}"

    def package(self) -> dict:
        return json.loads((self.folder / "datapackage.json").read_text(encoding="utf-8"))

    def table(self, geodata: bool = False) -> pd.DataFrame:
        """The main table as published (strings; a suppressed cell is an empty string)."""
        if geodata:
            import geopandas as gpd

            return gpd.read_file(self.folder / f"{self.dataset}.geojson")
        return pd.read_csv(self.folder / f"{self.dataset}.csv", dtype=str, keep_default_na=False)

    def same_period(self, temporal: dict[str, str]) -> bool:
        """True when the version covers the same period (start and end) as ``temporal``."""
        found = self.package().get("temporal") or {}
        return (str(found.get("start")), str(found.get("end"))) == (
            str(temporal["start"]),
            str(temporal["end"]),
        )


def published_versions(bundles_dir: Path, dataset: str) -> list[PublishedVersion]:
    """Every version of ``dataset`` with a data package on disk, oldest first."""

    def order(version: str) -> tuple[int, ...]:
        return tuple(int(p) if p.isdigit() else -1 for p in version.split("."))

    folder = Path(bundles_dir) / dataset
    found = [d for d in folder.glob("*") if (d / "datapackage.json").is_file()]
    return [
        PublishedVersion(dataset, d.name, d) for d in sorted(found, key=lambda d: order(d.name))
    ]
