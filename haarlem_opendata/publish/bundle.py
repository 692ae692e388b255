"""Load a release bundle and refuse it unless it is safe to publish.

Every publisher (local folder, CKAN) goes through :func:`load_bundle`, so the refusal rules live in
one place and hold also when a publisher is called outside Dagster: ``checks.json`` must exist,
every check in it must have passed, the checks the package's privacy section calls for must be
present, and every file must still have the bytes and sha256 the data package promises.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from haarlem_opendata.errors import PublishRefused
from haarlem_opendata.fingerprint import sha256_file
from haarlem_opendata.net.proof import verify_net_pass

ALWAYS_REQUIRED = ("pii_scan", "datapackage_valid", "pii_net")
# Files that describe the release; published alongside the data resources, never optional.
METADATA_FILES = ("datapackage.json", "privacy.md", "dcat.jsonld")
# The verwerkingsregister entry (haarlem_opendata/raw/register.py): every bundle the pipeline
# builds has it and it is published with it; bundles from before it existed still publish.
REGISTER_FILES = ("verwerkingsregister.md", "verwerkingsregister.json")


def sha256_bytes(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class BundleFile:
    """One file to publish: a data resource from the package, or one of the metadata files."""

    path: Path
    relpath: str  # relative to the bundle, POSIX
    hash: str  # "sha256:<hex>"
    bytes: int
    name: str  # resource name in the data package (or the file name for metadata files)
    title: str | None
    description: str | None
    format: str
    mediatype: str | None
    is_data: bool


@dataclass(frozen=True)
class Bundle:
    """A verified release bundle; only :func:`load_bundle` makes one."""

    directory: Path
    package: dict[str, Any]
    checks: dict[str, Any]
    files: tuple[BundleFile, ...]

    @property
    def name(self) -> str:
        return str(self.package["name"])

    @property
    def version(self) -> str:
        return str(self.package.get("version") or self.checks.get("version") or "")

    def file(self, relpath: str) -> BundleFile:
        for item in self.files:
            if item.relpath == relpath:
                return item
        raise KeyError(relpath)

    def content_hashes(self) -> dict[str, str]:
        return {item.relpath: item.hash for item in self.files}


def _read_json(path: Path, what: str) -> dict[str, Any]:
    if not path.is_file():
        raise PublishRefused(f"{path}: {what} ontbreekt; deze release is niet gecontroleerd")
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise PublishRefused(
            f"{path}: {what} is geen geldige JSON ({exc.__class__.__name__})"
        ) from exc
    if not isinstance(value, dict):
        raise PublishRefused(f"{path}: {what} moet een JSON-object zijn")
    return value


def _keys(value: Any, depth: int) -> set[str]:
    if not isinstance(value, dict) or depth == 0:
        return set()
    found = set(value)
    for child in value.values():
        found |= _keys(child, depth - 1)
    return found


def required_checks(package: dict[str, Any]) -> set[str]:
    """The checks a bundle must carry, derived from what protection its package says it applied.

    The privacy section nests its results (``privacy.results.cells`` or ``privacy.cells``), so the
    protection kinds are looked up a few levels deep rather than at one fixed place.
    """
    required = set(ALWAYS_REQUIRED)
    kinds = _keys(package.get("privacy"), depth=3)
    if "cells" in kinds:
        required.add("cells_audit")
    if "anonymity" in kinds:
        required.add("k_anonymity")
    return required


def verify_checks(checks: dict[str, Any], package: dict[str, Any], where: Path) -> None:
    """Raise :class:`PublishRefused` unless every check passed and the required ones are there."""
    entries = checks.get("checks")
    if not isinstance(entries, list) or not entries:
        raise PublishRefused(f"{where}: checks.json bevat geen controles")
    if checks.get("dataset") not in (None, package.get("name")):
        raise PublishRefused(
            f"{where}: checks.json hoort bij dataset {checks.get('dataset')!r}, "
            f"niet bij {package.get('name')!r}"
        )
    names = set()
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
            raise PublishRefused(f"{where}: controle {index} in checks.json heeft geen naam")
        names.add(entry["name"])
        if entry.get("passed") is not True:
            raise PublishRefused(
                f"{where}: controle {entry['name']!r} is niet geslaagd; publiceren geweigerd"
            )
    missing = sorted(required_checks(package) - names)
    if missing:
        raise PublishRefused(
            f"{where}: verplichte controles ontbreken in checks.json: {', '.join(missing)}"
        )


def _safe_relpath(relpath: Any, where: Path) -> str:
    if not isinstance(relpath, str) or not relpath:
        raise PublishRefused(f"{where}: resource zonder 'path'")
    pure = PurePosixPath(relpath)
    if pure.is_absolute() or ".." in pure.parts or "://" in relpath:
        raise PublishRefused(f"{where}: resource-pad {relpath!r} ligt buiten de bundel")
    return pure.as_posix()


def _format_of(relpath: str) -> str:
    return PurePosixPath(relpath).suffix.lstrip(".").lower()


def load_bundle(directory: str | Path) -> Bundle:
    """Read and verify a release bundle; raises :class:`PublishRefused` when it must not go out."""
    directory = Path(directory)
    if not directory.is_dir():
        raise PublishRefused(f"{directory}: releasebundel bestaat niet")
    package_path = directory / "datapackage.json"
    package = _read_json(package_path, "datapackage.json")
    checks = _read_json(directory / "checks.json", "checks.json")
    if not isinstance(package.get("name"), str) or not package["name"]:
        raise PublishRefused(f"{package_path}: datapackage.json heeft geen 'name'")
    verify_checks(checks, package, directory / "checks.json")

    resources = package.get("resources")
    if not isinstance(resources, list) or not resources:
        raise PublishRefused(f"{package_path}: datapackage.json heeft geen resources")
    files: list[BundleFile] = []
    for index, resource in enumerate(resources):
        where = package_path
        relpath = _safe_relpath(resource.get("path"), where)
        path = directory / relpath
        if not path.is_file():
            raise PublishRefused(f"{path}: bestand van resource {index} ontbreekt")
        expected_hash = resource.get("hash")
        if not isinstance(expected_hash, str) or not expected_hash.startswith("sha256:"):
            raise PublishRefused(f"{where}: resource {relpath!r} heeft geen sha256-hash")
        size = path.stat().st_size
        if "bytes" in resource and resource["bytes"] != size:  # Parquet declares no bytes
            raise PublishRefused(
                f"{path}: {size} bytes, maar datapackage.json belooft {resource.get('bytes')}"
            )
        actual = sha256_file(path)
        if actual != expected_hash:
            raise PublishRefused(f"{path}: sha256 wijkt af van datapackage.json")
        files.append(
            BundleFile(
                path=path,
                relpath=relpath,
                hash=actual,
                bytes=size,
                name=str(resource.get("name") or PurePosixPath(relpath).stem),
                title=resource.get("title"),
                description=resource.get("description"),
                format=str(resource.get("format") or _format_of(relpath)).lower(),
                mediatype=resource.get("mediatype"),
                is_data=True,
            )
        )

    # The metadata files are not resources of the package itself (datapackage.json cannot hash
    # itself), so their hashes are computed here from the verified bundle.
    present = [r for r in REGISTER_FILES if (directory / r).is_file()]
    for relpath in (*METADATA_FILES, *present):
        path = directory / relpath
        if not path.is_file():
            raise PublishRefused(f"{path}: ontbreekt in de releasebundel")
        files.append(
            BundleFile(
                path=path,
                relpath=relpath,
                hash=sha256_file(path),
                bytes=path.stat().st_size,
                name=relpath,
                title=None,
                description=None,
                format=_format_of(relpath),
                mediatype=None,
                is_data=False,
            )
        )
    # The last-line net's pass must cover exactly these bytes (haarlem_opendata/net/proof.py).
    verify_net_pass(checks, ((f.relpath, f.hash) for f in files), directory / "checks.json")
    return Bundle(directory=directory, package=package, checks=checks, files=tuple(files))
