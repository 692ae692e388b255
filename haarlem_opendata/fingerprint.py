"""Content fingerprints: of files (sha256) and of tables, so a recorded check result is tied to
the exact data it checked."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd

_CHUNK = 1 << 20


def sha256_file(path: Path) -> str:
    """``sha256:<hex>`` of a file, streamed: the hash format of data packages and releases."""
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        for block in iter(lambda: handle.read(_CHUNK), b""):
            digest.update(block)
    return "sha256:" + digest.hexdigest()


def table_fingerprint(table: pd.DataFrame) -> str:
    """A sha256 over column names, dtypes and values (geometries as WKB), independent of
    pickling."""
    digest = hashlib.sha256()
    digest.update("\x1f".join(map(str, table.columns)).encode())
    digest.update("\x1f".join(str(t) for t in table.dtypes).encode())
    frame = pd.DataFrame(index=table.index)
    for name in table.columns:
        column = table[name]
        if str(column.dtype) == "geometry":
            frame[name] = column.to_wkb(hex=True)
        elif column.dtype == object:
            frame[name] = column.map(lambda v: None if v is None else repr(v))
        else:
            frame[name] = column
    hashed = (
        pd.util.hash_pandas_object(frame, index=True)
        if len(frame.columns)
        else pd.Series([], dtype="uint64")
    )
    digest.update(hashed.to_numpy().tobytes())
    return "sha256:" + digest.hexdigest()


def tables_fingerprint(table: pd.DataFrame, extra: dict[str, pd.DataFrame] | None = None) -> str:
    """The fingerprint of a protected table together with the count tables published beside it."""
    if not extra:
        return table_fingerprint(table)
    parts = [
        table_fingerprint(table),
        *(f"{n}={table_fingerprint(t)}" for n, t in sorted(extra.items())),
    ]
    return "sha256:" + hashlib.sha256("\n".join(parts).encode()).hexdigest()
