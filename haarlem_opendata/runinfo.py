"""Who made a release: the pipeline version, the git commit and the Dagster run.

Provenance in the data package and the release history comes from here, so a raadslid can trace a
published file back to the exact code and run that produced it.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path

from haarlem_opendata import __version__
from haarlem_opendata.settings import PACKAGE_DIR


@lru_cache(maxsize=1)
def git_commit() -> str | None:
    """The commit of the source tree this code runs from, with ``-dirty`` if it has local
    changes."""
    root = PACKAGE_DIR.parent
    try:
        head = subprocess.run(
            ["git", "rev-parse", "HEAD"],
            cwd=root,
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
        if head.returncode != 0:
            return None
        status = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=root,
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    commit = head.stdout.strip()
    return commit + ("-dirty" if status.stdout.strip() else "")


@dataclass(frozen=True)
class RunInfo:
    run_id: str
    git_commit: str | None = field(default_factory=git_commit)
    pipeline_version: str = __version__
    started_at: datetime = field(default_factory=lambda: datetime.now(UTC))

    def to_dict(self) -> dict:
        return {
            "run_id": self.run_id,
            "git_commit": self.git_commit,
            "pipeline_version": self.pipeline_version,
            "started_at": self.started_at.isoformat(),
        }


def project_path(path: str | Path, base: Path) -> Path:
    """A path from a spec, relative to ``base`` unless absolute."""
    path = Path(path)
    return path if path.is_absolute() else base / path
