"""The one Dagster ``Definitions`` of this code location (``workspace.yaml`` points here).

Built from the dataset catalog: one asset factory call per spec, plus the besluiten as external
assets downstream of the datasets they rest on. This is an entry point: the settings are built
here (from the environment, once) unless the caller hands them in, and reach the assets as the
``settings`` resource; the CKAN token only as ``EnvVar``, never from code or files.
"""

from __future__ import annotations

import dagster as dg

from haarlem_opendata.catalog import load_catalog
from haarlem_opendata.dagster.factory import build_dataset_definitions
from haarlem_opendata.dagster.raw_io_manager import RawStoreIOManager
from haarlem_opendata.dagster.resources import portal_resource
from haarlem_opendata.settings import Settings


def build_definitions(settings: Settings | None = None) -> dg.Definitions:
    cfg = settings if settings is not None else Settings()
    catalog = load_catalog(cfg.datasets_dir, cfg.metadata_dir)
    from haarlem_opendata.catalog.linkage import upstream

    per_dataset = [
        build_dataset_definitions(spec, upstream(catalog, spec.name), datasets_dir=cfg.datasets_dir)
        for spec in catalog.values()
    ]
    assets: list = [a for d in per_dataset for a in d.assets]
    besluit_assets = _besluit_assets(catalog, cfg)
    all_job = dg.define_asset_job(
        name="all_datasets_job",
        selection=dg.AssetSelection.groups(*[d.job.name.removesuffix("_job") for d in per_dataset]),
        description="Alle datasets: van bron tot publicatie.",
    )
    purge_job, purge_schedule = _raw_purge()
    return dg.Definitions(
        assets=[*assets, *besluit_assets],
        asset_checks=[c for d in per_dataset for c in d.checks],
        jobs=[*[d.job for d in per_dataset], all_job, purge_job],
        executor=executor(cfg),
        schedules=[*[d.schedule for d in per_dataset], purge_schedule],
        resources={
            "settings": cfg,
            "portal": portal_resource(cfg),
            "io_manager": dg.FilesystemIOManager(base_dir=str(cfg.storage_dir)),
            "raw_io_manager": RawStoreIOManager(cfg),
        },
    )


def executor(cfg: Settings) -> dg.ExecutorDefinition:
    """Dagster's executor for the setting: its own multiprocess one, or dagster-celery's."""
    if cfg.executor == "celery":
        from dagster_celery import celery_executor

        return celery_executor.configured(
            {"broker": cfg.celery_broker, "backend": cfg.celery_backend}, name="celery"
        )
    return dg.multiprocess_executor


def job_named(name: str) -> dg.JobDefinition:
    """One job of the code location, rebuilt from the environment: what a Celery worker (or a
    step subprocess) loads to run a step of a run launched with :func:`dg.execute_job`."""
    return build_definitions().resolve_job_def(name)


def _raw_purge() -> tuple:
    """A daily job, on by default, that deletes raw files past their bewaartermijn."""

    @dg.op(
        description="Verwijdert ruwe gegevens die over hun bewaartermijn zijn.",
        required_resource_keys={"settings"},
    )
    def purge_raw(context) -> None:  # unannotated: dagster cannot resolve a string annotation
        from haarlem_opendata.raw.cli import run_purge

        report = run_purge(dry_run=False, settings=context.resources.settings)
        counts = {name: c.to_json() for name, c in report.counts.items()}
        context.add_output_metadata({"per_dataset": dg.MetadataValue.json(counts)})
        context.log.info(f"opgeschoond: {report.deleted} bestanden verwijderd")

    @dg.job(name="raw_purge_job", description="Ruwe gegevens opschonen volgens de bewaartermijn.")
    def purge_job() -> None:
        purge_raw()

    schedule = dg.ScheduleDefinition(
        name="raw_purge_daily",
        job=purge_job,
        cron_schedule="30 2 * * *",
        execution_timezone="Europe/Amsterdam",
        default_status=dg.DefaultScheduleStatus.RUNNING,
    )
    return purge_job, schedule


def _besluit_assets(catalog, cfg) -> list:
    from haarlem_opendata.catalog import load_register
    from haarlem_opendata.dagster.besluiten import besluit_external_assets
    from haarlem_opendata.lineage.register import validate_register

    register = load_register(cfg.metadata_dir / "besluiten.yaml")
    validate_register(register, catalog)
    return besluit_external_assets(register, catalog)


defs = build_definitions()
