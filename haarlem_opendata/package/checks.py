"""``checks.json``: the proof a publisher needs that every gate passed for exactly this release."""

from __future__ import annotations

import fcntl
import json
from contextlib import contextmanager
from pathlib import Path

from haarlem_opendata.atomic import atomic_write_text
from haarlem_opendata.package.datapackage import json_safe

CHECKS_FILE = "checks.json"


def _write(path: Path, data: dict) -> None:
    atomic_write_text(path, json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def write_checks(
    bundle_dir: Path, *, dataset: str, version: str, fingerprint: str, checks: list[dict]
) -> None:
    entries = [
        {
            "name": str(c["name"]),
            "passed": bool(c.get("passed")),
            "blocking": bool(c.get("blocking", True)),
            **({"description": c["description"]} if c.get("description") else {}),
            "metadata": json_safe(c.get("metadata") or {}),
        }
        for c in checks
    ]
    _write(
        bundle_dir / CHECKS_FILE,
        {
            "dataset": dataset,
            "version": version,
            "data_fingerprint": fingerprint,
            "checks": entries,
        },
    )


@contextmanager
def _locked(bundle_dir: Path):
    """Serialise read-modify-write of checks.json: two checks on one bundle may run at once."""
    lock = bundle_dir.parent / f".{bundle_dir.name}.checks.lock"
    with lock.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def record_bundle_check(bundle_dir: Path, check: dict) -> None:
    """Add (or replace, by name) one check outcome in a bundle's ``checks.json``."""
    with _locked(Path(bundle_dir)):
        _record(Path(bundle_dir), check)


def _record(bundle_dir: Path, check: dict) -> None:
    path = bundle_dir / CHECKS_FILE
    data = json.loads(path.read_text(encoding="utf-8"))
    entry = {
        "name": str(check["name"]),
        "passed": bool(check.get("passed")),
        "blocking": bool(check.get("blocking", True)),
        **({"description": check["description"]} if check.get("description") else {}),
        "metadata": json_safe(check.get("metadata") or {}),
    }
    data["checks"] = [c for c in data.get("checks", []) if c.get("name") != entry["name"]] + [entry]
    _write(path, data)
