"""Semantic versions for releases, from content hashes.

A reuser should be able to tell from the version number alone whether their code still works:
a schema change (columns, types, units, constraints, keys) is a new major version, a data change
alone a new minor version, and a run that changes nothing is the same version — no new release.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

FIRST_VERSION = "1.0.0"
_SEMVER = re.compile(r"^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$")


@dataclass(frozen=True)
class VersionDecision:
    version: str
    changed: bool  # False: identical to the previous release (publishing is a no-op)
    reason: str  # Dutch, for the package's version notes

    def to_metadata(self) -> dict:
        return {"version": self.version, "changed": self.changed, "reason": self.reason}


def parse(version: str) -> tuple[int, int, int]:
    match = _SEMVER.match(str(version))
    if not match:
        raise ValueError(f"not a semantic version (MAJOR.MINOR.PATCH): {version!r}")
    return int(match[1]), int(match[2]), int(match[3])


def next_version(previous: dict | None, *, data_hash: str, schema_hash: str) -> VersionDecision:
    """The version of a release given the previous one
    (``{"version","data_hash","schema_hash"}``)."""
    if not previous:
        return VersionDecision(FIRST_VERSION, True, "Eerste publicatie.")
    major, minor, _patch = parse(previous["version"])
    if previous.get("schema_hash") != schema_hash:
        return VersionDecision(
            f"{major + 1}.0.0", True, "De opbouw van de tabel (schema) is gewijzigd."
        )
    if previous.get("data_hash") != data_hash:
        return VersionDecision(
            f"{major}.{minor + 1}.0", True, "De gegevens zijn gewijzigd; het schema niet."
        )
    return VersionDecision(
        previous["version"], False, "Niets gewijzigd ten opzichte van de vorige publicatie."
    )
