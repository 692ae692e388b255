"""``haarlem-opendata net PAD``: the last-line net on a file, a bundle or the whole portal.

Shows what the ``pii_net`` check would object to: file, place (row and column, or key), type and a
masked value, never the value. Exit code 0: nothing found; 1: findings; 2: the path or the
allow-list could not be read.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from haarlem_opendata.errors import HaarlemOpendataError

MAX_SHOWN = 200


class OutputFormat(str, Enum):
    text = "text"
    json = "json"


def register_commands(app: typer.Typer) -> None:
    @app.command("net")
    def net(
        path: Annotated[Path, typer.Argument(help="Een bestand of map (bundel, portal/).")],
        allow_list: Annotated[
            Path | None,
            typer.Option("--allow-list", help="Allow-list (standaard metadata/net_allow.yaml)."),
        ] = None,
        output: Annotated[
            OutputFormat, typer.Option("--format", help="text of json")
        ] = OutputFormat.text,
    ) -> None:
        """Het laatste vangnet: zoek telefoonnummers, BSN's, IBAN's, e-mailadressen en postcodes
        met huisnummer in elk bestand, zoals de controle pii_net vóór publicatie doet."""
        from haarlem_opendata.net import ALLOW_FILE, load_allow_list, scan_folder
        from haarlem_opendata.settings import Settings

        err = Console(stderr=True, soft_wrap=True)
        try:
            allow = load_allow_list(allow_list or Settings().metadata_dir / ALLOW_FILE)
            if not path.exists():
                raise HaarlemOpendataError(f"{path}: bestaat niet")
        except HaarlemOpendataError as exc:
            err.print(f"[bold red]Fout:[/] {escape(str(exc))}", highlight=False)
            raise typer.Exit(2) from None
        if path.is_file():
            with tempfile.TemporaryDirectory() as folder:
                shutil.copyfile(path, Path(folder) / path.name)
                report = scan_folder(folder, allow)
            report.root = str(path.parent)
        else:
            report = scan_folder(path, allow)
        if output is OutputFormat.json:
            typer.echo(
                json.dumps(report.to_metadata(per_file=10_000), ensure_ascii=False, indent=2)
            )
            raise typer.Exit(0 if report.passed else 1)
        console = Console(soft_wrap=True)
        console.print(
            f"{escape(str(path))}: {len(report.files)} bestanden, {report.cells} waarden bekeken "
            f"in {report.seconds:.2f} s; {report.allowed} geaccepteerd door de allow-list",
            highlight=False,
        )
        if report.passed:
            console.print("[green]Het vangnet vond niets.[/green]")
            return
        table = Table(title=f"Het vangnet vond {len(report.findings)} waarde(n) (gemaskeerd)")
        for column in ("bestand", "plaats", "soort", "waarde (gemaskeerd)"):
            table.add_column(column)
        for f in report.findings[:MAX_SHOWN]:
            table.add_row(escape(f.file), escape(f.location), f.type, escape(f.masked))
        console.print(table)
        if len(report.findings) > MAX_SHOWN:
            console.print(f"… en nog {len(report.findings) - MAX_SHOWN}; alles met --format json")
        raise typer.Exit(1)
