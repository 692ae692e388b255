"""``purge``, ``register`` and ``raw-sleutel-roteren``: the raw stage under the AVG, for stewards.

``purge`` deletes what is past its bewaartermijn and prints counts per dataset (never contents);
``register`` lists the verwerkingsregister entries derived from the specs; ``raw-sleutel-roteren``
re-encrypts the raw store with the first key in ``HAARLEM_OPENDATA_RAW_KEYS``.
"""

from __future__ import annotations

import json
from datetime import datetime
from enum import Enum
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from haarlem_opendata.errors import HaarlemOpendataError
from haarlem_opendata.settings import Settings

console = Console()


class OutputFormat(str, Enum):
    text = "text"
    json = "json"


FormatOption = Annotated[
    OutputFormat, typer.Option("--format", help="text (leesbaar) of json (machineleesbaar)")
]


def publications_by_dataset(work_dir) -> dict[str, list[datetime]]:
    """When each dataset was published, from the release history."""
    from haarlem_opendata.lineage.releases import load_releases, releases_path

    out: dict[str, list[datetime]] = {}
    path = releases_path(work_dir)
    if path.exists():
        for release in load_releases(path):
            out.setdefault(release.dataset, []).append(release.published_at)
    return out


def run_purge(*, dry_run: bool, settings: Settings, now: datetime | None = None):
    """Purge the raw store of the configured project (also used by the daily Dagster job)."""
    from haarlem_opendata.catalog import load_catalog
    from haarlem_opendata.raw.retention import purge
    from haarlem_opendata.raw.store import RawStore

    cfg = settings
    return purge(
        RawStore(cfg.raw_dir, cfg.raw_keys),
        load_catalog(cfg.datasets_dir),
        now=now,
        publications=publications_by_dataset(cfg.work_dir),
        dry_run=dry_run,
    )


def register_commands(app: typer.Typer) -> None:
    @app.command("purge")
    def purge_command(
        dry_run: Annotated[
            bool, typer.Option("--dry-run", help="alleen tellen wat verlopen is, niets verwijderen")
        ] = False,
        output: FormatOption = OutputFormat.text,
    ) -> None:
        """Verwijder ruwe gegevens die over hun bewaartermijn zijn (aantallen per dataset, nooit
        inhoud)."""
        try:
            report = run_purge(dry_run=dry_run, settings=Settings())
        except HaarlemOpendataError as exc:
            console.print(f"[red]{exc}[/red]")
            raise typer.Exit(2) from None
        rows = [c.to_json() for c in report.counts.values()]
        if output is OutputFormat.json:
            print(
                json.dumps({"proefdraai": dry_run, "datasets": rows}, ensure_ascii=False, indent=2)
            )
            return
        verb = "zou verwijderen" if dry_run else "verwijderd"
        table = Table(
            title=f"Opschonen ruwe gegevens ({'proefdraai' if dry_run else 'uitgevoerd'})"
        )
        for col in ("dataset", "bewaartermijn", f"bestanden {verb}", "bytes", "bestanden bewaard"):
            table.add_column(col)
        for r in rows:
            table.add_row(
                r["dataset"],
                r["bewaartermijn"],
                str(r["bestanden_verlopen"]),
                str(r["bytes_verlopen"]),
                str(r["bestanden_bewaard"]),
            )
        console.print(table)

    @app.command("register")
    def register_command(output: FormatOption = OutputFormat.text) -> None:
        """Het verwerkingsregister: per dataset doel, persoonsgegevens, bewaartermijn en
        ontvangers."""
        from haarlem_opendata.catalog import load_catalog
        from haarlem_opendata.raw.register import register_entry, register_markdown
        from haarlem_opendata.raw.store import RawStore

        cfg = Settings()
        try:
            catalog = load_catalog(cfg.datasets_dir)
        except HaarlemOpendataError as exc:
            console.print(f"[red]{exc}[/red]")
            raise typer.Exit(2) from None
        encrypted = RawStore(cfg.raw_dir, cfg.raw_keys).encrypted
        entries = [
            register_entry(spec, raw_location=str(cfg.raw_dir), encrypted=encrypted)
            for spec in catalog.values()
        ]
        if output is OutputFormat.json:
            print(json.dumps(entries, ensure_ascii=False, indent=2))
            return
        for entry in entries:
            console.print(register_markdown(entry), markup=False)

    @app.command("raw-sleutel-roteren")
    def rotate_command() -> None:
        """Versleutel de ruwe opslag opnieuw met de eerste sleutel in HAARLEM_OPENDATA_RAW_KEYS."""
        from haarlem_opendata.raw.store import RawStore, RawStoreError

        cfg = Settings()
        try:
            count = RawStore(cfg.raw_dir, cfg.raw_keys).rotate()
        except RawStoreError as exc:
            console.print(f"[red]{exc}[/red]")
            raise typer.Exit(2) from None
        console.print(f"{count} bestanden opnieuw versleuteld met de nieuwe sleutel.")
