"""All three datasets on the embedded default, source to local portal, through real Dagster runs."""

from __future__ import annotations

import csv
import json

import pandas as pd
import pytest

from haarlem_opendata.catalog import load_catalog
from haarlem_opendata.spec import ColumnRole
from tests.dagster_helpers import failed_checks, materialized, run_job, step_errors


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """Run the all-datasets job once for this module, in its own work dir and portal."""
    tmp = tmp_path_factory.mktemp("e2e")
    mp = pytest.MonkeyPatch()
    mp.setenv("HAARLEM_OPENDATA_WORK_DIR", str(tmp / "work"))
    mp.setenv("HAARLEM_OPENDATA_PORTAL_DIR", str(tmp / "portal"))
    mp.delenv("CKAN_URL", raising=False)
    mp.delenv("HAARLEM_OPENDATA_SOURCE_MODE", raising=False)
    from haarlem_opendata.settings import Settings

    result = run_job("all_datasets_job")
    yield result, Settings()
    mp.undo()


def test_every_dataset_is_published(published):
    result, cfg = published
    assert result.success, step_errors(result)
    assert not failed_checks(result)
    catalog = load_catalog(cfg.datasets_dir)
    for name in catalog:
        assert (name, "published") in materialized(result)
        folder = cfg.portal_dir / name
        package = json.loads((folder / "datapackage.json").read_text())
        assert package["name"] == name
        for resource in package["resources"]:
            assert (folder / resource["path"]).exists()


def _published_table(cfg, name: str) -> pd.DataFrame:
    return pd.read_csv(cfg.portal_dir / name / f"{name}.csv", dtype=str, keep_default_na=False)


def test_no_direct_identifier_is_published(published):
    _, cfg = published
    for name, spec in load_catalog(cfg.datasets_dir).items():
        header = _published_table(cfg, name).columns
        for column in spec.columns_with_role(ColumnRole.direct_identifier):
            assert column.name not in header
            assert column.source_name not in header
        assert list(header) == [c.name for c in spec.published_columns if c.name != "geometry"]


def test_no_count_cell_under_the_threshold(published):
    _, cfg = published
    for name, spec in load_catalog(cfg.datasets_dir).items():
        cells = spec.protection.cells
        if cells is None:
            continue
        table = _published_table(cfg, name)
        for column in cells.counts:
            values = pd.to_numeric(table[column].replace("", pd.NA)).dropna()
            unsafe = values[(values > 0) & (values < cells.threshold)]
            assert unsafe.empty, f"{name}.{column} publishes {len(unsafe)} unsafe cells"


def test_some_cells_are_suppressed_and_declared_missing(published):
    _, cfg = published
    table = _published_table(cfg, "buurtcijfers")
    package = json.loads((cfg.portal_dir / "buurtcijfers" / "datapackage.json").read_text())
    schema = package["resources"][0]["schema"]
    assert "" in schema.get("missingValues", [""])
    assert (table["wmo_totaal"] == "").any()


def test_cbs_dot_is_read_as_missing_never_zero(published):
    _, cfg = published
    spec = load_catalog(cfg.datasets_dir)["buurtcijfers"]
    with open(cfg.datasets_dir / spec.sources["cbs"].local.path, encoding="utf-8-sig") as f:
        # the national file: the rows of the published partition's gemeente (GM0392, WK0392…)
        number = spec.spatial.removeprefix("GM")
        rows = [r for r in csv.DictReader(f) if r["WijkenEnBuurten"].strip()[2:6] == number]
    secret = [
        (row["WijkenEnBuurten"].strip(), column.name)
        for row in rows
        for column in spec.published_columns
        if column.source and row.get(column.source, "").strip() == "."
    ]
    assert secret, "the shipped CBS extract has secret cells"
    table = _published_table(cfg, "buurtcijfers").set_index("regio_code")
    for code, column in secret:
        assert table.loc[code, column] == ""


def test_no_raw_personal_value_reaches_the_portal(published):
    """Postcodes of the raw addresses and contact details of melders appear in no published file."""
    import geopandas as gpd

    _, cfg = published
    catalog = load_catalog(cfg.datasets_dir)
    riool = catalog["rioolbelasting"].sources["adressen"].local
    adressen = gpd.read_parquet(cfg.datasets_dir / riool.path)
    meldingen = pd.read_parquet(
        cfg.datasets_dir / catalog["meldingen"].sources["meldingen"].local.path
    )
    raw_values = (
        set(adressen["postcode"])
        | set(meldingen["melder_email"])
        | set(meldingen["melder_telefoon"])
    )
    raw_values = {v for v in raw_values if isinstance(v, str) and len(v) >= 6}
    assert raw_values
    text = "\n".join(
        p.read_text(errors="ignore")
        for p in cfg.portal_dir.rglob("*")
        if p.is_file() and p.suffix in {".csv", ".json", ".geojson", ".md", ".jsonld", ".html"}
    )
    leaked = [v for v in raw_values if v in text]
    assert not leaked, f"{len(leaked)} raw personal values reached the portal"


