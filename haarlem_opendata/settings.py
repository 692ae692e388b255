"""Where the pipeline reads and writes, from the environment with embedded defaults.

Everything defaults to folders inside the project directory so a fresh clone runs with no
configuration; a steward overrides them with environment variables (documented in the README).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def _project_root() -> Path:
    explicit = os.environ.get("HAARLEM_OPENDATA_HOME")
    if explicit:
        return Path(explicit).resolve()
    source_tree = PACKAGE_DIR.parent
    if (source_tree / "datasets").is_dir():
        return source_tree
    return Path.cwd().resolve()


@dataclass(frozen=True)
class Settings:
    """Resolved locations and switches; build one with :func:`settings`."""

    project_root: Path
    datasets_dir: Path
    metadata_dir: Path
    work_dir: Path
    portal_dir: Path
    dagster_home: Path
    raw_dir: Path  # the private raw store (everything before the protected stage)
    source_mode: str  # "local" (shipped files) or "remote" (CBS OData, PDOK)

    @property
    def storage_dir(self) -> Path:
        """Raw and intermediate stage storage (the Dagster IO manager's base dir)."""
        return self.work_dir / "storage"

    @property
    def bundles_dir(self) -> Path:
        """Release bundles (data package + files) waiting to be published."""
        return self.work_dir / "bundles"


def settings() -> Settings:
    root = _project_root()
    work_dir = Path(os.environ.get("HAARLEM_OPENDATA_WORK_DIR", root / "work")).resolve()
    mode = os.environ.get("HAARLEM_OPENDATA_SOURCE_MODE", "local").strip().lower() or "local"
    if mode not in {"local", "remote"}:
        raise ValueError(f"HAARLEM_OPENDATA_SOURCE_MODE must be 'local' or 'remote', not {mode!r}")
    return Settings(
        project_root=root,
        datasets_dir=Path(
            os.environ.get("HAARLEM_OPENDATA_DATASETS_DIR", root / "datasets")
        ).resolve(),
        metadata_dir=Path(
            os.environ.get("HAARLEM_OPENDATA_METADATA_DIR", root / "metadata")
        ).resolve(),
        work_dir=work_dir,
        portal_dir=Path(os.environ.get("HAARLEM_OPENDATA_PORTAL_DIR", root / "portal")).resolve(),
        dagster_home=Path(os.environ.get("DAGSTER_HOME", work_dir / "dagster_home")).resolve(),
        raw_dir=Path(os.environ.get("HAARLEM_OPENDATA_RAW_DIR", work_dir / "raw")).resolve(),
        source_mode=mode,
    )
