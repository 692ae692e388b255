"""The bewaartermijn, enforced: which raw files are past their term, and deleting them.

Each spec says how long its raw stages may be kept (``bewaartermijn: 30 dagen``, ``6 weken``,
``3 maanden`` or ``tot volgende publicatie``; default 30 dagen). A file is past its term when it
was written longer ago than that, or — for ``tot volgende publicatie`` — when the dataset was
published after the file was written (the release history knows when). The report counts files
and bytes per dataset; it never opens a file. Files of a dataset no spec describes any more are
past their term at once: nothing justifies keeping them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from haarlem_opendata.raw.store import RawEntry, RawStore
from haarlem_opendata.spec import DatasetSpec

UNTIL_NEXT = "tot volgende publicatie"
_DAYS = {"dag": 1, "dagen": 1, "week": 7, "weken": 7, "maand": 30, "maanden": 30}


def term(bewaartermijn: str) -> timedelta | None:
    """The term as a duration; None for ``tot volgende publicatie``."""
    if bewaartermijn == UNTIL_NEXT:
        return None
    match = re.fullmatch(r"(\d+) (\w+)", bewaartermijn)
    if match is None or match.group(2) not in _DAYS:
        raise ValueError(f"onbekende bewaartermijn {bewaartermijn!r}")
    return timedelta(days=int(match.group(1)) * _DAYS[match.group(2)])


@dataclass
class PurgeCount:
    dataset: str
    bewaartermijn: str
    files_expired: int = 0
    bytes_expired: int = 0
    files_kept: int = 0

    def to_json(self) -> dict:
        return {
            "dataset": self.dataset,
            "bewaartermijn": self.bewaartermijn,
            "bestanden_verlopen": self.files_expired,
            "bytes_verlopen": self.bytes_expired,
            "bestanden_bewaard": self.files_kept,
        }


@dataclass
class PurgeReport:
    dry_run: bool
    counts: dict[str, PurgeCount] = field(default_factory=dict)

    @property
    def deleted(self) -> int:
        return 0 if self.dry_run else sum(c.files_expired for c in self.counts.values())


def expired(
    entry: RawEntry,
    spec: DatasetSpec | None,
    now: datetime,
    published_at: Iterable[datetime] = (),
) -> bool:
    if spec is None:
        return True
    duration = term(spec.bewaartermijn)
    if duration is None:
        return any(when > entry.written_at for when in published_at)
    return now - entry.written_at > duration


def purge(
    store: RawStore,
    catalog: Mapping[str, DatasetSpec],
    *,
    now: datetime | None = None,
    publications: Mapping[str, list[datetime]] | None = None,
    dry_run: bool = False,
) -> PurgeReport:
    """Delete (or with ``dry_run`` only count) every raw file past its dataset's term."""
    now = now or datetime.now(UTC)
    publications = publications or {}
    report = PurgeReport(dry_run=dry_run)
    for name, spec in catalog.items():
        report.counts[name] = PurgeCount(name, spec.bewaartermijn)
    for entry in store.entries():
        entry_spec = catalog.get(entry.dataset)
        count = report.counts.setdefault(
            entry.dataset, PurgeCount(entry.dataset, "(geen spec: direct verlopen)")
        )
        if expired(entry, entry_spec, now, publications.get(entry.dataset, [])):
            count.files_expired += 1
            count.bytes_expired += entry.size
            if not dry_run:
                store.delete(entry)
        else:
            count.files_kept += 1
    return report
