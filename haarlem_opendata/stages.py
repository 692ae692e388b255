"""One function per pipeline stage, in plain Python: what the Dagster assets (and tests) call.

Each stage takes a dataset spec, the previous stage's output and the :class:`Settings` its
caller built (the Dagster shell's ``settings`` resource, a test's fixture), so the same code runs
under Dagster, from the CLI or in a test without Dagster, and none of it reads the environment.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from haarlem_opendata.checks import (
    CHECKS,
    CheckOutcome,
    record_outcome,
    recorded_outcomes,
    required_checks,
    run_check,
)
from haarlem_opendata.errors import HaarlemOpendataError
from haarlem_opendata.fingerprint import tables_fingerprint
from haarlem_opendata.protect.pipeline import ProtectedTable, protect_table
from haarlem_opendata.publish.result import Publication
from haarlem_opendata.runinfo import RunInfo
from haarlem_opendata.settings import Settings
from haarlem_opendata.spec import DatasetSpec

CHECK_DESCRIPTIONS = {
    "pii_scan": (
        "Presidio-scan met Nederlandse herkenners: geen persoonsgegevens in de te publiceren tabel."
    ),
    "cells_audit": (
        "Aanvallersaudit (LP): geen onderdrukte cel is terug te rekenen uit de gepubliceerde "
        "cellen."
    ),
    "k_anonymity": (
        "Onafhankelijke controle: elke equivalentieklasse heeft minstens k records (en l waarden)."
    ),
    "count_tables_audit": (
        "Aanvallersaudit (LP) van elke teltabel, uit de gepubliceerde tabel alleen: geen "
        "onderdrukte cel terug te rekenen, geen klein aantal gepubliceerd."
    ),
    "linkage_audit": "Koppelingsaudit (LP): samen met elke gekoppelde publicatie en elke eerdere "
    "versie is geen klein aantal (overlapdeel of onderdrukte cel) terug te rekenen.",
}
assert set(CHECK_DESCRIPTIONS) == set(CHECKS)


def load_raw(spec: DatasetSpec, source_name: str, *, settings: Settings) -> pd.DataFrame:
    from haarlem_opendata.sources import load_source

    cfg = settings
    source = spec.sources[source_name]
    table = load_source(
        source,
        datasets_dir=cfg.datasets_dir,
        mode=cfg.source_mode,
        columns=spec.source_columns,
        gemeente=spec.partition.gemeente if spec.partition is not None else None,
    )
    # Dataminimalisatie: what no step needs is dropped here, before anything stores it.
    return table.drop(columns=[c for c in source.dropped_columns if c in table.columns])


def combine_sources(spec: DatasetSpec, raws: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The source table: sources combined by the spec's transform, in the spec's column names.

    Declared source columns are checked and renamed (a missing one is an error naming the file);
    columns the transform derives are taken as the transform named them.
    """
    import geopandas as gpd

    from haarlem_opendata.sources import select_columns
    from haarlem_opendata.transform import apply_transform

    if spec.transform is None:
        (combined,) = raws.values()
    else:
        combined = apply_transform(spec.transform, raws)
    first = next(iter(raws.values()))
    where = combined.attrs.get("source_file") or first.attrs.get("source_file", spec.name)
    table = select_columns(combined, spec.columns, where)
    derived = [c.name for c in spec.columns if c.derived and c.name in combined.columns]
    for name in derived:
        table[name] = combined[name]
    if isinstance(combined, gpd.GeoDataFrame) and combined.geometry.name in derived:
        table = gpd.GeoDataFrame(table, geometry=combined.geometry.name, crs=combined.crs)
    return table


def use_pii_settings(settings: Settings) -> None:
    """Point the PII scan at the steward's name lists (``pii_names_dir``; None: the shipped).

    Called by each stage that may scan (redaction in ``protect``, the ``pii_scan`` check)
    before it does: the scan's worker processes get the folder from here, not the environment.
    """
    from haarlem_opendata.pii.lexicon import use_names_dir

    use_names_dir(settings.pii_names_dir)


