"""Each Dutch recognizer: values written the way residents write them, and near-misses."""

from __future__ import annotations

import pytest

from haarlem_opendata.spec.checksums import elfproef


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Mijn BSN is 111222333.", "111222333"),
        ("bsn: 1112.22.333", "1112.22.333"),
        ("burgerservicenummer 111 222 333", "111 222 333"),
        ("(123456782)", "123456782"),
    ],
)
def test_bsn_found(found, text, value):
    assert found(text, "NL_BSN") == [value]


@pytest.mark.parametrize(
    "text",
    [
        "Zaaknummer 123456789 is nog open.",  # fails the elfproef
        "BSN 111222334",  # one digit off
        "Bedrag 1234567,82 euro",
        "kenmerk 1112223330",  # ten digits
        "000000000",
    ],
)
def test_bsn_near_misses(found, text):
    assert found(text, "NL_BSN") == []


def test_elfproef():
    assert elfproef("111222333") and elfproef("123456782")
    assert not elfproef("123456789") and not elfproef("12345678") and not elfproef("000000000")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Postcode 2011 AB.", "2011 AB"),
        ("Ik woon in 2031BS", "2031BS"),
        ("postcode 2011ab", "2011ab"),  # lower case only counts with a context word
    ],
)
def test_postcode_found(found, text, value):
    assert found(text, "NL_POSTCODE") == [value]


@pytest.mark.parametrize(
    "text",
    ["In 2024 de boom gesnoeid", "1500 en 2000 euro", "2011 SS", "Melding 2024ab"],
)
def test_postcode_near_misses(found, text):
    assert found(text, "NL_POSTCODE") == []


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Overlast komt van Zijlweg 12a.", "Zijlweg 12a"),
        ("Ik woon op Frans Halsstraat 104-2", "Frans Halsstraat 104-2"),
        ("adres: Gedempte Oude Gracht 5 rd", "Gedempte Oude Gracht 5 rd"),
        ("pakket bezorgd op 2011 AB 12", "2011 AB 12"),
    ],
)
def test_address_found(found, text, value):
    assert found(text, "NL_ADDRESS") == [value]


@pytest.mark.parametrize(
    "text",
    [
        "Lantaarnpaal kapot op de Zijlweg ter hoogte van de bushalte.",
        "Boom omgevallen op de Frans Halsstraat",
        "Al 3 weken ligt er afval op de Grote Markt",
    ],
)
def test_address_near_misses(found, text):
    assert found(text, "NL_ADDRESS") == []


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Auto met kenteken AB-12-CD staat er al weken.", "AB-12-CD"),
        ("Wrak 12-ABC-3 op de stoep", "12-ABC-3"),
        ("busje G-123-BB", "G-123-BB"),
        ("kenteken ab-12-cd", "ab-12-cd"),
        ("de auto met kenteken 12ABC3", "12ABC3"),
    ],
)
def test_kenteken_found(found, text, value):
    assert found(text, "NL_KENTEKEN") == [value]


@pytest.mark.parametrize(
    "text",
    ["Melding MLD-2024-001234", "gemeld op 12-03-2024", "zie bijlage AB12CD", "code ab-12-cd"],
)
def test_kenteken_near_misses(found, text):
    assert found(text, "NL_KENTEKEN") == []


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Bel me op 06-12345678.", "06-12345678"),
        ("tel: 06 1234 5678", "06 1234 5678"),
        ("bereikbaar via +31 6 12345678", "+31 6 12345678"),
        ("graag terugbellen (023) 511 51 15", "(023) 511 51 15"),
        ("0235115115", "0235115115"),
        ("app 0031612345678", "0031612345678"),
        ("nummer 31612345678", "31612345678"),  # country code without +, full length
        ("gratis 0800-1234", "0800-1234"),
    ],
)
def test_phone_found(found, text, value):
    assert [v.strip("()") for v in found(text, "PHONE_NUMBER")] == [value.strip("()")]


