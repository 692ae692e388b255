"""Run one dataset job for one partition with the configured executor, and say what came of it.

In this process (``execute_in_process``: the default, and what tests use), or out of process with
:func:`dagster.execute_job` on a reconstructable job, so Dagster's multiprocess executor or the
dagster-celery executor can run the steps elsewhere — the same code, only the executor differs.
The outcome is read from the run's events (never from an in-memory value), so both paths report
the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import dagster as dg

from haarlem_opendata.settings import Settings


@dataclass
class RunOutcome:
    """What the CLI reports for one dataset (partition): published, blocked or failed, and why."""

    name: str
    success: bool = False
    published: dict | None = None
    failed_checks: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    rows: int | None = None
    run_id: str | None = None


def run_dataset(
    defs: dg.Definitions,
    instance: dg.DagsterInstance,
    settings: Settings,
    *,
    dataset: str,
    published_as: str,
    job_name: str,
    partition: str | None = None,
    log_level: str = "WARNING",
) -> RunOutcome:
    """``dataset`` is the spec's (asset key) name, ``published_as`` the partition's own name."""
    run_config = {"loggers": {"console": {"config": {"log_level": log_level}}}}
    job = defs.resolve_job_def(job_name)
    result: Any
    if settings.executor == "in_process":
        result = job.execute_in_process(
            instance=instance, raise_on_error=False, run_config=run_config, partition_key=partition
        )
    else:
        tags = job.get_tags_for_partition_key(partition, None) if partition else {}
        recon = dg.build_reconstructable_job(
            "haarlem_opendata.dagster.definitions", "job_named", reconstructable_args=(job_name,)
        )
        result = dg.execute_job(recon, instance=instance, run_config=run_config, tags=tags)
    return _outcome(result, dataset, published_as)


def _outcome(result: Any, dataset: str, published_as: str) -> RunOutcome:
    outcome = RunOutcome(published_as, success=result.success, run_id=result.run_id)
    for evaluation in result.get_asset_check_evaluations():
        if not evaluation.passed:
            outcome.failed_checks.append(evaluation.check_name)
    for event in result.all_events:
        if event.is_step_failure:
            error = event.event_specific_data.error
            message = (error.cause.message if error.cause else error.message) or ""
            first = message.strip().splitlines()[0] if message.strip() else ""
            outcome.errors.append(f"{event.step_key}: {first}")
    for event in result.get_asset_materialization_events():
        key, metadata = event.asset_key, event.materialization.metadata
        if key == dg.AssetKey([dataset, "protected"]):
            outcome.rows = getattr(metadata.get("dagster/row_count"), "value", None)
        if key == dg.AssetKey([dataset, "published"]):
            outcome.published = {
                name: getattr(value, "value", value)
                for name, value in metadata.items()
                if name != "preview"
            }
    outcome.success = outcome.success and not outcome.failed_checks and bool(outcome.published)
    return outcome
