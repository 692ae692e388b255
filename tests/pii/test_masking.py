"""mask_value shows the kind of value, never the value."""

from __future__ import annotations

import pytest

from haarlem_opendata.pii.masking import mask_value


@pytest.mark.parametrize(
    ("value", "entity", "masked"),
    [
        ("jan.jansen@ziggo.nl", "EMAIL_ADDRESS", "j***@***.nl"),
        ("Jan de Vries", "PERSON", "J*** d***"),
        ("2011 AB", "NL_POSTCODE", "20** **"),
        ("NL91ABNA0417164300", "IBAN_CODE", "NL** ***"),
        ("06-12345678", "PHONE_NUMBER", "06********"),
        ("Zijlweg 12", "NL_ADDRESS", "Z*** <nr>"),
        ("https://www.facebook.com/jan", "URL", "***.com"),
    ],
)
def test_mask_examples(value, entity, masked):
    assert mask_value(value, entity) == masked


@pytest.mark.parametrize(
    ("value", "entity"),
    [
        ("111222333", "NL_BSN"),
        ("1112.22.333", "NL_BSN"),
        ("AB-12-CD", "NL_KENTEKEN"),
        ("192.168.1.10", "IP_ADDRESS"),
        ("12-03-1985", "DATE_OF_BIRTH"),
        ("Pietje Puk", "PERSON"),
        ("+31 6 12345678", "PHONE_NUMBER"),
        ("something", "UNKNOWN"),
    ],
)
def test_mask_hides_every_identifying_part(value, entity):
    masked = mask_value(value, entity)
    assert value not in masked
    parts = [p for p in value.replace("-", " ").replace(".", " ").split() if len(p) > 2]
    assert not any(p in masked for p in parts)


def test_mask_length_does_not_leak_length():
    assert mask_value("a@b.nl", "EMAIL_ADDRESS") == mask_value(
        "averylongname@b.nl", "EMAIL_ADDRESS"
    )
    assert mask_value("0612345678", "PHONE_NUMBER") == mask_value("06-1234 5678", "PHONE_NUMBER")
