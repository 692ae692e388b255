"""Running the real Dagster code location in-process from tests."""

from __future__ import annotations

import dagster as dg


def run_job(
    job_name: str = "all_datasets_job",
    instance: dg.DagsterInstance | None = None,
    partition: str | None = None,
):
    """Build Definitions from the current environment and execute one job in-process.

    A partitioned job runs ``partition`` (``"GM0392|2017"``), by default the municipality's own
    gemeente in the newest year: what the embedded default publishes.
    """
    from haarlem_opendata.dagster.definitions import build_definitions

    defs = build_definitions()
    job = defs.resolve_job_def(job_name)
    if job.partitions_def is not None and partition is None:
        partition = default_partition_key()
    return job.execute_in_process(
        instance=instance or dg.DagsterInstance.ephemeral(),
        raise_on_error=False,
        partition_key=partition,
    )


def default_partition_key() -> str:
    from haarlem_opendata.catalog import load_catalog
    from haarlem_opendata.catalog.partitions import default_partitions
    from haarlem_opendata.settings import Settings

    cfg = Settings()
    keys = {
        f"{g}|{j}"
        for spec in load_catalog(cfg.datasets_dir).values()
        for g, j in default_partitions(spec)[:1]
    }
    (key,) = keys
    return key


def materialized(result) -> set[tuple[str, ...]]:
    return {tuple(e.asset_key.path) for e in result.get_asset_materialization_events()}


def failed_checks(result) -> set[str]:
    return {e.check_name for e in result.get_asset_check_evaluations() if not e.passed}


def step_errors(result) -> list[str]:
    errors = []
    for event in result.all_events:
        if event.is_step_failure:
            error = event.event_specific_data.error
            errors.append(error.cause.message if error.cause else error.message)
    return errors
