"""Static Dutch HTML pages per besluit, plus an index, published with the portal.

A raadslid or inwoner opens ``portal/besluiten/index.html`` and reads, without JavaScript and with
any assistive technology, which data — in which version — a decision rested on. Pages are rendered
with Jinja2 (autoescaped) from dossiers; a JSON twin of each page serves machines. Files are
replaced atomically and pages of besluiten that left the register are removed.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable
from datetime import UTC, date, datetime
from pathlib import Path
from urllib.parse import unquote, urlparse

from jinja2 import Environment, FileSystemLoader, select_autoescape

from haarlem_opendata.atomic import atomic_write_text
from haarlem_opendata.lineage.dossier import Dossier

TEMPLATES = Path(__file__).resolve().parent / "templates"
SUBDIR = "besluiten"
MAANDEN = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
]
PORTAL_NAMES = {"local": "Open-dataportaal (map)", "ckan": "CKAN-dataportaal"}


def dutch_date(value: date | datetime | str) -> str:
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if isinstance(value, datetime):
        value = value.date()
    return f"{value.day} {MAANDEN[value.month - 1]} {value.year}"


def _portal_href(portal_dir: Path):
    """Links into the local folder portal become relative, so the portal can be moved or served."""
    pages_dir = (portal_dir / SUBDIR).resolve()

    def href(url: str) -> str:
        parsed = urlparse(url)
        if parsed.scheme in ("http", "https"):
            return url
        target = Path(unquote(parsed.path)) if parsed.scheme == "file" else Path(url)
        if not target.is_absolute():
            return url
        try:
            target.resolve().relative_to(portal_dir.resolve())
        except ValueError:
            return url
        relative = os.path.relpath(target.resolve(), pages_dir)
        return relative + ("/" if target.is_dir() or url.endswith("/") else "")

    return href


def _environment(portal_dir: Path) -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html", "j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["datum"] = dutch_date
    env.filters["isodatum"] = dutch_date
    env.filters["portal_href"] = _portal_href(portal_dir)
    return env


def render_index(
    dossiers: list[Dossier], portal_dir: Path, generated_on: date | None = None
) -> str:
    env = _environment(portal_dir)
    return env.get_template("index.html.j2").render(
        dossiers=dossiers,
        generated_on=dutch_date(generated_on or datetime.now(UTC).date()),
    )


def render_besluit(dossier: Dossier, portal_dir: Path, generated_on: date | None = None) -> str:
    env = _environment(portal_dir)
    return env.get_template("besluit.html.j2").render(
        dossier=dossier,
        portal_names=PORTAL_NAMES,
        generated_on=dutch_date(generated_on or datetime.now(UTC).date()),
    )


def _write_atomic(path: Path, text: str) -> None:
    atomic_write_text(path, text)


def _net_guard(files: dict[str, str], metadata_dir: Path) -> None:
    """The last-line net over the rendered pages before any is written (they are published too)."""
    from haarlem_opendata.errors import PublishRefused
    from haarlem_opendata.net import ALLOW_FILE, load_allow_list, scan_folder

    with tempfile.TemporaryDirectory() as tmp:
        for name, text in files.items():
            (Path(tmp) / name).write_text(text, encoding="utf-8")
        report = scan_folder(tmp, load_allow_list(metadata_dir / ALLOW_FILE))
    if not report.passed:
        shown = "; ".join(
            f"{f.file} {f.location}: {f.type} {f.masked}" for f in report.findings[:5]
        )
        raise PublishRefused(
            f"besluitpagina's: het vangnet (pii_net) vond {len(report.findings)} waarde(n) "
            f"({shown}); geen pagina geschreven"
        )


def write_besluit_pages(
    dossiers: Iterable[Dossier],
    portal_dir: str | Path,
    generated_on: date | None = None,
    *,
    metadata_dir: Path,
) -> list[Path]:
    """Write ``<portal>/besluiten/``: index, one page and one JSON per besluit, the stylesheet.

    ``metadata_dir`` holds the net's allow list, read before any page is written.
    """
    portal_dir = Path(portal_dir)
    out = portal_dir / SUBDIR
    out.mkdir(parents=True, exist_ok=True)
    dossiers = list(dossiers)
    files: dict[str, str] = {
        "index.html": render_index(dossiers, portal_dir, generated_on),
        "besluiten.css": (TEMPLATES / "besluiten.css").read_text(encoding="utf-8"),
        "besluiten.json": json.dumps([d.to_dict() for d in dossiers], ensure_ascii=False, indent=2),
    }
    for dossier in dossiers:
        slug = dossier.besluit.slug
        files[f"{slug}.html"] = render_besluit(dossier, portal_dir, generated_on)
        files[f"{slug}.json"] = dossier.to_json()
    _net_guard(files, metadata_dir)
    written = []
    for name, text in files.items():
        path = out / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            _write_atomic(path, text)
        written.append(path)
    for stale in out.glob("*"):
        if stale.is_file() and stale.name not in files and stale.suffix in (".html", ".json"):
            stale.unlink()
    return written
