"""The local folder portal: ``portal/<dataset>/`` holds exactly the files of the last release.

It is what a fresh clone publishes to when no CKAN is configured. A reader must never see a
half-written release, so a release is first written complete into a hidden folder next to the
portal entry and verified there; ``portal/<dataset>`` is a symbolic link that is then replaced in
one ``rename`` (atomic on POSIX), and only then is the previous release folder removed.
Publishing the same release again writes nothing.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from pathlib import Path

from haarlem_opendata.errors import PublishRefused
from haarlem_opendata.publish.bundle import Bundle, load_bundle, sha256_file
from haarlem_opendata.publish.result import PublishResult

log = logging.getLogger(__name__)


def _releases_dir(portal_dir: Path, dataset: str) -> Path:
    return portal_dir / f".{dataset}.releases"


def _current_hashes(entry: Path) -> dict[str, str] | None:
    """sha256 of every file currently published for the dataset (None when nothing is)."""
    if not entry.exists():
        return None
    return {
        path.relative_to(entry).as_posix(): sha256_file(path)
        for path in sorted(entry.rglob("*"))
        if path.is_file()
    }


def _result(bundle: Bundle, entry: Path, changed: bool, writes: int) -> PublishResult:
    return PublishResult(
        portal="local",
        dataset=bundle.name,
        version=bundle.version,
        dataset_url=entry.absolute().as_uri(),
        resource_urls={f.relpath: (entry / f.relpath).absolute().as_uri() for f in bundle.files},
        resource_hashes=bundle.content_hashes(),
        changed=changed,
        write_calls=writes,
        actions=("write_release", "swap") if changed else (),
    )


def publish_local(bundle_dir: str | Path, portal_dir: str | Path) -> PublishResult:
    """Publish a verified bundle to ``portal_dir/<dataset>``; refuses unsafe bundles."""
    bundle = load_bundle(bundle_dir)
    portal_dir = Path(portal_dir)
    portal_dir.mkdir(parents=True, exist_ok=True)
    entry = portal_dir / bundle.name
    if entry.exists() and not entry.is_symlink() and not entry.is_dir():
        raise PublishRefused(f"{entry}: bestaat al en is geen map van deze portal")

    if _current_hashes(entry) == bundle.content_hashes():
        log.info(
            "local portal: %s %s is al gepubliceerd; niets geschreven", bundle.name, bundle.version
        )
        return _result(bundle, entry, changed=False, writes=0)

    releases = _releases_dir(portal_dir, bundle.name)
    releases.mkdir(exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f"{bundle.version or 'release'}-", dir=releases))
    try:
        for item in bundle.files:
            target = staging / item.relpath
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(item.path, target)
            if sha256_file(target) != item.hash:
                raise PublishRefused(f"{target}: kopie wijkt af van de bundel; niets gepubliceerd")
        staging.chmod(0o755)
        _swap(entry, staging)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    for old in releases.iterdir():
        if old != staging:
            shutil.rmtree(old, ignore_errors=True)
    log.info("local portal: %s %s gepubliceerd in %s", bundle.name, bundle.version, entry)
    return _result(bundle, entry, changed=True, writes=len(bundle.files))


def _swap(entry: Path, release: Path) -> None:
    """Point ``entry`` at ``release`` with a single rename of a fresh symbolic link."""
    link = entry.parent / f".{entry.name}.link-{os.getpid()}"
    if link.is_symlink() or link.exists():
        link.unlink()
    link.symlink_to(release.relative_to(entry.parent))
    if entry.is_dir() and not entry.is_symlink():
        # A plain folder from an older layout: move it aside first (the only non-atomic moment,
        # once, when upgrading the layout).
        legacy = _releases_dir(entry.parent, entry.name) / "legacy"
        shutil.rmtree(legacy, ignore_errors=True)
        entry.rename(legacy)
    os.replace(link, entry)
