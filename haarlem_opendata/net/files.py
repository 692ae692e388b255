"""Every text a bundle file can carry, with where it sits: (location, text) pairs per file.

CSV and Parquet cells by row and column, GeoJSON properties by feature, every string and number in
a JSON document by its key path, GeoPackage attributes by table, row and column (plain
``sqlite3``), any other file by line. A file that cannot be read is reported, never skipped.
"""

from __future__ import annotations

import csv
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pyarrow.parquet as pq

Cell = tuple[str, str]  # (location, text)


class Unreadable(Exception):
    """The net cannot read this file, so it cannot vouch for it."""


def _scalar(value) -> str | None:
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


def _csv(path: Path) -> Iterator[Cell]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader, [])
        for column in header:
            yield "kop", column
        for row, values in enumerate(reader, start=1):
            # A ragged row is scanned whole: values past the header are named by position.
            for i, value in enumerate(values):
                if value:
                    column = header[i] if i < len(header) else f"{i + 1} (buiten de kop)"
                    yield f"rij {row}, kolom {column}", value


def _parquet(path: Path) -> Iterator[Cell]:
    table = pq.read_table(path)
    for column in table.column_names:
        yield "kop", column
        for row, value in enumerate(table.column(column).to_pylist(), start=1):
            text = _scalar(value) if not isinstance(value, (bytes, dict, list)) else None
            if text:
                yield f"rij {row}, kolom {column}", text
    for key, value in (table.schema.metadata or {}).items():
        yield f"metadata {key.decode(errors='replace')}", value.decode("utf-8", errors="replace")


def _walk(value, where: str) -> Iterator[Cell]:
    if isinstance(value, dict):
        for key, child in value.items():
            yield f"{where}.{key}" if where else str(key), str(key)
            yield from _walk(child, f"{where}.{key}" if where else str(key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _walk(child, f"{where}[{index}]")
    else:
        text = _scalar(value)
        if text:
            yield where, text


def _json(path: Path) -> Iterator[Cell]:
    document = json.loads(path.read_text(encoding="utf-8"))
    if isinstance(document, dict) and document.get("type") == "FeatureCollection":
        # Coordinates are numbers on a map, not text; everything else is walked.
        features = document.get("features") or []
        rest = {k: v for k, v in document.items() if k != "features"}
        yield from _walk(rest, "")
        for index, feature in enumerate(features):
            shown = {k: v for k, v in feature.items() if k != "geometry"}
            yield from _walk(shown, f"features[{index}]")
        return
    yield from _walk(document, "")


def _gpkg(path: Path) -> Iterator[Cell]:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        tables = [r[0] for r in db.execute("SELECT table_name FROM gpkg_contents")]
        geometry = {
            r[0]: r[1]
            for r in db.execute("SELECT table_name, column_name FROM gpkg_geometry_columns")
        }
        for table in tables:
            columns = [
                r[1]
                for r in db.execute(f'PRAGMA table_info("{table}")')
                if r[1] != geometry.get(table)
            ]
            yield f"tabel {table}", table
            quoted = ", ".join(f'"{c}"' for c in columns)
            for row, values in enumerate(db.execute(f'SELECT {quoted} FROM "{table}"'), start=1):
                for column, value in zip(columns, values, strict=True):
                    text = _scalar(value) if not isinstance(value, bytes) else None
                    if text:
                        yield f"tabel {table}, rij {row}, kolom {column}", text


def _lines(path: Path) -> Iterator[Cell]:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        yield f"regel {number}", line


READERS = {
    ".csv": _csv,
    ".parquet": _parquet,
    ".geojson": _json,
    ".json": _json,
    ".jsonld": _json,
    ".gpkg": _gpkg,
}


def cells(path: Path) -> Iterator[Cell]:
    """(location, text) for everything in ``path``; raises :class:`Unreadable` when it cannot."""
    reader = READERS.get(path.suffix.lower(), _lines)
    try:
        yield from reader(path)
    except (OSError, UnicodeDecodeError, ValueError, csv.Error, sqlite3.Error) as exc:
        raise Unreadable(f"{exc.__class__.__name__}") from None
    except Exception as exc:  # noqa: BLE001 — pyarrow's own errors: still unreadable, still blocking
        raise Unreadable(f"{exc.__class__.__name__}") from None
