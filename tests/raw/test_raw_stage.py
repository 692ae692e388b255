"""Raw personal data under the AVG, through the real CLI and Dagster runs: minimised at the door,
kept privately, deleted on time, and never in Dagster's own storage."""

from __future__ import annotations

import hashlib
import json
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from cryptography.fernet import Fernet
from typer.testing import CliRunner

from haarlem_opendata.catalog import load_catalog
from haarlem_opendata.cli import app
from haarlem_opendata.errors import SpecError
from haarlem_opendata.raw.cli import run_purge
from haarlem_opendata.raw.store import RawStore, RawStoreError, is_private

# Values planted in every personal column of the sources; none may be found outside the raw store.
CANARIES = {
    "melding_id": "CANARYZAAK-778899",
    "melder_naam": "Canarina Zqxwvbos",
    "melder_email": "canarina.zqxwv@example.org",
    "melder_telefoon": "06-11889977",
}
TEXT_CANARY = " Bel mevrouw Zqxwvbos op 0687776655, bsn 111222333."
TEXT_SECRETS = ["Zqxwvbos", "0687776655", "111222333"]
ADDRESS_CANARIES = {"adres_id": "CANARYADRES-4242", "postcode": "9999 ZQ"}


def _plant(cfg) -> None:
    path = cfg.datasets_dir / "data" / "meldingen_2025.parquet"
    df = pd.read_parquet(path)
    for column, value in CANARIES.items():
        df[column] = value
    df["omschrijving"] = df["omschrijving"] + TEXT_CANARY
    df.to_parquet(path, index=False)
    register = cfg.datasets_dir / "data" / "rioolbelasting_adressen.parquet"
    addresses = gpd.read_parquet(register)
    for column, value in ADDRESS_CANARIES.items():
        addresses[column] = value
    addresses.to_parquet(register, index=False)


def _cli(*args: str):
    result = CliRunner().invoke(app, list(args))
    return result


def _files_outside(root: Path, excluded: Path):
    for path in root.rglob("*"):
        if path.is_file() and excluded not in path.parents:
            yield path


