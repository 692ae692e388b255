"""scan_dataframe: planted PII is found in any column, and reported masked only."""

from __future__ import annotations

import json
import logging

import pandas as pd
import pytest
from pydantic import ValidationError

from haarlem_opendata.pii.scan import scan_dataframe
from haarlem_opendata.spec import AllowListEntry, PiiSpec

RAW = {
    "bsn": "111222333",
    "phone": "06-12345678",
    "email": "jan.jansen@ziggo.nl",
    "name": "Pietje Puk",
}


def clean_meldingen(n: int = 6) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "melding_id": range(1, n + 1),
            "gemeld_op": pd.date_range("2024-01-01", periods=n, freq="D"),
            "categorie": ["Groen", "Afval", "Straatverlichting", "Boom", "Groen", "Afval"][:n],
            "straat": [
                "Zijlweg",
                "Frans Halsstraat",
                "Grote Markt",
                "Schoterweg",
                "Kruisweg",
                "Zijlweg",
            ][:n],
            "omschrijving": [
                "Boom omgevallen op de Frans Halsstraat.",
                "Afval naast de container bij de Albert Heijn, al 3 weken.",
                "Lantaarnpaal brandt niet sinds 12-03-2024, zaaknummer 123456789.",
                "Tak ligt op het fietspad, schade ca. € 250,00.",
                "Groen: onkruid op de stoep van de Kruisweg.",
                "Afval: zakken naast de glasbak.",
            ][:n],
        }
    )


def test_clean_table_passes():
    report = scan_dataframe(clean_meldingen(), workers=1)
    assert report.passed, report.to_metadata()
    assert report.cells_scanned == 30
    assert "niets gevonden" in report.summary_nl()


@pytest.mark.parametrize("column", ["melding_id", "categorie", "straat", "omschrijving"])
@pytest.mark.parametrize(
    ("kind", "entity", "text"),
    [
        ("bsn", "NL_BSN", "bsn {v}"),
        ("phone", "PHONE_NUMBER", "bel {v}"),
        ("email", "EMAIL_ADDRESS", "mail {v}"),
        ("name", "PERSON", "Mijn naam is {v}."),
    ],
)
def test_planted_value_blocks_in_any_column(column, kind, entity, text):
    df = clean_meldingen()
    df[column] = df[column].astype(object)
    df.loc[3, column] = text.format(v=RAW[kind])
    report = scan_dataframe(df, workers=1)
    assert not report.passed
    hits = [f for f in report.findings if f.column == column and f.entity_type == entity]
    assert len(hits) == 1 and hits[0].rows == [3] and hits[0].count == 1
    assert RAW[kind] not in json.dumps(report.to_metadata(), ensure_ascii=False)
    assert RAW[kind] not in report.summary_nl()


def test_metadata_and_logs_never_carry_raw_values(caplog):
    df = clean_meldingen()
    df.loc[0, "omschrijving"] = (
        f"Mevr. Jansen, tel {RAW['phone']}, bsn {RAW['bsn']}, {RAW['email']}, Zijlweg 12a"
    )
    with caplog.at_level(logging.DEBUG):
        report = scan_dataframe(df, workers=1)
    blob = json.dumps(report.to_metadata(), ensure_ascii=False) + report.summary_nl()
    blob += " ".join(str(f) for f in report.findings)
    for raw in [*RAW.values(), "Jansen", "Zijlweg 12a"]:
        assert raw not in blob
        assert raw not in caplog.text
    examples = {f.entity_type: f.examples for f in report.findings}
    assert examples["EMAIL_ADDRESS"] == ["j***@***.nl"]
    assert examples["PHONE_NUMBER"] == ["06********"]
    json.dumps(report.to_metadata())  # JSON-safe


def test_whole_column_of_contact_data_is_flagged_as_a_whole():
    df = clean_meldingen()
    df["melder_email"] = ["a.b@x.nl", "c@y.com", None, "d.e@f.org", "g@h.nl", "i@j.nl"]
    df["naam"] = [
        "Sanne Visser",
        "Piet de Groot",
        "J. El Amrani",
        "Eva Rood",
        "Kees Smit",
        "Ali Yilmaz",
    ]
    df["telefoon"] = ["0612345678", "023-5115115", "06 1234 5678", None, None, "+31 6 87654321"]
    report = scan_dataframe(df, workers=1)
    whole = {(f.column, f.entity_type): f for f in report.findings if f.whole_column}
    assert set(whole) == {
        ("melder_email", "EMAIL_ADDRESS"),
        ("naam", "PERSON"),
        ("telefoon", "PHONE_NUMBER"),
    }
    assert whole[("melder_email", "EMAIL_ADDRESS")].rows == [0, 1, 3, 4, 5]
    assert whole[("telefoon", "PHONE_NUMBER")].count == 4


