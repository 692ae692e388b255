"""What a publisher reports back: where the release now lives and whether anything changed.

The same shape for the local folder portal and for CKAN, so the published asset and the release
history do not care which portal was used. It never holds a credential.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal


@dataclass(frozen=True)
class PublishResult:
    portal: Literal["local", "ckan"]
    dataset: str
    version: str
    dataset_url: str
    resource_urls: dict[str, str] = field(default_factory=dict)  # bundle relpath -> public URL
    resource_hashes: dict[str, str] = field(default_factory=dict)  # bundle relpath -> sha256
    changed: bool = False
    write_calls: int = 0
    actions: tuple[str, ...] = ()  # what was done, in order, e.g. ("package_create", ...)

    def to_metadata(self) -> dict[str, Any]:
        """JSON-safe summary for Dagster asset metadata and the release history."""
        return {
            "portal": self.portal,
            "dataset": self.dataset,
            "version": self.version,
            "dataset_url": self.dataset_url,
            "resource_urls": dict(self.resource_urls),
            "resource_hashes": dict(self.resource_hashes),
            "changed": self.changed,
            "write_calls": self.write_calls,
            "actions": list(self.actions),
        }


@dataclass(frozen=True)
class Publication:
    """A publication as the publish stage reports it: the portal's result and the lineage outputs
    refreshed after it (a JSON-safe summary from :mod:`haarlem_opendata.lineage.publication`)."""

    result: PublishResult
    lineage: dict[str, Any] = field(default_factory=dict)

    def to_metadata(self) -> dict[str, Any]:
        return {**self.result.to_metadata(), "lineage": self.lineage}