def _tree_hashes(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_a_kept_personal_column_without_doel_stops_the_spec(project_copy):
    spec = project_copy.datasets_dir / "meldingen.yaml"
    text = spec.read_text(encoding="utf-8")
    start = text.index("doel:", text.index("kolom: tijdstip"))
    end = text.index("}", start)
    spec.write_text(text[:start].rstrip().rstrip(",") + text[end:], encoding="utf-8")
    with pytest.raises(SpecError) as err:
        load_catalog(project_copy.datasets_dir)
    assert err.value.file.endswith("meldingen.yaml")
    assert err.value.key == "sources.meldingen.persoonsgegevens[4]"
    assert "doel" in err.value.message


def test_a_dropped_column_cannot_be_declared_in_columns(project_copy):
    spec = project_copy.datasets_dir / "meldingen.yaml"
    text = spec.read_text(encoding="utf-8").replace(
        "columns:\n",
        "columns:\n  - {name: melder_naam, type: string, role: direct_identifier, title: Naam,"
        ' description: "Naam van de melder."}\n',
        1,
    )
    spec.write_text(text, encoding="utf-8")
    with pytest.raises(SpecError, match="melder_naam"):
        load_catalog(project_copy.datasets_dir)


def _planted_run(tmp: Path):
    """Project copy in ``tmp``, sources planted, the CLI's full run (real Dagster, persistent
    SQLite instance) with a wide-open umask so the store cannot rely on it."""
    import shutil

    from haarlem_opendata.settings import Settings
    from tests.conftest import PROJECT_ROOT

    mp = pytest.MonkeyPatch()
    for var, sub in [
        ("HAARLEM_OPENDATA_WORK_DIR", "work"),
        ("HAARLEM_OPENDATA_PORTAL_DIR", "portal"),
        ("DAGSTER_HOME", "dagster_home"),
        ("HAARLEM_OPENDATA_DATASETS_DIR", "datasets"),
        ("HAARLEM_OPENDATA_METADATA_DIR", "metadata"),
    ]:
        mp.setenv(var, str(tmp / sub))
    for var in (
        "CKAN_URL",
        "CKAN_API_TOKEN",
        "HAARLEM_OPENDATA_SOURCE_MODE",
        "HAARLEM_OPENDATA_RAW_KEYS",
    ):
        mp.delenv(var, raising=False)
    shutil.copytree(PROJECT_ROOT / "datasets", tmp / "datasets")
    shutil.copytree(PROJECT_ROOT / "metadata", tmp / "metadata")
    cfg = Settings()
    _plant(cfg)
    old = os.umask(0)
    try:
        result = _cli("run")
    finally:
        os.umask(old)
    assert result.exit_code == 0, result.output
    return cfg, mp


@pytest.fixture(scope="module")
def full_run(tmp_path_factory):
    """One planted full run shared by the tests that only read its results."""
    cfg, mp = _planted_run(tmp_path_factory.mktemp("raw-run"))
    yield cfg
    mp.undo()


@pytest.fixture
def own_run(tmp_path):
    """A planted full run of its own, for a test that deletes or reruns."""
    cfg, mp = _planted_run(tmp_path)
    yield cfg
    mp.undo()


def test_no_planted_value_outside_the_raw_store(full_run):
    cfg = full_run
    secrets = [*CANARIES.values(), *ADDRESS_CANARIES.values(), *TEXT_SECRETS]
    roots = [cfg.dagster_home, cfg.work_dir, cfg.portal_dir]
    checked = 0
    for root in roots:
        for path in _files_outside(root, cfg.raw_dir):
            data = path.read_bytes()
            checked += 1
            for secret in secrets:
                assert secret.encode() not in data, f"{secret!r} in {path}"
    assert checked > 20
    assert any(p.suffix == ".db" for p in cfg.dagster_home.rglob("*"))  # SQLite was checked too
    # and the raw store holds the kept personal data, but not the columns nobody needs
    store = RawStore(cfg.raw_dir)
    raw = store.read("meldingen", "raw", "meldingen")
    assert not set(CANARIES) & set(raw.columns)
    assert raw["omschrijving"].str.contains("Zqxwvbos").all()
    addresses = store.read("rioolbelasting", "raw", "adressen")
    assert set(addresses.columns) == {"bewoners", "geometry"}


def test_raw_store_is_private_and_holds_no_pickle(full_run):
    raw = full_run.raw_dir
    paths = list(raw.rglob("*"))
    assert any(p.suffix == ".parquet" for p in paths)
    for path in [raw, *paths]:
        assert is_private(path), oct(path.stat().st_mode)
        if path.suffix == ".parquet":
            assert path.read_bytes()[:4] == b"PAR1"  # Parquet, never a pickle


def test_telemetry_is_off_in_the_instance_the_project_creates(full_run):
    config = (full_run.dagster_home / "dagster.yaml").read_text(encoding="utf-8")
    assert "telemetry:\n  enabled: false" in config
    assert not (full_run.dagster_home / ".telemetry").exists()


def test_purge_removes_exactly_what_is_past_its_term_and_the_next_run_publishes_nothing_new(
    own_run,
):
    cfg = own_run
    before = _tree_hashes(cfg.portal_dir)
    written = {(e.dataset, e.stage, e.name) for e in RawStore(cfg.raw_dir).entries()}
    assert {d for d, _, _ in written} == {"buurtcijfers", "meldingen", "rioolbelasting"}
    now = datetime.now(UTC)

    # tomorrow: the two datasets kept "tot volgende publicatie" were published, meldingen
    # (30 dagen) stays
    report = run_purge(dry_run=True, settings=cfg, now=now + timedelta(days=1))
    expired = {n: c.files_expired for n, c in report.counts.items()}
    assert expired["meldingen"] == 0
    assert expired["buurtcijfers"] == 3 and expired["rioolbelasting"] == 3  # 2 raw + source
    assert {(e.dataset, e.stage, e.name) for e in RawStore(cfg.raw_dir).entries()} == written

    report = run_purge(dry_run=False, settings=cfg, now=now + timedelta(days=29))
    left = {(e.dataset, e.stage, e.name) for e in RawStore(cfg.raw_dir).entries()}
    assert left == {t for t in written if t[0] == "meldingen"}

    report = run_purge(dry_run=False, settings=cfg, now=now + timedelta(days=31))
    assert report.counts["meldingen"].files_expired == 2
    assert list(RawStore(cfg.raw_dir).entries()) == []

    result = _cli("run")  # re-reads every source
    assert result.exit_code == 0, result.output
    assert "ongewijzigd" in result.output and "gepubliceerd" not in result.output
    assert _tree_hashes(cfg.portal_dir) == before


def test_purge_cli_prints_counts_never_contents(full_run):
    result = _cli("purge", "--dry-run", "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["proefdraai"] is True
    assert {d["dataset"] for d in report["datasets"]} == {
        "buurtcijfers",
        "meldingen",
        "rioolbelasting",
    }
    for secret in [*CANARIES.values(), *TEXT_SECRETS]:
        assert secret not in result.output
    assert list(RawStore(full_run.raw_dir).entries())  # a dry run deletes nothing


def test_register_is_derived_from_the_specs(workspace):
    result = _cli("register", "--format", "json")
    assert result.exit_code == 0, result.output
    entries = {e["dataset"]: e for e in json.loads(result.output)}
    meldingen = entries["meldingen"]
    assert meldingen["categorieen_betrokkenen"] == [
        "melders",
        "personen die in een melding worden genoemd",
    ]
    kept = {c["gegeven"]: c["bewaard"] for c in meldingen["categorieen_persoonsgegevens"]}
    assert kept["naam"] is False and kept["telefoonnummer"] is False
    assert kept["locatie (RD-coördinaat)"] is True
    assert meldingen["ruwe_gegevens"]["bewaartermijn"] == "30 dagen"
    assert entries["rioolbelasting"]["ruwe_gegevens"]["bewaartermijn"] == "tot volgende publicatie"
    text = _cli("register")
    assert "Verwerkingsregister: Meldingen openbare ruimte" in text.output


def test_register_is_in_every_published_bundle(full_run):
    for name in ("buurtcijfers", "meldingen", "rioolbelasting"):
        entry = json.loads((full_run.portal_dir / name / "verwerkingsregister.json").read_text())
        assert entry["dataset"] == name
        assert (
            (full_run.portal_dir / name / "verwerkingsregister.md")
            .read_text()
            .startswith("# Verwerkingsregister")
        )


def test_encrypted_raw_store_is_unreadable_without_the_key(project_copy, monkeypatch):
    key = Fernet.generate_key().decode()
    monkeypatch.setenv("HAARLEM_OPENDATA_RAW_KEYS", key)
    result = _cli("run")
    assert result.exit_code == 0, result.output
    files = list(project_copy.raw_dir.rglob("*.parquet"))
    assert files
    for path in files:
        assert path.read_bytes()[:4] != b"PAR1"
        with pytest.raises(Exception):  # noqa: B017 - any reader error: it is not Parquet
            pd.read_parquet(path)
    with pytest.raises(RawStoreError, match="sleutel"):
        RawStore(project_copy.raw_dir, keys="").read("meldingen", "raw", "meldingen")
    # a key rotation: the new key in front, the old one still decrypts, then re-encrypt
    new = Fernet.generate_key().decode()
    monkeypatch.setenv("HAARLEM_OPENDATA_RAW_KEYS", f"{new},{key}")
    assert _cli("raw-sleutel-roteren").exit_code == 0
    table = RawStore(project_copy.raw_dir, keys=new).read("meldingen", "raw", "meldingen")
    assert len(table) > 1000


def test_the_daily_purge_schedule_is_on_by_default(workspace):
    import dagster as dg

    from haarlem_opendata.dagster.definitions import build_definitions

    schedule = build_definitions().resolve_schedule_def("raw_purge_daily")
    assert schedule.default_status == dg.DefaultScheduleStatus.RUNNING
    assert schedule.cron_schedule == "30 2 * * *"