def protect(spec: DatasetSpec, source: pd.DataFrame, *, settings: Settings) -> ProtectedTable:
    use_pii_settings(settings)
    return protect_table(
        spec,
        source,
        datasets_dir=settings.datasets_dir,
        metadata_dir=settings.metadata_dir,
        linkage=linkage_inputs(spec, settings=settings),
        earlier=earlier_tables(spec, settings=settings),
        earlier_counts=earlier_counts(spec, settings=settings),
    )


def earlier_tables(spec: DatasetSpec, *, settings: Settings) -> list:
    """Versions of a suppression table for the same period still on disk (public), oldest first."""
    cells = spec.protection.cells
    if cells is None or cells.method != "suppression":
        return []
    from haarlem_opendata.protect.cells.versions import EarlierTable
    from haarlem_opendata.protect.earlier import published_versions

    temporal = spec.temporal.model_dump()
    return [
        EarlierTable(v.label, v.table(spec.is_geodata))
        for v in published_versions(settings.bundles_dir, spec.name)
        if v.same_period(temporal)
    ]


def earlier_counts(spec: DatasetSpec, *, settings: Settings) -> list:
    """The count tables of every version of the same period still on disk (public), oldest
    first."""
    declared = spec.protection.count_tables
    if not declared:
        return []
    from haarlem_opendata.protect.counts.releases import earlier_count_tables
    from haarlem_opendata.protect.earlier import published_versions

    temporal = spec.temporal.model_dump()
    return [
        table
        for v in published_versions(settings.bundles_dir, spec.name)
        if v.same_period(temporal)
        for table in earlier_count_tables(v, declared)
    ]


def linkage_inputs(spec: DatasetSpec, *, settings: Settings) -> list:
    """The register and every linked bundle on disk, for the dataset's linkage audit ([]: none)."""
    if not any(c.populatie is not None for c in spec.columns):
        return []
    from functools import partial

    from haarlem_opendata.catalog import load_catalog
    from haarlem_opendata.protect.linkage.context import build_inputs

    return build_inputs(
        spec,
        load_catalog(settings.datasets_dir, settings.metadata_dir),
        datasets_dir=settings.datasets_dir,
        bundles_dir=settings.bundles_dir,
        load_register=partial(load_raw, settings=settings),
    )


def run_and_record_check(
    spec: DatasetSpec, name: str, protected: ProtectedTable, *, settings: Settings
) -> CheckOutcome:
    """Run one protection check and record its outcome against the table's fingerprint."""
    use_pii_settings(settings)
    outcome = run_check(name, spec, protected)
    record_outcome(settings.work_dir / "checks", spec.name, _fingerprint(protected), outcome)
    return outcome


def package(spec: DatasetSpec, protected: ProtectedTable, *, run_id: str, settings: Settings):
    """Build the release bundle, carrying the recorded outcomes of the protection checks."""
    from haarlem_opendata.lineage.releases import latest_release, load_releases
    from haarlem_opendata.package import build_bundle

    cfg = settings
    fingerprint = _fingerprint(protected)
    outcomes = recorded_outcomes(
        cfg.work_dir / "checks", spec.name, fingerprint, required_checks(spec)
    )
    failed = [o.name for o in outcomes if not o.passed]
    if failed:
        from haarlem_opendata.errors import ProtectionError

        raise ProtectionError(
            f"{spec.name}: protection checks did not pass for this data: {', '.join(failed)}; "
            "nothing is packaged or published"
        )
    previous = latest_release(load_releases(cfg.work_dir / "releases.jsonl"), spec.name)
    return build_bundle(
        spec,
        protected.table,
        out_dir=cfg.bundles_dir / spec.name,
        protection=protected.protection,
        checks=[o.to_dict() for o in outcomes],
        run=RunInfo(run_id=run_id),
        previous=None if previous is None else previous.model_dump(mode="json"),
        besluiten=_besluiten(spec, cfg.metadata_dir),
        metadata_dir=cfg.metadata_dir,
        data_fingerprint=fingerprint,
        count_tables=protected.count_tables,
        raw_encrypted=cfg.raw_encrypted,
    )


def _fingerprint(protected: ProtectedTable) -> str:
    return tables_fingerprint(protected.table, protected.count_tables)


