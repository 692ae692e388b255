"""Validation of a release bundle: Frictionless on the package and its data, plus file integrity.

The report is safe to put in Dagster metadata and in ``checks.json``: errors name the resource,
the row and the field and the kind of error, never the offending cell (Frictionless's own messages
quote cell values, which could be personal data).
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field
from pathlib import Path

from haarlem_opendata.fingerprint import sha256_file
from haarlem_opendata.formats import PARQUET, declares_bytes

MAX_ERRORS = 50
# Frictionless reads Parquet through pyarrow into pandas, which turns an integer column with
# missing cells into floats and then fails the integer type; nor can it hash a file it does not
# stream. So a Parquet resource is handed to Frictionless as its rows read with pyarrow (ints stay
# ints, nulls stay None) under the same schema, and bytes/hash are checked here for every file.


@dataclass
class ValidationReport:
    valid: bool
    errors: list[str] = field(default_factory=list)
    resources: list[dict] = field(default_factory=list)  # per resource: name, valid, rows, errors

    def to_metadata(self) -> dict:
        return {
            "valid": self.valid,
            "errors": self.errors[:MAX_ERRORS],
            "error_count": len(self.errors),
            "resources": self.resources,
            "validator": "frictionless " + _frictionless_version(),
        }


def _frictionless_version() -> str:
    import frictionless

    return str(frictionless.__version__)


def _integrity_errors(bundle_dir: Path, package: dict) -> list[str]:
    errors = []
    for res in package.get("resources", []):
        name = res.get("name", "?")
        path = bundle_dir / str(res.get("path", ""))
        if not path.is_file():
            errors.append(f"{name}: bestand {res.get('path')!r} ontbreekt")
            continue
        if ("bytes" in res or declares_bytes(res.get("format"))) and res.get(
            "bytes"
        ) != path.stat().st_size:
            errors.append(f"{name}: aantal bytes klopt niet met het bestand")
        if res.get("hash") != sha256_file(path):
            errors.append(f"{name}: sha256-hash klopt niet met het bestand")
    return errors


def _metadata_errors(package: dict) -> list[str]:
    errors = []
    for key in ("name", "id", "title", "description", "version", "licenses", "contributors"):
        if not package.get(key):
            errors.append(f"datapackage: '{key}' ontbreekt")
    for res in package.get("resources", []):
        for f in (res.get("schema") or {}).get("fields", []):
            if not str(f.get("description", "")).strip() or not str(f.get("title", "")).strip():
                errors.append(
                    f"{res.get('name')}: veld {f.get('name')!r} heeft geen titel of beschrijving"
                )
    return errors


def _inline_parquet(bundle_dir: Path, res: dict) -> None:
    import pyarrow.parquet as pq

    path = bundle_dir / str(res.get("path", ""))
    if not path.is_file():
        return  # reported by the integrity check
    table = pq.read_table(path)
    header = list(table.column_names)
    columns = [table.column(name).to_pylist() for name in header]
    res["data"] = [header, *map(list, zip(*columns, strict=True))]
    for key in ("path", "bytes", "hash", "format", "mediatype", "encoding"):
        res.pop(key, None)


def _frictionless_errors(bundle_dir: Path, package: dict) -> tuple[list[str], list[dict]]:
    from frictionless import FrictionlessException, Package

    descriptor = copy.deepcopy(package)
    for res in descriptor.get("resources", []):
        if res.get("format") == PARQUET.key:
            _inline_parquet(bundle_dir, res)
    errors: list[str] = []
    per_resource: list[dict] = []
    try:
        report = Package(descriptor, basepath=str(bundle_dir)).validate()
    except FrictionlessException as exc:  # a descriptor it cannot even load
        return [f"datapackage: niet te laden door Frictionless ({type(exc).__name__})"], []
    for error in report.errors:
        errors.append(f"datapackage: {error.type}")
    for task in report.tasks:
        task_errors = []
        for error in task.errors:
            where = []
            if getattr(error, "row_number", None) is not None:
                where.append(f"rij {error.row_number}")
            if getattr(error, "field_name", None):
                where.append(f"veld {error.field_name!r}")
            text = f"{task.name}: {error.type}" + (f" ({', '.join(where)})" if where else "")
            task_errors.append(text)
        errors += task_errors
        stats = task.stats or {}
        per_resource.append(
            {
                "name": task.name,
                "valid": bool(task.valid),
                "rows": stats.get("rows"),
                "errors": len(task_errors),
            }
        )
    return errors, per_resource


def validate_bundle(bundle_dir: Path) -> ValidationReport:
    """Frictionless validation of ``datapackage.json`` and all data, and bytes/hash of every
    file."""
    bundle_dir = Path(bundle_dir)
    path = bundle_dir / "datapackage.json"
    try:
        package = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        return ValidationReport(False, [f"datapackage.json: niet te lezen ({type(exc).__name__})"])
    errors = _metadata_errors(package) + _integrity_errors(bundle_dir, package)
    fl_errors, per_resource = _frictionless_errors(bundle_dir, package)
    errors += fl_errors
    return ValidationReport(valid=not errors, errors=errors, resources=per_resource)
