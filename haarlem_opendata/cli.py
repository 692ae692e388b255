"""The ``haarlem-opendata`` command for data stewards.

Runs go through Dagster (a persistent instance in ``DAGSTER_HOME``), so everything started here is
also visible in ``dagster dev``. Output is for people: a progress display while datasets run and a
closing table saying, per dataset, whether it was published and where — or why it was blocked.
An entry point: each command builds the :class:`Settings` once and hands them on.
"""

from __future__ import annotations

import json
import os
import sys
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
def datasets(
    format: Annotated[
        str, typer.Option("--format", help="Uitvoer: table (standaard) of json.")
    ] = "table",
) -> None:
    """Toon de datasetcatalogus (datasets/*.yaml)."""
    from haarlem_opendata.catalog import load_catalog
    from haarlem_opendata.catalog.partitions import gemeenten

    cfg = Settings()
    catalog = _or_exit(lambda: load_catalog(cfg.datasets_dir, cfg.metadata_dir))
    rows = []
    for spec in catalog.values():
        protection = [k for k in ("cells", "anonymity") if getattr(spec.protection, k)] + ["pii"]
        partities = None
        if spec.partitions is not None:
            partities = {
                "gemeenten": len(gemeenten(spec.partitions, cfg.datasets_dir)),
                "jaren": spec.partitions.jaren,
                "eigen": spec.partitions.eigen,
                "publiceer": spec.partitions.publiceer,
            }
        rows.append(
            {
                "naam": spec.name,
                "titel": spec.title,
                "eenheid": spec.unit_of_observation,
                "bronnen": [
                    f"{n}{' (gegenereerd)' if s.generated else ''}" for n, s in spec.sources.items()
                ],
                "beveiliging": protection,
                "licentie": spec.license,
                "besluiten": spec.besluiten,
                "partities": partities,
            }
        )
    if format == "json":
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if format != "table":
        console.print(f"[red]Onbekend formaat {format!r}[/red]: kies table of json.")
        raise typer.Exit(2)
    table = Table(title="Datasets")
    for column in (
        "naam",
        "titel",
        "eenheid",
        "bronnen",
        "beveiliging",
        "licentie",
        "besluiten",
        "partities",
    ):
        table.add_column(column)
    for row in rows:
        p = row["partities"]
        table.add_row(
            row["naam"],
            row["titel"],
            row["eenheid"],
            ", ".join(row["bronnen"]),
            ", ".join(row["beveiliging"]),
            row["licentie"],
            ", ".join(row["besluiten"]) or "-",
            "-"
            if p is None
            else f"{p['gemeenten']} gemeenten × {', '.join(p['jaren'])}; "
            f"standaard {', '.join(p['publiceer'])}",
        )
    console.print(table)


@app.command()
def run(
    dataset: Annotated[
        list[str] | None,
        typer.Option("--dataset", "-d", help="Alleen deze datasets (herhaalbaar)."),
    ] = None,
    gemeente: Annotated[
        list[str] | None,
        typer.Option(
            "--gemeente",
            "-g",
            help="Voor een dataset per gemeente: deze gemeenten (CBS-code, herhaalbaar; 'alle' "
            "voor de hele CBS-lijst). Standaard: wat de spec onder partitions.publiceer noemt.",
        ),
    ] = None,
    jaar: Annotated[
        list[str] | None,
        typer.Option(
            "--jaar", "-j", help="Voor een dataset per jaar: deze jaren (standaard het nieuwste)."
        ),
    ] = None,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Toon het logboek van Dagster.")
    ] = False,
) -> None:
    """Materialiseer datasets van bron tot portaal (standaard allemaal)."""
    from haarlem_opendata.catalog import load_catalog
    from haarlem_opendata.catalog.linkage import publication_order
    from haarlem_opendata.dagster.launch import run_dataset
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
    names = [n for n in publication_order(catalog) if not dataset or n in dataset]
    work = [
        (name, published_as, key)
        for name in names
        for published_as, key in _or_exit(
            lambda name=name: _partitions(catalog[name], gemeente, jaar, cfg)
        )
    ]

    defs, instance = _dagster(cfg)
    results = []
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        TimeElapsedColumn(),
        console=console,
        transient=False,
    ) as progress:
        overall = progress.add_task("Datasets", total=len(work))
        for name, published_as, key in work:
            progress.update(
                overall,
                description=f"[bold]{published_as}[/bold]: bron → beveiliging → pakket → portaal",
            )
            results.append(
                run_dataset(
                    defs,
                    instance,
                    cfg,
                    dataset=name,
                    published_as=published_as,
                    job_name=f"{slug(name)}_job",
                    partition=key,
                    log_level="DEBUG" if verbose else "WARNING",
                )
            )
            progress.advance(overall)
        progress.update(overall, description="Klaar")
    _summary(results)
    if not all(r.success for r in results):
        raise typer.Exit(1)


def _partitions(spec, gemeenten: list[str] | None, jaren: list[str] | None, cfg: Settings):
    """(name published as, Dagster partition key) per run of one dataset."""
    from haarlem_opendata.catalog.partitions import default_partitions, for_partition
    from haarlem_opendata.catalog.partitions import gemeenten as gemeente_list

    if spec.partitions is None:
        return [(spec.name, None)]
    wanted = default_partitions(spec)
    chosen_g = gemeenten if gemeenten else [g for g, _ in wanted]
    if chosen_g == ["alle"]:
        chosen_g = sorted(gemeente_list(spec.partitions, cfg.datasets_dir))
    chosen_j = jaren or [wanted[0][1]]
    rendered = [for_partition(spec, g, j, cfg.datasets_dir) for g in chosen_g for j in chosen_j]
    return [(r.name, r.partition.key if r.partition else None) for r in rendered]


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


@app.command()
def werker(
    processen: Annotated[
        int, typer.Option("--processen", "-c", min=1, help="Stappen tegelijk in deze werker.")
    ] = 1,
    naam: Annotated[
        str, typer.Option("--naam", help="Naam van de werker (uniek per machine).")
    ] = "werker",
) -> None:
    """Start een Celery-werker die stappen van Dagster-runs uitvoert (executor celery).

    De werker leest dezelfde instellingen als `run` (mappen, DAGSTER_HOME, broker); start er op
    elke machine één of meer.
    """
    Settings()  # a bad setting fails here, before Celery starts; the app builds its own
    os.execvp(
        sys.executable,
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "haarlem_opendata.dagster.celery_app",
            "worker",
            "-Q",
            "dagster",
            "-c",
            str(processen),
            "-n",
            f"{naam}@%h",
            "--loglevel",
            "INFO",
        ],
    )


def _summary(results: list) -> None:
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
