"""A failed protection check blocks publication, always — and raw values never reach Dagster's logs."""

from __future__ import annotations

import json

import dagster as dg
import pandas as pd
import yaml

from tests.dagster_helpers import failed_checks, materialized, run_job


def test_unredacted_free_text_is_blocked_by_the_pii_check(project_copy):
    """A spec mistake (free text declared an ordinary attribute) is caught by the scan itself."""
    path = project_copy.datasets_dir / "meldingen.yaml"
    spec = yaml.safe_load(path.read_text())
    for column in spec["columns"]:
        if column["name"] == "omschrijving":
            column["role"] = "attribute"
    spec["protection"]["pii"]["redact_columns"] = []
    path.write_text(yaml.safe_dump(spec, allow_unicode=True))

    instance = dg.DagsterInstance.ephemeral()
    result = run_job("meldingen_job", instance)
    assert "pii_scan" in failed_checks(result)
    assert ("meldingen", "protected") in materialized(result)
    assert ("meldingen", "datapackage") not in materialized(result)
    assert ("meldingen", "published") not in materialized(result)
    assert not (project_copy.portal_dir / "meldingen").exists()

    # The report names column, entity type and rows, with masked values only.
    evaluation = next(e for e in result.get_asset_check_evaluations() if e.check_name == "pii_scan")
    report = evaluation.metadata["result"].value
    assert any(f["column"] == "omschrijving" for f in report["findings"])
    raw = pd.read_parquet(project_copy.datasets_dir / "data/meldingen_2025.parquet")
    _assert_no_raw_values(instance, result.run_id, raw)


def test_a_planted_bsn_in_any_column_blocks_publication(project_copy):
    """A BSN (passing the elfproef) planted in a category-like column of buurtcijfers is caught."""
    path = project_copy.datasets_dir / "data/sociaal_domein_2017.parquet"
    table = pd.read_parquet(path)
    table["opmerking"] = ""
    table.loc[table.index[7], "opmerking"] = "BSN 111222333"
    table.to_parquet(path, index=False)
    spec_path = project_copy.datasets_dir / "buurtcijfers.yaml"
    spec = yaml.safe_load(spec_path.read_text())
    spec["columns"].append(
        {
            "name": "opmerking",
            "type": "string",
            "role": "attribute",
            "title": "Opmerking",
            "description": "Een toelichting bij de regio.",
        }
    )
    spec_path.write_text(yaml.safe_dump(spec, allow_unicode=True))

    result = run_job("buurtcijfers_job")
    assert "pii_scan" in failed_checks(result)
    assert ("buurtcijfers", "published") not in materialized(result)
    assert not (project_copy.portal_dir / "buurtcijfers").exists()
    evaluation = next(e for e in result.get_asset_check_evaluations() if e.check_name == "pii_scan")
    report = json.dumps(evaluation.metadata["result"].value)
    assert "111222333" not in report
    assert "opmerking" in report


def _assert_no_raw_values(instance: dg.DagsterInstance, run_id: str, raw: pd.DataFrame) -> None:
    """No contact detail of a melder appears in any event, log line or metadata of the run."""
    values = (
        set(raw["melder_email"].dropna())
        | set(raw["melder_telefoon"].dropna())
        | set(raw["melder_naam"].dropna())
    )
    values = {v for v in values if len(v) >= 6}
    from dagster._serdes import serialize_value

    text = "\n".join(serialize_value(record) for record in instance.all_logs(run_id))
    assert "omschrijving" in text and "dagster/row_count" in text  # the log really was read
    leaked = [v for v in values if v in text]
    assert not leaked, f"{len(leaked)} raw values in the Dagster event log"
