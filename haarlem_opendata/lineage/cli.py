"""Command-line answers for the raad: ``besluit <id>``, ``besluiten`` and ``besluiten-html``.

The integrator mounts these on the main Typer app with :func:`register_commands`. Every command
loads the register, the dataset specs and the release history, checks they agree (a mismatch is
a clear error, exit code 2) and answers from them; nothing here writes except ``besluiten-html``.
"""

from __future__ import annotations

from enum import Enum
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table

from haarlem_opendata.catalog import load_catalog, load_register
from haarlem_opendata.errors import HaarlemOpendataError
from haarlem_opendata.lineage.dossier import Dossier, build_dossier, build_dossiers
from haarlem_opendata.lineage.html import dutch_date, write_besluit_pages
from haarlem_opendata.lineage.register import datasets_for, validate_register
from haarlem_opendata.lineage.releases import Release, load_releases, releases_path
from haarlem_opendata.settings import Settings
from haarlem_opendata.spec import BesluitenRegister, DatasetSpec

REGISTER_FILE = "besluiten.yaml"


class OutputFormat(str, Enum):
    text = "text"
    json = "json"


def load_lineage(
    s: Settings | None = None,
) -> tuple[BesluitenRegister, dict[str, DatasetSpec], list[Release]]:
    """Register, catalog and release history, validated against each other."""
    s = s or Settings()
    register = load_register(s.metadata_dir / REGISTER_FILE)
    catalog = load_catalog(s.datasets_dir)
    releases = load_releases(releases_path(s.work_dir))
    validate_register(register, catalog, releases)
    return register, catalog, releases


def _fail(message: str, code: int) -> typer.Exit:
    Console(stderr=True, soft_wrap=True).print(
        f"[bold red]Fout:[/] {escape(message)}", highlight=False
    )
    return typer.Exit(code)


def _load() -> tuple[BesluitenRegister, dict[str, DatasetSpec], list[Release], Settings]:
    s = Settings()
    try:
        register, catalog, releases = load_lineage(s)
    except HaarlemOpendataError as exc:
        raise _fail(str(exc), 2) from None
    return register, catalog, releases, s


def print_dossier(dossier: Dossier, console: Console) -> None:
    b = dossier.besluit
    head = (
        f"[bold]{b.titel}[/]\n{b.identificatie} · {b.besluittype} van de {b.bestuursorgaan.value}"
        f" · genomen {dutch_date(b.datum)} · in werking {dutch_date(b.ingangsdatum)}"
        f" · RSIN {b.verantwoordelijkeOrganisatie}\n\n{b.toelichting}"
    )
    links = [f"{k}: {v}" for k, v in b.links.model_dump().items() if v]
    if links:
        head += "\n\n" + "\n".join(links)
    if b.voorbeeld:
        head = "[bold yellow]VOORBEELD — fictief besluit[/]\n" + head
    console.print(Panel(head, title="Besluit", expand=False), highlight=False)

    for ds in dossier.datasets:
        status = (
            f"versie [bold]{ds.version}[/] (geldend op {dutch_date(b.datum)})"
            if ds.version
            else "[yellow]op de besluitdatum nog niet gepubliceerd[/]"
        )
        console.print(f"\n[bold]{ds.title}[/] ({ds.dataset}) — {status}", highlight=False)
        console.print(
            f"  Periode gegevens: {ds.temporal_start} t/m {ds.temporal_end}", highlight=False
        )
        if ds.newer_versions:
            console.print(f"  Nieuwere versies na het besluit: {', '.join(ds.newer_versions)}")
        pubs = ds.publications or (
            [ds.first_publication_after] if ds.first_publication_after else []
        )
        if pubs:
            table = Table(
                "Portaal",
                "Versie",
                "Gepubliceerd",
                "Adres",
                "Run",
                "Commit",
                title="Publicaties",
                title_justify="left",
            )
            for p in pubs:
                table.add_row(
                    p.portal,
                    p.version,
                    p.published_at,
                    p.portal_url,
                    p.run_id,
                    (p.git_commit or "onbekend")[:12],
                )
            console.print(table)
            hashes = Table("Bestand", "sha256", title="Controlegetallen", title_justify="left")
            hashes.add_row("(gegevens)", pubs[0].data_hash)
            hashes.add_row("(tabelstructuur)", pubs[0].schema_hash)
            for path, digest in pubs[0].resources.items():
                hashes.add_row(path, digest)
            console.print(hashes)
        console.print(f"  Privacy ({ds.protection.source}):")
        for line in ds.protection.summary:
            console.print(f"    - {line}", highlight=False)
        console.print("  Bronnen:")
        for src in ds.sources:
            extra = " (gegenereerde voorbeeldgegevens)" if src.generated else ""
            url = f" <{src.url}>" if src.url else ""
            console.print(f"    - {src.title}, {src.publisher}{url}{extra}", highlight=False)


def besluit_command(
    identificatie: Annotated[
        str, typer.Argument(help="Identificatie van het besluit, bv. HLM-2026-RB-014")
    ],
    output: Annotated[
        OutputFormat, typer.Option("--format", help="text (leesbaar) of json (machineleesbaar)")
    ] = OutputFormat.text,
) -> None:
    """Het dossier van één besluit: welke data, in welke versie, waar, hoe beschermd,
    waarvandaan."""
    register, catalog, releases, s = _load()
    if identificatie not in register:
        known = ", ".join(b.identificatie for b in register.besluiten) or "geen"
        raise _fail(f"onbekend besluit {identificatie!r}; bekend zijn: {known}", 1)
    dossier = build_dossier(identificatie, register, catalog, releases, s.bundles_dir)
    if output is OutputFormat.json:
        typer.echo(dossier.to_json())
    else:
        print_dossier(dossier, Console())


def besluiten_command() -> None:
    """Alle besluiten in het register, met de datasets waarop ze rusten."""
    register, catalog, _, _ = _load()
    table = Table(
        "Identificatie",
        "Datum",
        "Bestuursorgaan",
        "Titel",
        "Datasets",
        title="Besluitenregister",
        title_justify="left",
    )
    for b in sorted(register.besluiten, key=lambda b: (b.datum, b.identificatie), reverse=True):
        title = b.titel + (" (voorbeeld)" if b.voorbeeld else "")
        table.add_row(
            b.identificatie,
            b.datum.isoformat(),
            b.bestuursorgaan.value,
            title,
            ", ".join(datasets_for(b.identificatie, catalog)),
        )
    Console(width=160).print(table)


def besluiten_html_command() -> None:
    """(Her)genereer de HTML-pagina's per besluit in het portaal (portal/besluiten/)."""
    register, catalog, releases, s = _load()
    pages = write_besluit_pages(
        build_dossiers(register, catalog, releases, s.bundles_dir),
        s.portal_dir,
        metadata_dir=s.metadata_dir,
    )
    typer.echo(f"{len(pages)} bestanden in {s.portal_dir / 'besluiten'}")


def register_commands(app: typer.Typer) -> None:
    """Mount ``besluit``, ``besluiten`` and ``besluiten-html`` on the main CLI."""
    app.command("besluit")(besluit_command)
    app.command("besluiten")(besluiten_command)
    app.command("besluiten-html")(besluiten_html_command)
