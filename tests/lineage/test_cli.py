"""The besluit commands on the real dataset YAMLs (with the seeded ids) and the real register."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from haarlem_opendata.lineage.cli import register_commands
from haarlem_opendata.lineage.releases import record_release
from haarlem_opendata.settings import PACKAGE_DIR

from .conftest import SEEDED_LINKS, make_release

ROOT = PACKAGE_DIR.parent


@pytest.fixture
def app(tmp_path, monkeypatch):
    """The shipped dataset specs with the seeded besluit ids, the shipped register, a history."""
    datasets = tmp_path / "datasets"
    datasets.mkdir()
    for name, ids in SEEDED_LINKS.items():
        text = (ROOT / "datasets" / f"{name}.yaml").read_text()
        text, n = re.subn(r"(?m)^besluiten:.*$", f"besluiten: {json.dumps(ids)}", text)
        assert n == 1
        (datasets / f"{name}.yaml").write_text(text)
    (datasets / "data").mkdir()  # a partitioned spec (buurtcijfers) needs its gemeente list
    shutil.copy(ROOT / "datasets/data/cbs_gemeenten_2017.csv", datasets / "data")
    metadata = tmp_path / "metadata"
    metadata.mkdir()
    shutil.copy(ROOT / "metadata" / "besluiten.yaml", metadata / "besluiten.yaml")
    shutil.copy(ROOT / "metadata" / "net_allow.yaml", metadata / "net_allow.yaml")  # the pages' net
    for var, value in {
        "HAARLEM_OPENDATA_DATASETS_DIR": datasets,
        "HAARLEM_OPENDATA_METADATA_DIR": metadata,
        "HAARLEM_OPENDATA_WORK_DIR": tmp_path / "work",
        "HAARLEM_OPENDATA_PORTAL_DIR": tmp_path / "portal",
    }.items():
        monkeypatch.setenv(var, str(value))
    work = tmp_path / "work" / "releases.jsonl"
    record_release(work, make_release("rioolbelasting", "1.0.0", "2026-01-05T10:00:00"))
    record_release(work, make_release("rioolbelasting", "2.0.0", "2026-08-01T10:00:00"))
    cli = typer.Typer()
    register_commands(cli)
    return cli


def test_besluit_json_is_the_dossier(app):
    result = CliRunner().invoke(app, ["besluit", "HLM-2026-RB-014", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    [ds] = data["datasets"]
    assert ds["dataset"] == "rioolbelasting" and ds["version"] == "1.0.0"
    assert ds["newer_versions"] == ["2.0.0"]
    assert ds["title"] == "Rioolbelasting per bemalingsgebied Haarlem"
    assert {s["name"] for s in ds["sources"]} == {"bemalingsgebieden", "adressen"}
    assert any("onderdrukt" in line for line in ds["protection"]["summary"])


def test_besluit_text_and_list(app):
    runner = CliRunner()
    text = runner.invoke(app, ["besluit", "HLM-2026-RB-014"])
    assert text.exit_code == 0, text.output
    assert "Gemeentelijk Rioleringsplan" in text.stdout
    assert "VOORBEELD" in text.stdout
    assert "versie 1.0.0" in text.stdout
    listing = runner.invoke(app, ["besluiten"])
    assert listing.exit_code == 0, listing.output
    for ids in SEEDED_LINKS.values():
        assert ids[0] in listing.stdout


def test_besluiten_html_writes_pages(app, tmp_path):
    result = CliRunner().invoke(app, ["besluiten-html"])
    assert result.exit_code == 0, result.output
    pages = tmp_path / "portal" / "besluiten"
    assert {p.name for p in pages.glob("*.html")} == {
        "index.html",
        "hlm-2018-rb-031.html",
        "hlm-2026-cb-007.html",
        "hlm-2026-rb-014.html",
    }


def test_unknown_besluit_and_broken_links_are_clear_errors(app, tmp_path):
    unknown = CliRunner().invoke(app, ["besluit", "HLM-1999-XX-001"])
    assert unknown.exit_code == 1
    assert "onbekend besluit 'HLM-1999-XX-001'" in unknown.stderr
    spec = Path(tmp_path / "datasets" / "meldingen.yaml")
    spec.write_text(re.sub(r"(?m)^besluiten:.*$", "besluiten: [HLM-2026-XX-999]", spec.read_text()))
    broken = CliRunner().invoke(app, ["besluiten"])
    assert broken.exit_code == 2
    assert "meldingen.yaml: besluiten[0]: unknown besluit 'HLM-2026-XX-999'" in broken.stderr