def _besluiten(spec: DatasetSpec, metadata_dir: Path) -> list[dict]:
    """The besluiten this dataset supports, as the data package's provenance lists them."""
    from haarlem_opendata.catalog import load_register

    if not spec.besluiten:
        return []
    register = load_register(metadata_dir / "besluiten.yaml")
    found = []
    for identificatie in spec.besluiten:
        besluit = register.get(identificatie)
        found.append(
            {
                "id": besluit.identificatie,
                "title": besluit.titel,
                "date": besluit.datum.isoformat(),
                "bestuursorgaan": besluit.bestuursorgaan.value,
                "example": besluit.voorbeeld,
                **{k: v for k, v in besluit.links.model_dump().items() if v},
            }
        )
    return found


def validate_package(spec: DatasetSpec, bundle_dir: str | Path) -> CheckOutcome:
    """Frictionless validation of the bundle; the outcome is appended to its checks.json."""
    from haarlem_opendata.package import record_bundle_check, validate_bundle

    report = validate_bundle(Path(bundle_dir))
    outcome = CheckOutcome(
        name="datapackage_valid",
        passed=bool(report.valid),
        description=(
            "Het datapakket en de bestanden zijn geldig volgens Frictionless (Data Package v2)."
        ),
        metadata=report.to_metadata(),
    )
    record_bundle_check(Path(bundle_dir), outcome.to_dict())
    return outcome


def net_check(spec: DatasetSpec, bundle_dir: str | Path, *, settings: Settings) -> CheckOutcome:
    """The last-line net over every file of the bundle; the outcome is appended to its
    checks.json."""
    from haarlem_opendata.net import ALLOW_FILE, CHECK_NAME, load_allow_list, scan_folder
    from haarlem_opendata.package import record_bundle_check

    allow = load_allow_list(settings.metadata_dir / ALLOW_FILE)
    report = scan_folder(Path(bundle_dir), allow)
    outcome = CheckOutcome(
        name=CHECK_NAME,
        passed=report.passed,
        description="Laatste vangnet (vormherkenning, los van Presidio): geen telefoonnummer, BSN, "
        "IBAN, e-mailadres of postcode met huisnummer in enig bestand van de bundel.",
        metadata=report.to_metadata(),
    )
    record_bundle_check(Path(bundle_dir), outcome.to_dict())
    return outcome


def publish(
    spec: DatasetSpec, bundle_dir: str | Path, *, portal, run_id: str, settings: Settings
) -> Publication:
    """Publish a verified bundle, then record the release and refresh the lineage outputs.

    The release is recorded after the portal confirmed the publication, so the history never
    names a version the public cannot download; re-publishing an unchanged version records nothing.
    """
    import json

    from haarlem_opendata.catalog import load_catalog, load_register
    from haarlem_opendata.lineage.publication import record_publication, release_from_publish

    cfg = settings
    bundle_dir = Path(bundle_dir)
    result = portal.publish(bundle_dir)
    package = json.loads((bundle_dir / "datapackage.json").read_text(encoding="utf-8"))
    provenance = package.get("provenance", {})
    run = RunInfo(run_id=run_id)
    release = release_from_publish(
        result,
        schema_hash=provenance["schema_hash"],
        data_hash=provenance["data_hash"],
        run=run,
        besluiten=list(spec.besluiten),
    )
    try:
        lineage = record_publication(
            release,
            settings=cfg,
            # the spec as published: a partition (buurtcijfers-gm0363) is not in the catalog
            catalog={**load_catalog(cfg.datasets_dir, cfg.metadata_dir), spec.name: spec},
            register=load_register(cfg.metadata_dir / "besluiten.yaml"),
            run=run,
            ckan=portal.ckan_client() if portal.uses_ckan else None,
        )
    except Exception as exc:  # noqa: BLE001 — any failure: re-raised with the token masked
        message = portal.mask(f"{type(exc).__name__}: {exc}")
        raise HaarlemOpendataError(
            f"{spec.name}: published, but recording the lineage failed ({message}); "
            "the next run completes it"
        ) from None
    return Publication(result=result, lineage=lineage)
