"""Redaction of free text: placeholders in, findings out, and the rescan passes."""

from __future__ import annotations

import pandas as pd

from haarlem_opendata.pii.redact import redact_dataframe
from haarlem_opendata.pii.scan import scan_dataframe
from haarlem_opendata.spec import PiiSpec

TEXTS = [
    "Boom omgevallen op de Frans Halsstraat.",
    "Mevrouw Jansen (06-12345678) meldt afval, mail jan.jansen@ziggo.nl",
    "Lamp kapot. Met vriendelijke groet, Pietje Puk",
    "Mijn BSN is 111222333, ik woon op Zijlweg 12a, 2011 AB.",
    "Auto met kenteken AB-12-CD staat er al weken; geb. 12-03-1985",
    "Schade graag overmaken op NL91 ABNA 0417 1643 00. Zie https://www.facebook.com/jan.jansen",
    "Verzonden vanaf 192.168.1.10. groetjes jan de vries",
    None,
]


def meldingen() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "melding_id": range(1, len(TEXTS) + 1),
            "categorie": [
                "Groen",
                "Afval",
                "Straatverlichting",
                "Boom",
                "Verkeer",
                "Afval",
                "Groen",
                "Boom",
            ],
            "omschrijving": TEXTS,
        }
    )


def test_redacted_meldingen_table_has_no_finding_on_rescan():
    df = meldingen()
    assert not scan_dataframe(df, workers=1).passed
    redacted = redact_dataframe(df, ["omschrijving"], PiiSpec(), workers=1)
    report = scan_dataframe(redacted, workers=1)
    assert report.passed, report.to_metadata()
    out = redacted["omschrijving"].tolist()
    assert out[0] == TEXTS[0]  # clean text untouched
    assert out[1] == "Mevrouw <NAAM> (<TELEFOON>) meldt afval, mail <EMAIL>"
    assert out[2].endswith("groet, <NAAM>")
    assert "<BSN>" in out[3] and "<ADRES>" in out[3] and "<POSTCODE>" in out[3]
    assert "<KENTEKEN>" in out[4] and "<GEBOORTEDATUM>" in out[4]
    assert "<IBAN>" in out[5] and "<URL>" in out[5]
    assert "<IP>" in out[6] and out[6].endswith("<NAAM>")
    assert pd.isna(out[7])
    pd.testing.assert_frame_equal(
        redacted.drop(columns="omschrijving"), df.drop(columns="omschrijving")
    )


def test_redaction_only_touches_the_named_columns_and_keeps_the_index():
    df = meldingen().set_index(pd.Index(range(100, 100 + len(TEXTS))))
    df["notitie"] = "bel 06-12345678"
    redacted = redact_dataframe(df, ["omschrijving"], workers=1)
    assert list(redacted.index) == list(df.index)
    assert (redacted["notitie"] == "bel 06-12345678").all()
    assert df["omschrijving"].iloc[1] == TEXTS[1]  # input not modified


def test_allow_listed_value_survives_redaction():
    df = pd.DataFrame(
        {"omschrijving": ["Volgens wethouder Jos Wienen is dit opgelost, bel 0612345678"]}
    )
    spec = PiiSpec.model_validate(
        {"allow_list": [{"value": "Jos Wienen", "entity_type": "PERSON", "reason": "wethouder"}]}
    )
    (text,) = redact_dataframe(df, ["omschrijving"], spec, workers=1)["omschrijving"]
    assert text == "Volgens wethouder Jos Wienen is dit opgelost, bel <TELEFOON>"
    assert scan_dataframe(pd.DataFrame({"omschrijving": [text]}), spec, workers=1).passed


def test_an_allow_list_entry_for_another_column_does_not_spare_a_value():
    text = "Volgens wethouder Jos Wienen is dit opgelost"
    df = pd.DataFrame({"omschrijving": [text], "toelichting": [text]})
    entry = {"value": "Jos Wienen", "column": "toelichting", "reason": "wethouder"}
    spec = PiiSpec.model_validate({"allow_list": [entry]})
    redacted = redact_dataframe(df, ["omschrijving", "toelichting"], spec, workers=1)
    assert redacted.loc[0, "omschrijving"] == "Volgens wethouder <NAAM> is dit opgelost"
    assert redacted.loc[0, "toelichting"] == text
