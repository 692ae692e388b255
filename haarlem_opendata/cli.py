"""The ``haarlem-opendata`` command for data stewards.

Runs go through Dagster (a persistent instance in ``DAGSTER_HOME``), so everything started here is
also visible in ``dagster dev``. Output is for people: a progress display while datasets run and a
closing table saying, per dataset, whether it was published and where — or why it was blocked.
An entry point: each command builds the :class:`Settings` once and hands them on.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from haarlem_opendata.errors import HaarlemOpendataError
from haarlem_opendata.settings import Settings

app = typer.Typer(
    help="Haarlem open data: van bron via beveiliging en datapakket naar het portaal.",
    no_args_is_help=True,
    add_completion=False,
)
console = Console()

# The instance this command creates: SQLite in DAGSTER_HOME, and no usage data sent to Dagster
# (a municipality does not share telemetry by default; README says how to switch it on).
DAGSTER_YAML = """# SQLite storage in this folder (the default). See README for PostgreSQL.
telemetry:
  enabled: false
"""


@app.command()
def datasets() -> None:
    """List the dataset catalog (datasets/*.yaml)."""
    from haarlem_opendata.catalog import load_catalog

    cfg = Settings()
    catalog = _or_exit(lambda: load_catalog(cfg.datasets_dir, cfg.metadata_dir))
    table = Table(title="Datasets")
    for column in ("naam", "titel", "eenheid", "bronnen", "beveiliging", "licentie", "besluiten"):
        table.add_column(column)
    for spec in catalog.values():
        protection = [k for k in ("cells", "anonymity") if getattr(spec.protection, k)] + ["pii"]
        sources = ", ".join(
            f"{n}{' (gegenereerd)' if s.generated else ''}" for n, s in spec.sources.items()
        )
        table.add_row(
            spec.name,
            spec.title,
            spec.unit_of_observation,
            sources,
            ", ".join(protection),
            spec.license,
            ", ".join(spec.besluiten) or "-",
        )
    console.print(table)


@dataclass
class DatasetRun:
    name: str
    success: bool = False
    published: dict | None = None
    failed_checks: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    rows: int | None = None


@app.command()
def run(
    dataset: Annotated[
        list[str] | None, typer.Option("--dataset", "-d", help="Only these datasets (repeatable).")
    ] = None,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Show Dagster's event log.")
    ] = False,
) -> None:
    """Materialize datasets from source to the portal (all of them by default)."""
    from haarlem_opendata.catalog import load_catalog
    from haarlem_opendata.spec import slug

    cfg = Settings()
    catalog = _or_exit(lambda: load_catalog(cfg.datasets_dir, cfg.metadata_dir))
    unknown = sorted(set(dataset or []) - set(catalog))
    if unknown:
        console.print(
            f"[red]Onbekende dataset(s): {', '.join(unknown)}[/red]; zie `haarlem-opendata "
            "datasets`."
        )
        raise typer.Exit(2)
    names = dataset or list(catalog)

    defs, instance = _dagster(cfg)
    results: list[DatasetRun] = []
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        TimeElapsedColumn(),
        console=console,
        transient=False,
    ) as progress:
        overall = progress.add_task("Datasets", total=len(names))
        for name in names:
            progress.update(
                overall,
                description=f"[bold]{name}[/bold]: bron → beveiliging → datapakket → portaal",
            )
            results.append(
                _run_one(defs, instance, name, slug(name), "DEBUG" if verbose else "WARNING")
            )
            progress.advance(overall)
        progress.update(overall, description="Klaar")
    _summary(results)
    if not all(r.success for r in results):
        raise typer.Exit(1)


def _dagster(cfg: Settings):
    """The definitions and the persistent instance in ``cfg.dagster_home`` (no DAGSTER_HOME
    written to the environment: the instance is opened from its folder)."""
    home = str(cfg.dagster_home)
    os.makedirs(home, exist_ok=True)
    config = os.path.join(home, "dagster.yaml")
    if not os.path.exists(config):
        with open(config, "w", encoding="utf-8") as f:
            f.write(DAGSTER_YAML)
    from dagster import DagsterInstance

    from haarlem_opendata.dagster.definitions import build_definitions

    # built now, from the settings of this call (not the module-level ``defs`` of an earlier one)
    return build_definitions(cfg), DagsterInstance.from_config(home)


def _run_one(defs, instance, name: str, group: str, log_level: str) -> DatasetRun:
    import dagster as dg

    outcome = DatasetRun(name)
    job = defs.resolve_job_def(f"{group}_job")
    result = job.execute_in_process(
        instance=instance,
        raise_on_error=False,
        run_config={"loggers": {"console": {"config": {"log_level": log_level}}}},
    )
    outcome.success = result.success
    for evaluation in result.get_asset_check_evaluations():
        if not evaluation.passed:
            outcome.failed_checks.append(evaluation.check_name)
    for event in result.all_events:
        if event.is_step_failure:
            error = event.event_specific_data.error
            message = (error.cause.message if error.cause else error.message) or ""
            outcome.errors.append(
                f"{event.step_key}: {message.strip().splitlines()[0] if message.strip() else ''}"
            )
    published_key = dg.AssetKey([name, "published"])
    materialized = {e.asset_key for e in result.get_asset_materialization_events()}
    if published_key in materialized:
        outcome.published = result.asset_value(published_key)
    protected = dg.AssetKey([name, "protected"])
    for event in result.get_asset_materialization_events():
        if event.asset_key == protected:
            count = event.materialization.metadata.get("dagster/row_count")
            outcome.rows = getattr(count, "value", None)
    outcome.success = (
        outcome.success and not outcome.failed_checks and outcome.published is not None
    )
    return outcome


def _summary(results: list[DatasetRun]) -> None:
    table = Table(title="Samenvatting")
    for column in ("dataset", "status", "rijen", "versie", "portaal", "toelichting"):
        table.add_column(column)
    for r in results:
        if r.success and r.published:
            status = (
                "[green]gepubliceerd[/green]"
                if r.published.get("changed", True)
                else "[green]ongewijzigd[/green]"
            )
            note = ""
        elif r.failed_checks:
            status, note = (
                "[red]geblokkeerd[/red]",
                "controle niet geslaagd: " + ", ".join(r.failed_checks),
            )
        else:
            status, note = "[red]fout[/red]", "; ".join(r.errors) or "zie Dagster-log"
        published = r.published or {}
        table.add_row(
            r.name,
            status,
            "" if r.rows is None else str(r.rows),
            str(published.get("version", "")),
            str(published.get("dataset_url", "")),
            note,
        )
    console.print(table)


def _or_exit(load):
    try:
        return load()
    except HaarlemOpendataError as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from None


def _mount_commands() -> None:
    """The lineage commands (besluit, besluiten, besluiten-html), the PII scan (scan), the net
    (net) and the raw stage (purge, register, raw-sleutel-roteren) live with their own code."""
    from haarlem_opendata.lineage.cli import register_commands as lineage_commands
    from haarlem_opendata.net.cli import register_commands as net_commands
    from haarlem_opendata.pii.cli import register_commands as pii_commands
    from haarlem_opendata.raw.cli import register_commands as raw_commands

    lineage_commands(app)
    pii_commands(app)
    net_commands(app)
    raw_commands(app)


_mount_commands()


if __name__ == "__main__":
    app()
