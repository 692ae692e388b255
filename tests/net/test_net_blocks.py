"""With Presidio's redaction switched off, the last-line net alone blocks publication.

The switch is configuration, not a mock: the test's copy of the meldingen spec puts every entity
type of the ``omschrijving`` column on the PII allow-list (the way a steward accepts reviewed
findings), so the Presidio redaction replaces nothing and the ``pii_scan`` check passes. Each shape
from issue 12 is then planted in the descriptions; the real Dagster job must stop at the
``pii_net`` check, publish nothing, and leave the portal as it was.
"""

from __future__ import annotations

import shutil

import dagster as dg
import pandas as pd
import pytest
import yaml
from dagster._serdes import serialize_value

from haarlem_opendata.fingerprint import sha256_file
from haarlem_opendata.net import find_all
from haarlem_opendata.spec import ENTITY_TYPES
from tests.conftest import PROJECT_ROOT
from tests.dagster_helpers import failed_checks, materialized, run_job, step_errors

PLANTED = {
    "onuitgegeven-reeks": ("Verkeersbord omgereden. Bel mij gerust op 0671652029.", "TELEFOON"),
    "internationaal-haakjes": ("Groeten, Kees (+31 6 9133 6852)", "TELEFOON"),
    "postcode-onuitgegeven-letters": (
        "Illegaal gedumpt afval. Het gaat om 2036 SD 197.",
        "POSTCODE_HUISNUMMER",
    ),
    "spatie-na-06": ("Lamp kapot, nummer 06 01895559", "TELEFOON"),
    "plus31-paren": ("Terugbellen kan: +31 6 08 24 62 81", "TELEFOON"),
    "streepje": ("Graag contact 06-72247045", "TELEFOON"),
    "een-cijfer-te-kort-na-cue": ("Mobiel 06-1234567", "TELEFOON"),
    "bsn": ("Mijn BSN is 111222333 voor de terugkoppeling", "BSN"),
    "iban": ("Schade graag vergoeden op NL91 ABNA 0417 1643 00", "IBAN"),
    "email": ("Mail me op marloes.dehaan@ziggo.nl", "EMAIL"),
}
CLEAN = "Lantaarnpaal brandt niet meer sinds vorige week."


def _portal_state(portal):
    return {
        p.relative_to(portal).as_posix(): sha256_file(p)
        for p in sorted(portal.rglob("*"))
        if p.is_file()
    }


def _set_descriptions(datasets, text: str) -> None:
    path = datasets / "data/meldingen_2025.parquet"
    # the first 4,000 meldingen are plenty for one planted text, and keep each case quick
    table = pd.read_parquet(path).head(4000)
    table["omschrijving"] = text
    table.to_parquet(path, index=False)


@pytest.fixture(scope="module")
def redaction_off(tmp_path_factory):
    """A project copy with Presidio's redaction and scan of omschrijving accepted by config,
    and a clean release of meldingen already on the local portal."""
    tmp = tmp_path_factory.mktemp("net-alone")
    mp = pytest.MonkeyPatch()
    for var, sub in [
        ("HAARLEM_OPENDATA_WORK_DIR", "work"),
        ("HAARLEM_OPENDATA_PORTAL_DIR", "portal"),
        ("HAARLEM_OPENDATA_DATASETS_DIR", "datasets"),
        ("HAARLEM_OPENDATA_METADATA_DIR", "metadata"),
    ]:
        mp.setenv(var, str(tmp / sub))
    mp.delenv("CKAN_URL", raising=False)
    mp.delenv("HAARLEM_OPENDATA_SOURCE_MODE", raising=False)
    shutil.copytree(PROJECT_ROOT / "datasets", tmp / "datasets")
    shutil.copytree(PROJECT_ROOT / "metadata", tmp / "metadata")
    spec_path = tmp / "datasets/meldingen.yaml"
    spec = yaml.safe_load(spec_path.read_text())
    spec["protection"]["pii"]["allow_list"] = [
        {
            "column": "omschrijving",
            "entity_type": e,
            "reason": "test: Presidio-redactie uitgeschakeld, alleen het vangnet beslist",
        }
        for e in ENTITY_TYPES
    ]
    # 4,000 meldingen are too few for the per-buurt count table next to the rows: the joint audit
    # refuses it, as it should (tests/linkage/test_rows_counts.py). This module tests the net.
    spec["protection"].pop("count_tables", None)
    spec_path.write_text(yaml.safe_dump(spec, allow_unicode=True))
    _set_descriptions(tmp / "datasets", CLEAN)
    try:  # the environment goes back even when setting up fails (it would leak into other tests)
        first = run_job("meldingen_job")
        assert ("meldingen", "published") in materialized(first), step_errors(first)
        yield tmp
    finally:
        mp.undo()


def report_version(result) -> str:
    return result.asset_value(dg.AssetKey(["meldingen", "datapackage"]))["version"]


@pytest.mark.parametrize("case", list(PLANTED))
def test_the_net_alone_blocks_each_planted_shape(redaction_off, case):
    text, kind = PLANTED[case]
    tmp = redaction_off
    before = _portal_state(tmp / "portal")
    _set_descriptions(tmp / "datasets", text)

    instance = dg.DagsterInstance.ephemeral()
    result = run_job("meldingen_job", instance)

    assert failed_checks(result) == {"pii_net"}  # Presidio's scan passed: the net alone objects
    assert ("meldingen", "datapackage") in materialized(result)
    assert ("meldingen", "published") not in materialized(result)
    assert _portal_state(tmp / "portal") == before

    evaluation = next(e for e in result.get_asset_check_evaluations() if e.check_name == "pii_net")
    report = evaluation.metadata["result"].value
    located = {
        (f["file"], f["location"].split(",")[-1].strip(), f["type"]) for f in report["findings"]
    }
    assert ("meldingen.csv", "kolom omschrijving", kind) in located
    assert ("meldingen.parquet", "kolom omschrijving", kind) in located
    rows = len(
        pd.read_csv(tmp / "work/bundles/meldingen" / report_version(result) / "meldingen.csv")
    )
    assert report["findings_by_file"]["meldingen.csv"] == {kind: rows}  # every row, one finding
    # Nowhere in Dagster's event log (check metadata included) is the planted value.
    log = "\n".join(serialize_value(r) for r in instance.all_logs(result.run_id))
    (hit,) = find_all(text)
    assert hit.value not in log and hit.value.replace(" ", "") not in log
