"""Each shape detector on positives and hard negatives written by hand, not from the regexes.

Positives are numbers as residents type them (assigned range or not); negatives are what the
published files really hold next to them: dates, times, amounts, coordinates, hashes, versions,
CBS region codes, ISO timestamps, counts.
"""

from __future__ import annotations

import pytest

from haarlem_opendata.net.detect import find_all, mask
from haarlem_opendata.spec.checksums import elfproef, iban_mod97


def kinds(text: str) -> list[str]:
    return [h.type for h in find_all(text)]


PHONES = [
    "Bel mij gerust op 0671652029.",
    "Groeten, <NAAM> (+31 6 9133 6852)",
    "nummer 06 01895559 graag",
    "+31 6 08 24 62 81",
    "06-72247045",
    "Mobiel 06-1234567",  # one digit short, after a cue
    "tel: 023-5114000",
    "(023) 511 40 00",
    "bereikbaar op 06.12.34.56.78",
    "0031 6 12345678",
    "+31 (0)6 12345678",
    "+31(0)23-5114000",
    "tel.0612345678 na zessen",
    "06 - 12345678",
    "020 - 1234567",
    "whatsapp 0612 345 678",
    "+44 20 7946 0958",
    "+32 470 12 34 56",
    "0612345678, 0698765432",
    "zie https://voorbeeld.nl/bel/0612345678",
    "0612-34-56 78",  # not an ISO date: no year starts with 06
    "bel 06123456789",  # one digit too many, after a cue
]


@pytest.mark.parametrize("text", PHONES)
def test_phone_shapes_are_found(text):
    assert "TELEFOON" in kinds(text)


def test_two_numbers_in_one_sentence_are_two_findings():
    assert kinds("Bel 0612345678 of 0698765432") == ["TELEFOON", "TELEFOON"]


def test_a_number_in_brackets_keeps_the_brackets_out_of_the_span():
    (hit,) = find_all("Groeten (+31 6 9133 6852).")
    assert hit.value == "+31 6 9133 6852"


@pytest.mark.parametrize(
    "text",
    [
        "061234567",  # nine digits and no cue: too short to be read as a number to call
        "Melding van 01-03-2025 om 10:15 uur",
        "tijdstip 2025-03-01T10:15:00+01:00",
        "2025-03-01 10:15:00",
        "bedrag € 0,50 per stuk, totaal 1.234.567",
        "52.3873 4.6364",
        "0.123456789",
        "-0.0012345678",
        "versie 1.0.0, pipeline 0.1.0",
        "sha256:0671652029d3f6a1c2b4e5f60718293a4b5c6d7e8f9012345678901234567890",
        "run 0671652a-0290-4d3f-8a1c-2b4e5f607182",
        "BU03920000, WK039201, GM0392",
        "Haarlem telt 161265 inwoners in 2017",
        "12345 meldingen, 0 onderdrukt, 5919 rijen",
        "zaak Z-2025-001234",
        "periode 01.01.2025 t/m 31.12.2025",
        "EPSG:28992, 104.2 x 488.3",
    ],
)
def test_hard_negatives_stay_quiet(text):
    assert kinds(text) == []


@pytest.mark.parametrize(
    "text", ["BSN 111222333", "bsn: 1112.22.333", "123 456 782", "BSN-111222333", "bsn/111222333"]
)
def test_bsn_shapes_that_pass_the_elfproef(text):
    assert kinds(text) == ["BSN"]


@pytest.mark.parametrize("text", ["111222334", "zaak 123456789", "000000000", "1112223330"])
def test_nine_digits_failing_the_elfproef_or_longer_are_not_a_bsn(text):
    assert "BSN" not in kinds(text)


@pytest.mark.parametrize(
    "text",
    ["NL91 ABNA 0417 1643 00", "iban nl91abna0417164300", "DE89 3704 0044 0532 0130 00"],
)
def test_ibans_that_pass_mod_97(text):
    assert kinds(text) == ["IBAN"]


@pytest.mark.parametrize("text", ["NL91 ABNA 0417 1643 01", "AB12CDEF34567890XYZ", "NL12 3456"])
def test_iban_shapes_failing_mod_97_are_not_an_iban(text):
    assert "IBAN" not in kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        "mail j.jansen@gmail.com",
        "Marloes.de-Haan+melding@ziggo.nl!",
        "a@b.co",
        "jan.jansen[at]gmail.com",
        "jan (at) gmail (dot) com",
    ],
)
def test_email_addresses(text):
    assert kinds(text) == ["EMAIL"]


@pytest.mark.parametrize(
    "text",
    ["<EMAIL>", "@gemeente", "naam @ haarlem", "x@localhost", "kijk at home", "Piet (at) werk"],
)
def test_no_email_without_a_domain(text):
    assert "EMAIL" not in kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        "Het gaat om 2036 SD 197.",  # SD is never issued by PostNL: still an address
        "2011AB 12",
        "2011 ab 12-zw",
        "2011 AB, 12A",
        "Zijlweg 197, 2036 SD Haarlem",
        "2031 CA 2-II",
    ],
)
def test_postcode_with_house_number(text):
    assert kinds(text) == ["POSTCODE_HUISNUMMER"]


@pytest.mark.parametrize(
    "text",
    ["2025 op 12 maart", "in 2025 12 meldingen", "1998 en 3 anderen", "2011 AB", "Buurt 2011 Ab 3"],
)
def test_years_with_a_word_and_postcodes_alone_are_not_an_address(text):
    assert "POSTCODE_HUISNUMMER" not in kinds(text)


def test_checksums_on_published_examples():
    assert elfproef("111222333") and elfproef("001005650")
    assert not elfproef("111222334") and not elfproef("000000000") and not elfproef("12345678")
    assert iban_mod97("NL91ABNA0417164300") and iban_mod97("GB82WEST12345698765432")
    assert not iban_mod97("NL91ABNA0417164301") and not iban_mod97("NL91")


@pytest.mark.parametrize(
    "kind, value, shown",
    [
        ("TELEFOON", "06-72247045", "06-********"),
        ("BSN", "111222333", "*********"),
        ("IBAN", "NL91 ABNA 0417 1643 00", "NL** **** **** **** **"),
        ("EMAIL", "j.jansen@gmail.com", "j***@***.com"),
        ("POSTCODE_HUISNUMMER", "2036 SD 197", "2*** ** ***"),
    ],
)
def test_masks_never_show_the_value(kind, value, shown):
    assert mask(kind, value) == shown
