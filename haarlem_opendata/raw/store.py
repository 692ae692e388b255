"""The private store for everything before the ``protected`` stage (raw personal data).

Why its own store: raw stages hold residents' names, phone numbers and addresses, so they must
be readable by the pipeline's account only, never executable on load, and deletable on time.

* Parquet (GeoParquet for geodata), never pickle: loading a pickle runs code.
* Folders 0700 and files 0600 whatever the umask: set explicitly, not inherited.
* Optional encryption at rest: with ``HAARLEM_OPENDATA_RAW_KEYS`` set (one or more Fernet keys,
  comma-separated, newest first) every file is a Fernet token (AES-128-CBC + HMAC-SHA256, from
  ``cryptography``); older keys still decrypt, so a key is rotated by putting the new one in
  front and running ``haarlem-opendata raw-sleutel-roteren``.
* Writes are atomic (temporary file, fsync, rename): a crash leaves the old file or none.

Layout: ``<root>/<dataset>/<stage>/<name>.parquet`` with a ``.attrs.json`` beside it (the
frame's ``attrs``: the source file name for error messages, nothing personal). The file's
modification time is when it was written, for the bewaartermijn.
"""

from __future__ import annotations

import io
import json
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
from pydantic import SecretStr

from haarlem_opendata.atomic import atomic_write_bytes

KEYS_ENV = "HAARLEM_OPENDATA_RAW_KEYS"
DIR_MODE = 0o700
FILE_MODE = 0o600
SUFFIX = ".parquet"
_PARQUET_MAGIC = b"PAR1"


class RawStoreError(RuntimeError):
    """A raw file that cannot be read back (wrong key, no key, damaged)."""


@dataclass(frozen=True)
class RawEntry:
    dataset: str
    stage: str
    name: str
    path: Path
    written_at: datetime
    size: int


def _fernet(keys: SecretStr | str | None):
    if isinstance(keys, SecretStr):
        keys = keys.get_secret_value()
    if not keys:
        return None
    from cryptography.fernet import Fernet, MultiFernet

    return MultiFernet([Fernet(k.strip().encode()) for k in keys.split(",") if k.strip()])


class RawStore:
    def __init__(self, root: str | Path, keys: SecretStr | str | None = None) -> None:
        """``keys``: the settings' ``raw_keys`` (``HAARLEM_OPENDATA_RAW_KEYS``); None: plain."""
        self.root = Path(root)
        self._crypt = _fernet(keys)

    @property
    def encrypted(self) -> bool:
        return self._crypt is not None

    def path(self, dataset: str, stage: str, name: str) -> Path:
        return self.root / dataset / stage / f"{name}{SUFFIX}"

    # --- writing -------------------------------------------------------------------------------

    def write(self, dataset: str, stage: str, name: str, table: pd.DataFrame) -> Path:
        path = self.path(dataset, stage, name)
        self._private_dirs(path.parent)
        buffer = io.BytesIO()
        table.to_parquet(buffer, index=True)
        data = buffer.getvalue()
        if self._crypt is not None:
            data = self._crypt.encrypt(data)
        _atomic_private_write(path, data)
        attrs = {k: v for k, v in table.attrs.items() if isinstance(v, (str, int, float, bool))}
        _atomic_private_write(_attrs_path(path), json.dumps(attrs).encode())
        return path

    def _private_dirs(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)
        # mkdir's mode is masked by the umask, and parents get the default: set each one
        for part in [folder, *folder.relative_to(self.root).parents]:
            target = self.root / part if part != folder else folder
            os.chmod(target, DIR_MODE)
        os.chmod(self.root, DIR_MODE)

    # --- reading -------------------------------------------------------------------------------

    def read(self, dataset: str, stage: str, name: str) -> pd.DataFrame:
        path = self.path(dataset, stage, name)
        data = path.read_bytes()
        if not data.startswith(_PARQUET_MAGIC):
            if self._crypt is None:
                raise RawStoreError(
                    f"{path}: versleuteld, maar {KEYS_ENV} is niet gezet (de sleutel ontbreekt)"
                )
            from cryptography.fernet import InvalidToken

            try:
                data = self._crypt.decrypt(data)
            except InvalidToken:
                raise RawStoreError(
                    f"{path}: niet te ontsleutelen met de sleutels in {KEYS_ENV}"
                ) from None
        table = _read_parquet(data)
        attrs = _attrs_path(path)
        if attrs.exists():
            table.attrs.update(json.loads(attrs.read_text(encoding="utf-8")))
        return table

    # --- listing, deleting, rotating -----------------------------------------------------------

    def entries(self) -> Iterator[RawEntry]:
        if not self.root.is_dir():
            return
        for path in sorted(self.root.glob(f"*/*/*{SUFFIX}")):
            info = path.stat()
            yield RawEntry(
                dataset=path.parent.parent.name,
                stage=path.parent.name,
                name=path.name.removesuffix(SUFFIX),
                path=path,
                written_at=datetime.fromtimestamp(info.st_mtime, tz=UTC),
                size=info.st_size,
            )

    def delete(self, entry: RawEntry) -> None:
        entry.path.unlink(missing_ok=True)
        _attrs_path(entry.path).unlink(missing_ok=True)

    def rotate(self) -> int:
        """Re-encrypt every file with the first key (``MultiFernet.rotate``); the count."""
        if self._crypt is None:
            raise RawStoreError(f"{KEYS_ENV} is niet gezet: er is niets om te roteren")
        done = 0
        for entry in self.entries():
            data = entry.path.read_bytes()
            token = (
                self._crypt.encrypt(data)
                if data.startswith(_PARQUET_MAGIC)
                else self._crypt.rotate(data)
            )
            stamp = entry.path.stat()
            _atomic_private_write(entry.path, token)
            os.utime(entry.path, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))  # keep its age
            done += 1
        return done


def _attrs_path(path: Path) -> Path:
    return path.with_name(path.name.removesuffix(SUFFIX) + ".attrs.json")


def _read_parquet(data: bytes) -> pd.DataFrame:
    import pyarrow.parquet as pq

    if b"geo" in (pq.read_schema(io.BytesIO(data)).metadata or {}):
        import geopandas as gpd

        return gpd.read_parquet(io.BytesIO(data))
    return pd.read_parquet(io.BytesIO(data))


def _atomic_private_write(path: Path, data: bytes) -> None:
    atomic_write_bytes(path, data, mode=FILE_MODE)


def is_private(path: Path) -> bool:
    """A folder 0700 or a file 0600 (for tests and the purge report)."""
    mode = stat.S_IMODE(path.stat().st_mode)
    return mode == (DIR_MODE if path.is_dir() else FILE_MODE)
