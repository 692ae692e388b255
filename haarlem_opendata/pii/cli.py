"""``haarlem-opendata scan FILE``: the publication scan on any table, before it becomes a dataset.

A steward who is about to add a source, or wants to know why a check failed, can scan a file
with the same scanner and the same settings (``--dataset`` takes a spec's threshold and
allow-list; ``HAARLEM_OPENDATA_PII_NAMES_DIR`` the name lists, as in the pipeline). Findings
are shown the way the check reports them: column, kind, count, rows and masked examples, never
a value. Exit code 0: nothing found; 1: findings; 2: the file, the spec or the settings could
not be read.
"""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path
from typing import Annotated

import pandas as pd
import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from haarlem_opendata.errors import HaarlemOpendataError, InputError
from haarlem_opendata.spec import PiiSpec

MAX_ROWS_SHOWN = 10


class OutputFormat(str, Enum):
    text = "text"
    json = "json"


def read_table(path: Path) -> pd.DataFrame:
    """A file as the scan sees it: CSV as text (a CSV has no types), the others as stored."""
    if not path.is_file():
        raise InputError(path, "file not found")
    suffix = path.suffix.lower()
    try:
        if suffix in {".csv", ".txt"}:
            return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        if suffix == ".parquet":
            return pd.read_parquet(path)
        if suffix in {".gpkg", ".geojson", ".json", ".shp"}:
            import geopandas as gpd

            return gpd.read_file(path)
    except (ValueError, OSError, RuntimeError) as exc:  # pyogrio's DataSourceError: RuntimeError
        raise InputError(
            path, f"cannot be read as a {suffix[1:]} table ({type(exc).__name__})"
        ) from None
    raise InputError(path, "unknown file type: use .csv, .parquet, .gpkg or .geojson")


def _spec(dataset: str | None, threshold: float | None, datasets_dir: Path) -> PiiSpec:
    if dataset is None:
        return PiiSpec() if threshold is None else PiiSpec(threshold=threshold)
    from haarlem_opendata.catalog import load_catalog

    catalog = load_catalog(datasets_dir)
    if dataset not in catalog:
        raise InputError(datasets_dir, f"no dataset {dataset!r} in the catalog")
    spec = catalog[dataset].protection.pii
    return spec if threshold is None else spec.model_copy(update={"threshold": threshold})


def register_commands(app: typer.Typer) -> None:
    @app.command()
    def scan(
        path: Annotated[Path, typer.Argument(help="CSV, Parquet, GeoPackage or GeoJSON file.")],
        dataset: Annotated[
            str | None,
            typer.Option("--dataset", "-d", help="Use this dataset's threshold and allow-list."),
        ] = None,
        threshold: Annotated[
            float | None,
            typer.Option(min=0.0, max=1.0, help="Report findings scoring at least this."),
        ] = None,
        output: Annotated[OutputFormat, typer.Option("--format")] = OutputFormat.text,
        workers: Annotated[int, typer.Option(min=1, help="Scan processes.")] = 2,
    ) -> None:
        """Scan a table for personal data, as the pii_scan check does before publication."""
        from pydantic import ValidationError

        from haarlem_opendata.pii.entities import ENTITY_LABELS_NL
        from haarlem_opendata.pii.lexicon import use_names_dir
        from haarlem_opendata.pii.scan import scan_dataframe
        from haarlem_opendata.settings import Settings

        err = Console(stderr=True, soft_wrap=True)
        try:
            settings = Settings()  # the steward's name lists and datasets folder
            spec = _spec(dataset, threshold, settings.datasets_dir)
            table = read_table(path)
        except (HaarlemOpendataError, ValidationError) as exc:
            err.print(f"[bold red]Fout:[/] {escape(str(exc))}", highlight=False)
            raise typer.Exit(2) from None
        use_names_dir(settings.pii_names_dir)
        report = scan_dataframe(table, spec, workers=workers)
        if output is OutputFormat.json:
            typer.echo(json.dumps(report.to_metadata(), ensure_ascii=False, indent=2))
            raise typer.Exit(0 if report.passed else 1)
        console = Console(soft_wrap=True)
        console.print(
            f"{escape(str(path))}: {report.n_rows} rijen, {len(report.columns_scanned)} kolommen, "
            f"{report.cells_scanned} cellen gescand (drempel {report.threshold})",
            highlight=False,
        )
        if report.allow_listed:
            console.print(f"{report.allow_listed} bevinding(en) geaccepteerd door de allow-list")
        if report.passed:
            console.print("[green]Geen persoonsgegevens gevonden.[/green]")
            return
        findings = Table(title="Mogelijke persoonsgegevens (waarden gemaskeerd)")
        for column in ("kolom", "soort", "aantal", "rijen (1 = eerste gegevensrij)", "voorbeelden"):
            findings.add_column(column)
        for f in report.findings:
            rows = ", ".join(str(r + 1) for r in f.rows[:MAX_ROWS_SHOWN])
            kind = ENTITY_LABELS_NL.get(f.entity_type, f.entity_type)
            findings.add_row(
                escape(f.column),
                kind + (" (hele kolom)" if f.whole_column else ""),
                str(f.count),
                rows + (" …" if len(f.rows) > MAX_ROWS_SHOWN else ""),
                escape(", ".join(f.examples)),
            )
        console.print(findings)
        raise typer.Exit(1)