def test_every_table_as_downloaded_scans_clean(published):
    """The CSV the public downloads, read back as text, holds nothing the scan reports; the
    meldingen descriptions are published redacted (placeholders), not dropped."""
    from haarlem_opendata.pii.scan import scan_dataframe

    _, cfg = published
    for name, spec in load_catalog(cfg.datasets_dir).items():
        report = scan_dataframe(_published_table(cfg, name), spec.protection.pii)
        assert report.passed, (name, report.to_metadata()["findings"])
        assert report.cells_scanned > 0
    descriptions = _published_table(cfg, "meldingen")["omschrijving"]
    for placeholder in ("<NAAM>", "<TELEFOON>", "<EMAIL>", "<BSN>"):
        assert descriptions.str.contains(placeholder, regex=False).any(), placeholder


def test_rioolbelasting_residents_add_up(published):
    """Published areas (possibly merged) account for every resident of the raw addresses."""
    import geopandas as gpd

    _, cfg = published
    riool = load_catalog(cfg.datasets_dir)["rioolbelasting"].sources["adressen"].local
    adressen = gpd.read_parquet(cfg.datasets_dir / riool.path)
    table = _published_table(cfg, "rioolbelasting")
    assert pd.to_numeric(table["aantal_bewoners"]).sum() == adressen["bewoners"].sum()
    assert pd.to_numeric(table["aantal_adressen"]).sum() == len(adressen)
    assert (cfg.portal_dir / "rioolbelasting" / "rioolbelasting.geojson").exists()


def test_the_last_line_net_finds_nothing_in_the_whole_portal(published):
    """Every file of the local portal (data, metadata, besluit pages), read by the independent net
    with the shipped allow-list: nothing shaped like a phone number, BSN, IBAN, e-mail address or
    postcode with house number that is not the gemeente's own."""
    from haarlem_opendata.net import ALLOW_FILE, load_allow_list, scan_folder

    result, cfg = published
    report = scan_folder(cfg.portal_dir, load_allow_list(cfg.metadata_dir / ALLOW_FILE))
    assert report.passed, report.to_metadata()["findings"]
    files = set(report.files)
    assert any(f.endswith(".html") for f in files) and any(f.endswith(".parquet") for f in files)
    assert report.allowed > 0  # the RSIN and opendata@haarlem.nl are there, and accepted
    for evaluation in result.get_asset_check_evaluations():
        if evaluation.check_name == "pii_net" and evaluation.passed:
            name = evaluation.asset_key.path[0]
            assert (cfg.portal_dir / name / "datapackage.json").exists()


def test_the_standard_validator_says_valid_for_every_published_package(published):
    """``frictionless validate`` (the standard CLI) on each portal/<dataset>/datapackage.json:
    the Parquet resource too (suppressed integers arrive as NaN there, declared missing)."""
    from tests.standard_tools import assert_frictionless_valid

    _, cfg = published
    for name in ("buurtcijfers", "meldingen", "rioolbelasting"):
        assert_frictionless_valid(cfg.portal_dir / name / "datapackage.json")


def test_meldingen_publishes_its_count_table_audited_and_described(published):
    """The count table is a second resource of meldingen: its check ran (and passed) in the same
    Dagster run, its small counts are hidden, and privacy.md says how much of it is published."""
    result, cfg = published
    assert ("meldingen", "protected", "count_tables_audit") in {
        (*c.asset_key.path, c.check_name) for c in result.get_asset_check_evaluations()
    }
    folder = cfg.portal_dir / "meldingen"
    package = json.loads((folder / "datapackage.json").read_text())
    names = [r["name"] for r in package["resources"]]
    assert "meldingen-per-buurt-maand" in names
    assert "meldingen-per-buurt-maand-parquet" in names
    table = pd.read_csv(folder / "meldingen-per-buurt-maand.csv")
    shown = table["aantal_meldingen"].dropna()
    assert not ((shown > 0) & (shown < 5)).any()
    assert table["aantal_meldingen"].isna().any()
    summary = package["privacy"]["count_tables"][0]
    assert summary["audit_geslaagd"] and 0.5 < summary["aandeel_gepubliceerd"] < 1
    note = (folder / "privacy.md").read_text()
    assert "Teltabel: Aantal meldingen per buurt en maand" in note
    assert "Per buurt (zonder totalen)" in note