def test_rows_are_positions_and_repeated_values_count_every_row():
    df = clean_meldingen().set_index(pd.Index([10, 20, 30, 40, 50, 60]))
    df.loc[20, "omschrijving"] = "bel 06-12345678"
    df.loc[50, "omschrijving"] = "bel 06-12345678"
    report = scan_dataframe(df, workers=1)
    (finding,) = report.findings
    assert finding.rows == [1, 4] and finding.count == 2


def test_allow_list_suppresses_a_reviewed_false_positive():
    df = clean_meldingen()
    df.loc[2, "omschrijving"] = "Volgens wethouder Jos Wienen is dit opgelost."
    assert not scan_dataframe(df, workers=1).passed
    spec = PiiSpec(
        allow_list=[
            AllowListEntry(
                value="Jos Wienen", entity_type="PERSON", reason="wethouder, publieke functie"
            )
        ]
    )
    report = scan_dataframe(df, spec, workers=1)
    assert report.passed and report.allow_listed == 1
    other_type = PiiSpec(
        allow_list=[AllowListEntry(value="Jos Wienen", entity_type="PHONE_NUMBER", reason="x")]
    )
    assert not scan_dataframe(df, other_type, workers=1).passed


@pytest.mark.parametrize("reason", ["", "   "])
def test_allow_list_entry_requires_a_reason(reason):
    with pytest.raises(ValidationError):
        PiiSpec.model_validate({"allow_list": [{"value": "Jos Wienen", "reason": reason}]})
    with pytest.raises(ValidationError):
        PiiSpec.model_validate({"allow_list": [{"value": "Jos Wienen"}]})
    with pytest.raises(ValidationError):
        PiiSpec.model_validate({"unknown": 1})


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({"reason": "r"}, "needs a value, or a column and an entity_type"),
        ({"column": "zaak", "reason": "r"}, "whole column needs an entity_type"),
        ({"value": "x", "entity_type": "BSN", "reason": "r"}, "entity_type"),
    ],
)
def test_allow_list_entry_must_be_narrow_and_known(entry, message):
    with pytest.raises(ValidationError, match=message):
        PiiSpec.model_validate({"allow_list": [entry]})


def test_no_column_can_be_left_out_of_the_scan():
    with pytest.raises(ValidationError, match="every published cell is scanned"):
        PiiSpec.model_validate({"skip_columns": [{"column": "zaak", "reason": "zaaknummer"}]})


def test_a_column_entry_accepts_one_type_and_the_column_is_still_scanned():
    df = clean_meldingen()
    df["zaak"] = ["111222333", "123456782", "987654321", "555666777", "100000009", "200000000"]
    assert {f.entity_type for f in scan_dataframe(df, workers=1).findings} == {"NL_BSN"}
    entry = {"column": "zaak", "entity_type": "NL_BSN", "reason": "zaaknummers, geen BSN"}
    spec = PiiSpec.model_validate({"allow_list": [entry]})
    report = scan_dataframe(df, spec, workers=1)
    assert report.passed
    meta = report.to_metadata()
    assert meta["allow_listed_findings"] >= 2
    assert meta["allow_list"] == [
        {
            "column": "zaak",
            "entity_type": "NL_BSN",
            "whole_column": True,
            "reason": "zaaknummers, geen BSN",
            "findings": meta["allow_listed_findings"],
        }
    ]
    # the same column still blocks any other kind of personal data
    df.loc[3, "zaak"] = "bel 06-12345678"
    (finding,) = scan_dataframe(df, spec, workers=1).findings
    assert (finding.column, finding.entity_type, finding.rows) == ("zaak", "PHONE_NUMBER", [3])
    # and a BSN elsewhere is not covered by the entry for this column
    df.loc[2, "omschrijving"] = "bsn 111222333"
    found = {(f.column, f.entity_type) for f in scan_dataframe(df, spec, workers=1).findings}
    assert ("omschrijving", "NL_BSN") in found