@pytest.mark.parametrize(
    "text",
    [
        "Zaaknummer 123456789",
        "bedrag 1250,00",
        "om 14:30 gemeld",
        "in 2024",
        "rond 13:00. 534 226 486",  # the 00 of a time is no international prefix
        "Ik ben geboren op 09-06-1967",  # a date, though also a valid 0906 number
        "Zaaknummer 319063858",  # 31 and seven digits: a case number, not +31 906…
    ],
)
def test_phone_near_misses(found, text):
    assert found(text, "PHONE_NUMBER") == []


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Ik ben geboren op 12-03-1985.", "12-03-1985"),
        ("geb. 3 maart 1961", "3 maart 1961"),
        ("Geboortedatum: 1985-03-12", "1985-03-12"),
    ],
)
def test_date_of_birth_found(found, text, value):
    assert found(text, "DATE_OF_BIRTH") == [value]


@pytest.mark.parametrize(
    "text", ["Sinds 12-03-2024 ligt het er", "In 2024 al gemeld", "op 3 maart 2024 gezien"]
)
def test_date_without_birth_cue_is_no_date_of_birth(found, text):
    assert found(text, "DATE_OF_BIRTH") == []


@pytest.mark.parametrize(
    ("text", "entity", "value"),
    [
        ("Mail: jan.jansen@ziggo.nl", "EMAIL_ADDRESS", "jan.jansen@ziggo.nl"),
        ("Rekening NL91 ABNA 0417 1643 00", "IBAN_CODE", "NL91 ABNA 0417 1643 00"),
        (
            "Foto's op https://www.facebook.com/jan.jansen",
            "URL",
            "https://www.facebook.com/jan.jansen",
        ),
        ("verzonden vanaf 192.168.1.10", "IP_ADDRESS", "192.168.1.10"),
    ],
)
def test_presidio_generic_recognizers_registered_for_dutch(found, text, entity, value):
    assert found(text, entity) == [value]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Mevrouw Jansen belde hierover.", "Jansen"),
        ("Dhr. P. de Vries meldt afval.", "P. de Vries"),
        ("Gemeld namens M. El Amrani", "M. El Amrani"),
        ("Mijn naam is Eva Rood.", "Eva Rood"),
        ("Met vriendelijke groet, Tomasz Kowalski", "Tomasz Kowalski"),
        ("Mijn buurman Henk zet altijd afval buiten.", "Henk"),
        ("mevrouw de Vries vraagt om terugkoppeling", "de Vries"),
        ("Dhr. De Groen heeft dit gezien.", "De Groen"),
        ("Ik heb het besproken met Pietje Puk van nummer 12.", "Pietje Puk"),
        ("Sanne Visser belde vanochtend.", "Sanne Visser"),
        ("groetjes jan de vries", "jan de vries"),
        # a lexicon given name alone, no cue: only the lexicon knows these are names
        ("Gisteren heeft Anna de boom zien vallen.", "Anna"),
        ("Volgens Arthur ligt het er al weken.", "Arthur"),
        # surnames that end like a street are still names
        ("Gisteren heeft Piet Verkade het gemeld.", "Piet Verkade"),
    ],
)
def test_person_found(found, text, value):
    assert found(text, "PERSON") == [value]


@pytest.mark.parametrize(
    "text",
    [
        "Frans Halsstraat",
        "Boom omgevallen op de Frans Halsstraat.",
        "Groen",
        "Categorie: Groen",
        "Afval naast de container bij de Albert Heijn",
        "Lamp kapot op de Grote Markt bij de Sint Bavo",
        "Het gaat om de prullenbak voor de Burger King.",
        "In Haarlem Noord is het Spaarne Gasthuis",
        "Straatverlichting kapot Rijksstraatweg",
        "Wij van Schalkwijk vinden dit vervelend.",
        "Maandag 12 maart gemeld",
        # any word ending in -straat, -weg, -laan … is a street, listed or not
        "Storing bij Gemaal Dedemsvaartweg",
        "Gemaal Zijlweg + Gemaal Dedemsvaartweg + Gemaal Vondelweg",
        "Lekkage Tesselschadestraat hoek Leidsevaart",
    ],
)
def test_person_near_misses(found, text):
    assert found(text, "PERSON") == []
