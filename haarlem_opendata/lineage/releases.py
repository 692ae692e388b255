"""The release history: every publication of every dataset, append-only, in ``work/releases.jsonl``.

A besluit is taken on a date; the raad must later see the data *as it was then*, even after newer
releases replaced it on the portal. So each successful publication appends one line — dataset,
version, moment, content hashes, run and commit — and nothing ever rewrites a line. Appends take an
exclusive lock and are fsynced, so two Dagster runs publishing at once cannot interleave or lose a
release, and a crash leaves at most the line being written unfinished.
"""

from __future__ import annotations

import fcntl
import json
import os
from collections.abc import Iterable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from haarlem_opendata.errors import InputError

RELEASES_FILE = "releases.jsonl"
SEMVER = r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$"
SHA256 = r"^sha256:[0-9a-f]{64}$"
# Decision dates are Dutch calendar dates; a release at 23:30 UTC on the 1st is a release on the
# 2nd.
AMSTERDAM = ZoneInfo("Europe/Amsterdam")


class Release(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    dataset: str = Field(min_length=1)
    version: str = Field(pattern=SEMVER)
    published_at: datetime
    data_hash: str = Field(pattern=SHA256)
    schema_hash: str = Field(pattern=SHA256)
    resources: dict[str, str] = Field(default_factory=dict)
    run_id: str = Field(min_length=1)
    git_commit: str | None = None
    portal: Literal["local", "ckan"]
    portal_url: str = Field(min_length=1)
    besluiten: list[str] = Field(default_factory=list)

    @field_validator("published_at")
    @classmethod
    def _aware_utc(cls, value: datetime) -> datetime:
        if value.tzinfo is None:
            raise ValueError("published_at needs a time zone (ISO 8601 UTC, e.g. ...Z)")
        return value.astimezone(UTC)

    @field_validator("resources")
    @classmethod
    def _resource_hashes(cls, value: dict[str, str]) -> dict[str, str]:
        import re

        for path, digest in value.items():
            if not re.fullmatch(SHA256, digest):
                raise ValueError(f"resource {path!r}: hash must be 'sha256:<64 hex>'")
        return value

    @property
    def published_date(self) -> date:
        """The calendar day of publication in Haarlem."""
        return self.published_at.astimezone(AMSTERDAM).date()

    @property
    def version_tuple(self) -> tuple[int, int, int]:
        major, minor, patch = (int(p) for p in self.version.split("."))
        return major, minor, patch

    def to_json_line(self) -> str:
        data = self.model_dump(mode="json")
        data["published_at"] = self.published_at.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        return json.dumps(data, ensure_ascii=False, sort_keys=True) + "\n"


def releases_path(work_dir: str | Path) -> Path:
    return Path(work_dir) / RELEASES_FILE


def _parse(path: Path, text: str) -> list[Release]:
    releases = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            releases.append(Release.model_validate_json(line))
        except ValidationError as exc:
            first = exc.errors()[0]
            column = ".".join(str(p) for p in first["loc"]) or None
            raise InputError(
                path, f"not a valid release: {first['msg']}", column=column, row=number
            ) from None
    return releases


def load_releases(path: str | Path, dataset: str | None = None) -> list[Release]:
    """All recorded releases in file order (optionally of one dataset); no file means none yet."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    releases = _parse(path, text)
    return [r for r in releases if dataset is None or r.dataset == dataset]


def record_release(path: str | Path, release: Release) -> bool:
    """Append a release; returns False (and writes nothing) when it is already recorded.

    "Already recorded" means the same dataset, version and portal: publishing the same version
    twice is a no-op, so a retried Dagster step does not duplicate history.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        with os.fdopen(os.dup(fd), "r", encoding="utf-8") as reader:
            existing = reader.read()
        if existing and not existing.endswith("\n"):
            raise InputError(
                path,
                "last line is unfinished (interrupted write); repair it first",
                row=existing.count("\n") + 1,
            )
        for known in _parse(path, existing):
            if (known.dataset, known.version, known.portal) == (
                release.dataset,
                release.version,
                release.portal,
            ):
                return False
        os.write(fd, release.to_json_line().encode("utf-8"))
        os.fsync(fd)
        return True
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def _of(releases: Iterable[Release], dataset: str, portal: str | None) -> list[Release]:
    return [r for r in releases if r.dataset == dataset and (portal is None or r.portal == portal)]


def latest_release(
    releases: Iterable[Release], dataset: str, portal: str | None = None
) -> Release | None:
    """The most recent publication of a dataset (on one portal, or any)."""
    candidates = _of(releases, dataset, portal)
    return max(candidates, key=lambda r: (r.published_at, r.version_tuple), default=None)


def releases_current_at(releases: Iterable[Release], dataset: str, on: date) -> list[Release]:
    """Per portal, the release of ``dataset`` that was current on day ``on`` (Haarlem time).

    A release published on the decision day itself counts as current: the raad decides in the
    evening, on the data available that day.
    """
    current: dict[str, Release] = {}
    for release in _of(releases, dataset, None):
        if release.published_date > on:
            continue
        known = current.get(release.portal)
        if known is None or (release.published_at, release.version_tuple) > (
            known.published_at,
            known.version_tuple,
        ):
            current[release.portal] = release
    return [current[p] for p in sorted(current)]


def releases_after(releases: Iterable[Release], dataset: str, on: date) -> list[Release]:
    """Releases of ``dataset`` published after day ``on``, oldest first."""
    later = [r for r in _of(releases, dataset, None) if r.published_date > on]
    return sorted(later, key=lambda r: (r.published_at, r.version_tuple, r.portal))