def test_a_value_entry_with_a_column_applies_in_that_column_only():
    df = clean_meldingen()
    df["beheerder"] = ["Jos Wienen"] + ["Gemeente"] * 5
    df.loc[2, "omschrijving"] = "Volgens Jos Wienen is dit opgelost."
    entry = {"value": "Jos Wienen", "column": "beheerder", "reason": "wethouder, publieke functie"}
    report = scan_dataframe(df, PiiSpec.model_validate({"allow_list": [entry]}), workers=1)
    assert [(f.column, f.entity_type, f.rows) for f in report.findings] == [
        ("omschrijving", "PERSON", [2])
    ]
    assert report.allow_listed == 1


def test_a_whole_column_of_a_type_is_accepted_only_by_an_entry_for_that_column_and_type():
    df = pd.DataFrame({"contact_email": [f"loket{i}@haarlem.nl" for i in range(40)]})
    (finding,) = scan_dataframe(df, workers=1).findings
    assert finding.whole_column and finding.entity_type == "EMAIL_ADDRESS"
    other = {"column": "contact_email", "entity_type": "URL", "reason": "r"}
    assert not scan_dataframe(df, PiiSpec.model_validate({"allow_list": [other]}), workers=1).passed
    entry = {
        "column": "contact_email",
        "entity_type": "EMAIL_ADDRESS",
        "reason": "functionele adressen",
    }
    report = scan_dataframe(df, PiiSpec.model_validate({"allow_list": [entry]}), workers=1)
    # one per distinct address, and one for the column as a whole
    assert report.passed and report.allow_listed == 41


def test_threshold_below_gate_still_scans_every_value():
    df = clean_meldingen()
    df.loc[1, "omschrijving"] = "Bel 06-12345678"
    low = scan_dataframe(df, PiiSpec(threshold=0.3), workers=1)
    assert any(f.entity_type == "PHONE_NUMBER" for f in low.findings)


def test_parallel_path_matches_the_serial_one():
    n = 9000  # every other text passes the gate: enough for the worker pool to be used
    df = pd.DataFrame(
        {
            "id": range(n),
            "omschrijving": [
                f"Melding {i}: tak op de Zijlweg"
                if i % 2
                else f"Tak {i} op de Zijlweg, zie www.haarlem.nl"
                if i % 500
                else f"Bel 06-1234{i:04d} graag"
                for i in range(n)
            ],
        }
    )
    serial = scan_dataframe(df, workers=1)
    parallel = scan_dataframe(df, workers=2)
    assert serial.extra["worker_processes"] == 0
    assert parallel.extra["worker_processes"] >= 1  # the pool was used
    assert parallel.extra["cpu_seconds"] > 0
    findings = [f.to_metadata() for f in parallel.findings]
    assert findings == [f.to_metadata() for f in serial.findings]
    phones = [f for f in parallel.findings if f.entity_type == "PHONE_NUMBER"]
    assert [f.rows for f in phones] == [list(range(0, n, 500))]


def test_a_named_column_of_places_is_not_a_column_of_persons():
    df = clean_meldingen()
    df["gemaal_naam"] = [
        "Gemaal Zijlweg",
        "Gemaal Kleverpark",
        "Gemaal Schalkwijk",
        "Gemaal Zuid",
        "Gemaal Delftwijk",
        "Gemaal Oost",
    ]
    df["buurt_naam"] = [
        "Centrum",
        "Kleverpark",
        "Rozenprieel",
        "Schalkwijk",
        "Delftwijk",
        "Molenwijk",
    ]
    report = scan_dataframe(df, workers=1)
    assert report.passed, report.to_metadata()


def test_numbers_are_scanned_as_numbers():
    df = pd.DataFrame(
        {
            "id": [1, 2, 3, 111222333],  # the last is a BSN stored as a number
            "bedrag": [12.5, 111222333.0, 3.25, 4.0],  # float column holding a whole BSN
            "x": [104000.25, 105000.5, 106000.75, 107000.125],
        }
    )
    report = scan_dataframe(df, workers=1)
    assert {(f.column, f.entity_type, tuple(f.rows)) for f in report.findings} == {
        ("id", "NL_BSN", (3,)),
        ("bedrag", "NL_BSN", (1,)),
    }
