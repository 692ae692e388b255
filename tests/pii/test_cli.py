"""``haarlem-opendata scan FILE``: the check's scan on any file, masked, telling exit code."""

from __future__ import annotations

import json

import pandas as pd
import pytest
import yaml
from typer.testing import CliRunner

from haarlem_opendata.cli import app

RAW = ["111222333", "06-12345678", "jan.jansen@ziggo.nl"]


@pytest.fixture
def runner():
    return CliRunner()


def _csv(tmp_path, rows: list[dict]):
    path = tmp_path / "tabel.csv"
    pd.DataFrame(rows).to_csv(path, index=False)
    return path


def planted(tmp_path):
    return _csv(
        tmp_path,
        [
            {"id": 1, "gemaal": "Gemaal Zijlweg", "opmerking": "geen"},
            {"id": 2, "gemaal": "Gemaal Orionweg", "opmerking": f"bel {RAW[1]}"},
            {"id": 3, "gemaal": "Gemaal Dreef", "opmerking": f"bsn {RAW[0]}, mail {RAW[2]}"},
        ],
    )


def test_findings_are_shown_masked_with_data_rows_and_exit_1(runner, tmp_path):
    result = runner.invoke(app, ["scan", str(planted(tmp_path)), "--workers", "1"])
    assert result.exit_code == 1, result.output
    out = result.output
    assert "opmerking" in out and "BSN" in out and "telefoonnummer" in out
    assert "06********" in out and "j***@***.nl" in out
    assert not any(raw in out for raw in RAW)
    phone_line = next(line for line in out.splitlines() if "telefoonnummer" in line)
    assert "│ 2 " in phone_line  # the second data row, as a steward counts in the file


def test_json_report_is_the_checks_metadata(runner, tmp_path):
    result = runner.invoke(app, ["scan", str(planted(tmp_path)), "--format", "json"])
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    found = {(f["column"], f["entity_type"]): f["rows"] for f in report["findings"]}
    assert found == {
        ("opmerking", "NL_BSN"): [2],
        ("opmerking", "PHONE_NUMBER"): [1],
        ("opmerking", "EMAIL_ADDRESS"): [2],
    }
    assert report["row_numbering"] == "0-based position in the table"
    assert not any(raw in result.stdout for raw in RAW)


def test_clean_file_exits_0(runner, tmp_path):
    path = tmp_path / "schoon.parquet"
    pd.DataFrame({"buurt": ["Centrum", "Kleverpark"], "aantal": [12, 40]}).to_parquet(path)
    result = runner.invoke(app, ["scan", str(path)])
    assert result.exit_code == 0, result.output
    assert "Geen persoonsgegevens gevonden" in result.output


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("ontbreekt.csv", None, "file not found"),
        ("tabel.xlsx", b"PK", "unknown file type"),
        ("kapot.parquet", b"geen parquet", "cannot be read as a parquet table"),
        ("kapot.gpkg", b"geen geopackage", "cannot be read as a gpkg table"),
    ],
)
def test_unreadable_input_names_the_file_and_exits_2(runner, tmp_path, name, content, message):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    result = runner.invoke(app, ["scan", str(path)])
    assert result.exit_code == 2
    assert name in result.output and message in result.output


def test_dataset_option_applies_that_datasets_allow_list(runner, tmp_path, project_copy):
    spec_path = project_copy.datasets_dir / "meldingen.yaml"
    spec = yaml.safe_load(spec_path.read_text())
    spec["protection"]["pii"]["allow_list"] = [
        {"value": "Jos Wienen", "entity_type": "PERSON", "reason": "burgemeester"}
    ]
    spec_path.write_text(yaml.safe_dump(spec, allow_unicode=True))
    path = _csv(tmp_path, [{"omschrijving": "Volgens Jos Wienen is de boom weg."}])

    assert runner.invoke(app, ["scan", str(path)]).exit_code == 1
    result = runner.invoke(app, ["scan", str(path), "--dataset", "meldingen"])
    assert result.exit_code == 0, result.output
    assert "1 bevinding(en) geaccepteerd door de allow-list" in result.output

    unknown = runner.invoke(app, ["scan", str(path), "--dataset", "bestaat_niet"])
    assert unknown.exit_code == 2 and "bestaat_niet" in unknown.output


def test_the_name_lists_come_from_the_settings(runner, tmp_path, monkeypatch):
    from haarlem_opendata.pii import lexicon

    names = tmp_path / "namen"
    names.mkdir()
    (names / "given_names.txt").write_text("Zyrah\n", encoding="utf-8")
    path = _csv(tmp_path, [{"id": 1, "opmerking": "Zyrah belde over de tak"}])
    args = ["scan", str(path), "--workers", "1", "--format", "json"]
    monkeypatch.setenv("HAARLEM_OPENDATA_PII_NAMES_DIR", str(names))
    refused = runner.invoke(app, args)
    assert refused.exit_code == 2 and "HAARLEM_OPENDATA_PII_NAMES_DIR" in refused.output
    (names / "surnames.txt").write_text("Quispel\n", encoding="utf-8")
    try:
        result = runner.invoke(app, args)
    finally:
        lexicon.use_names_dir(None)
    assert result.exit_code == 1, result.output
    assert [f["entity_type"] for f in json.loads(result.output)["findings"]] == ["PERSON"]
    monkeypatch.delenv("HAARLEM_OPENDATA_PII_NAMES_DIR")
    assert runner.invoke(app, args).exit_code == 0  # the shipped lists do not know Zyrah
