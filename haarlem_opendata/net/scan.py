"""Run the net over a folder (a release bundle, the portal): findings with masked values only.

A finding is (file, location, type, masked value). The report also records the sha256 of every file
it looked at, so a publisher can tell that the pass it reads belongs to exactly these bytes.
"""

from __future__ import annotations

import hashlib
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from haarlem_opendata.net.allow import AllowList
from haarlem_opendata.net.detect import find_all, mask
from haarlem_opendata.net.files import Unreadable, cells

CHECK_NAME = "pii_net"
SKIPPED = ("checks.json",)  # the record of the checks themselves; never published
UNREADABLE = "ONLEESBAAR"


@dataclass(frozen=True)
class Finding:
    file: str
    location: str
    type: str
    masked: str

    def to_dict(self) -> dict:
        return {
            "file": self.file,
            "location": self.location,
            "type": self.type,
            "masked": self.masked,
        }


@dataclass
class NetReport:
    root: str
    findings: list[Finding] = field(default_factory=list)
    files: dict[str, str] = field(default_factory=dict)  # relpath -> sha256:<hex>
    cells: int = 0
    allowed: int = 0
    seconds: float = 0.0

    @property
    def passed(self) -> bool:
        return not self.findings

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for f in self.findings:
            out[f.type] = out.get(f.type, 0) + 1
        return out

    def by_file(self) -> dict[str, dict[str, int]]:
        out: dict[str, dict[str, int]] = {}
        for f in self.findings:
            out.setdefault(f.file, {}).setdefault(f.type, 0)
            out[f.file][f.type] += 1
        return out

    def to_metadata(self, per_file: int = 10) -> dict:
        """Counts per file and type, and the first ``per_file`` findings of each file (masked)."""
        shown: list[dict] = []
        taken: dict[str, int] = {}
        for f in self.findings:
            if taken.get(f.file, 0) < per_file:
                taken[f.file] = taken.get(f.file, 0) + 1
                shown.append(f.to_dict())
        return {
            "passed": self.passed,
            "files": dict(self.files),
            "cells_scanned": self.cells,
            "allowed_by_allow_list": self.allowed,
            "findings_total": len(self.findings),
            "findings_by_type": self.counts(),
            "findings_by_file": self.by_file(),
            "findings": shown,
            "seconds": round(self.seconds, 3),
        }


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return "sha256:" + digest.hexdigest()


def scan_file(path: Path, relpath: str, allow: AllowList, report: NetReport) -> None:
    seen: dict[str, list] = {}  # a value repeated in a column is examined once
    try:
        for location, text in cells(path):
            report.cells += 1
            hits = seen.get(text)
            if hits is None:
                hits = seen[text] = find_all(text)
            for hit in hits:
                if allow.accepts(hit.type, hit.value):
                    report.allowed += 1
                    continue
                report.findings.append(
                    Finding(relpath, location, hit.type, mask(hit.type, hit.value))
                )
    except Unreadable as exc:
        report.findings.append(Finding(relpath, f"bestand ({exc})", UNREADABLE, ""))


def scan_folder(root: str | Path, allow: AllowList) -> NetReport:
    """Scan every file under ``root`` (symbolic links followed, hidden folders included)."""
    root = Path(root)
    started = time.perf_counter()
    report = NetReport(root=str(root))
    paths = []
    for folder, _, names in os.walk(root, followlinks=True):
        paths += [Path(folder) / n for n in names if not n.endswith(".tmp")]
    seen: set[Path] = set()  # a portal entry links to its release folder: read each file once
    for path in sorted(paths):
        relpath = path.relative_to(root).as_posix()
        real = path.resolve()
        if relpath in SKIPPED or real in seen or not real.is_file():
            continue
        seen.add(real)
        report.files[relpath] = _sha256(path)
        scan_file(path, relpath, allow, report)
    report.seconds = time.perf_counter() - started
    return report
