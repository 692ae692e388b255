"""What the published stage does for lineage after a successful publish, in one call.

Record the release (append-only history), write the run's PROV-O, emit OpenLineage events,
regenerate the besluit pages in the portal and — when publishing to CKAN — bring the besluit
groups in step. Kept here so the Dagster asset stays a thin shell around one function.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from haarlem_opendata.lineage.dossier import build_dossiers
from haarlem_opendata.lineage.html import write_besluit_pages
from haarlem_opendata.lineage.openlineage import emit_publication_events
from haarlem_opendata.lineage.prov import write_run_prov
from haarlem_opendata.lineage.releases import Release, load_releases, record_release, releases_path
from haarlem_opendata.runinfo import RunInfo
from haarlem_opendata.settings import Settings
from haarlem_opendata.spec import BesluitenRegister, DatasetSpec


def release_from_publish(
    result: Any,
    *,
    schema_hash: str,
    run: RunInfo,
    besluiten: list[str],
    data_hash: str | None = None,
    published_at: datetime | None = None,
) -> Release:
    """A :class:`Release` from a ``PublishResult`` (portal, dataset, version, URLs, hashes).

    ``data_hash`` defaults to the hash of the published ``<dataset>.csv`` (the contract's
    definition); ``schema_hash`` comes from the package stage.
    """
    hashes = dict(result.resource_hashes)
    if data_hash is None:
        data_hash = hashes[f"{result.dataset}.csv"]
    return Release(
        dataset=result.dataset,
        version=result.version,
        published_at=published_at or datetime.now(UTC),
        data_hash=data_hash,
        schema_hash=schema_hash,
        resources=hashes,
        run_id=run.run_id,
        git_commit=run.git_commit,
        portal=result.portal,
        portal_url=result.dataset_url,
        besluiten=list(besluiten),
    )


def record_publication(
    release: Release,
    *,
    settings: Settings,
    catalog: Mapping[str, DatasetSpec],
    register: BesluitenRegister,
    run: RunInfo | None = None,
    ckan: Any | None = None,
) -> dict[str, Any]:
    """Record one publication and refresh every lineage output; returns JSON-safe metadata."""
    path = releases_path(settings.work_dir)
    recorded = record_release(path, release)
    history = load_releases(path)
    metadata: dict[str, Any] = {"release_recorded": recorded, "releases_file": str(path)}

    run_releases = [r for r in history if r.run_id == release.run_id]
    prov = write_run_prov(run_releases, catalog, settings.work_dir / "prov", run, history)
    metadata["prov"] = [str(p) for p in prov]
    if recorded:  # a repeated publish of the same version is not a new lineage event
        emit_publication_events(
            release, catalog[release.dataset], register, settings.work_dir / "openlineage", run
        )
        metadata["openlineage"] = str(
            settings.work_dir / "openlineage" / f"{release.dataset}.jsonl"
        )

    dossiers = build_dossiers(register, catalog, history, settings.bundles_dir)
    pages = write_besluit_pages(dossiers, settings.portal_dir, metadata_dir=settings.metadata_dir)
    metadata["besluit_pages"] = str(pages[0].parent) if pages else None
    if ckan is not None:
        metadata["ckan_groups"] = sync_groups(ckan, register, catalog)
    return metadata


def sync_groups(ckan: Any, register: BesluitenRegister, catalog: Mapping[str, DatasetSpec]) -> dict:
    from haarlem_opendata.lineage.portal_ckan import sync_besluit_groups

    return sync_besluit_groups(ckan, register, catalog).to_metadata()
