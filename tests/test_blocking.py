"""A failed protection check blocks publication, always — and raw values never reach Dagster's
logs."""

from __future__ import annotations

import json

import dagster as dg
import geopandas as gpd
import pandas as pd
import pytest
import yaml
from dagster._serdes import serialize_value

from tests.dagster_helpers import failed_checks, materialized, run_job
from tests.planting import plant_bsn_in_buurtcijfers


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


def _plant_bsn_in_a_new_buurtcijfers_column(settings) -> tuple[str, str, str]:
    """An extra text column in the municipal source, declared an ordinary attribute."""
    plant_bsn_in_buurtcijfers(settings.datasets_dir, "GM0392", row=7)  # the published partition
    return "buurtcijfers", "opmerking", "111222333"


def _plant_in_a_gemaal_name(settings, text: str) -> tuple[str, str, str]:
    """A pumping station's name (published per area) that someone typed a contact detail into."""
    path = settings.datasets_dir / "data/rioolbelasting_bemalingsgebieden.gpkg"
    areas = gpd.read_file(path, layer="bemalingsgebieden")
    areas.loc[areas.index[3], "gemaal_naam"] = f"{areas.loc[areas.index[3], 'gemaal_naam']}, {text}"
    areas.to_file(path, layer="bemalingsgebieden", driver="GPKG")
    return "rioolbelasting", "gemaal_naam", text


PLANTED = {
    "NL_BSN": _plant_bsn_in_a_new_buurtcijfers_column,
    "PHONE_NUMBER": lambda s: _plant_in_a_gemaal_name(s, "storing melden: 06-41234567"),
    "PERSON": lambda s: _plant_in_a_gemaal_name(s, "sleutel bij Hendrika Vlasblom"),
}


@pytest.mark.parametrize("entity", list(PLANTED))
def test_planted_pii_in_any_column_blocks_publication(project_copy, entity):
    """A BSN, phone number or name in a column no spec marks as personal is caught by the scan,
    in Dagster: the check fails, nothing downstream runs, and the report masks the value."""
    dataset, column, value = PLANTED[entity](project_copy)

    instance = dg.DagsterInstance.ephemeral()
    result = run_job(f"{dataset}_job", instance)
    assert "pii_scan" in failed_checks(result)
    assert (dataset, "protected") in materialized(result)
    assert (dataset, "datapackage") not in materialized(result)
    assert (dataset, "published") not in materialized(result)
    assert not (project_copy.portal_dir / dataset).exists()

    evaluation = next(e for e in result.get_asset_check_evaluations() if e.check_name == "pii_scan")
    report = evaluation.metadata["result"].value
    # exactly the planted cell: nothing else in the shipped table looks personal
    assert [(f["column"], f["entity_type"], f["count"]) for f in report["findings"]] == [
        (column, entity, 1)
    ]
    assert len(report["findings"][0]["rows"]) == 1
    assert value not in json.dumps(report)
    log = "\n".join(serialize_value(record) for record in instance.all_logs(result.run_id))
    assert "pii_scan" in log  # the log really was read
    assert value not in log
    assert value.split()[-1] not in log  # not even the surname or the bare number


def _assert_no_raw_values(instance: dg.DagsterInstance, run_id: str, raw: pd.DataFrame) -> None:
    """No contact detail of a melder appears in any event, log line or metadata of the run."""
    values = (
        set(raw["melder_email"].dropna())
        | set(raw["melder_telefoon"].dropna())
        | set(raw["melder_naam"].dropna())
    )
    values = {v for v in values if len(v) >= 6}
    text = "\n".join(serialize_value(record) for record in instance.all_logs(run_id))
    assert "omschrijving" in text and "dagster/row_count" in text  # the log really was read
    leaked = [v for v in values if v in text]
    assert not leaked, f"{len(leaked)} raw values in the Dagster event log"
