"""Recall-first redaction of free text: every shape found on the portal is gone after redaction,
one case per shape (issue 12), and what is not personal stays readable."""

from __future__ import annotations

import pytest

from haarlem_opendata import stages
from haarlem_opendata.catalog import load_catalog
from haarlem_opendata.pii.redact import redact_values

# (text as a resident wrote it, the personal part that must disappear, what must remain)
SHAPES = [
    (
        "Verkeersbord omgereden aan de Zijlweg. Bel mij gerust op 0671652029.",
        "0671652029",
        "Zijlweg",
    ),
    ("Losse tegels. Groeten, Henk Jansen (+31 6 9133 6852)", "9133 6852", "Losse tegels"),
    ("Illegaal gedumpt afval naast de school. Het gaat om 2036 SD 197.", "2036 SD 197", "school"),
    ("Graag terugbellen op 06 01895559.", "01895559", "terugbellen"),
    ("Mijn nummer is +31 6 08 24 62 81.", "08 24 62 81", "Mijn nummer is"),
    ("Whatsapp: 06-72247045", "72247045", "Whatsapp"),
    ("Mobiel 06-1234567, na zessen.", "1234567", "Mobiel"),
    ("Bel (023) 5123456 of 023-5 12 34 56.", "5123456", "Bel"),
    ("Via 0031 6 12345678 of +31 (0)6 87654321 bereikbaar.", "87654321", "bereikbaar"),
    ("Het gaat om 2011ab 12, achterom.", "2011ab 12", "achterom"),
    ("Overlast bij Kerkstraat 12-zw en Lindenlaan 12A.", "12-zw", "Overlast bij"),
    ("Lekkage bij Bakenessergracht 12 hs en Oranjeplein 3-II.", "3-II", "Lekkage"),
    ("Kees van Dijk zet steeds grofvuil buiten.", "Kees van Dijk", "grofvuil"),
    ("Marloes de Haan zet haar fiets op de stoep.", "de Haan", "fiets"),
    ("Graag contact met Annemarie Bos (buurvrouw).", "Annemarie Bos", "(buurvrouw)"),
    ("Melding namens Henk Prins over de lamp.", "Prins", "Melding namens"),
    ("De hond van jansen poept elke dag op het gras.", "jansen", "De hond van"),
    ("Overlast door mevrouw Bos en buurman Prins.", "Bos", "mevrouw"),
    ("Dhr. Öztürk klaagt ook.", "Öztürk", "klaagt"),
    ("Doorgegeven door mijn bovenbuurvrouw De Teunissen.", "Teunissen", "bovenbuurvrouw"),
    ("Ondertekend: Kumral Joos", "Joos", "Ondertekend"),
    ("De kat van el amrani zit in de boom.", "amrani", "De kat van"),
]


@pytest.mark.parametrize(("text", "personal", "kept"), SHAPES, ids=[s[1] for s in SHAPES])
def test_each_shape_is_redacted(text, personal, kept):
    (redacted,) = redact_values([text])
    assert personal not in redacted
    assert "<" in redacted
    assert kept in redacted


def test_role_word_stays_and_the_whole_name_goes():
    (out,) = redact_values(["Overlast door mevrouw Bos en buurman Prins, ook dhr. Öztürk klaagt."])
    assert out == "Overlast door mevrouw <NAAM> en buurman <NAAM>, ook dhr. <NAAM> klaagt."


def test_a_surname_that_is_a_word_goes_with_the_given_name():
    (out,) = redact_values(["Melding namens Kees Prins: de lamp is stuk."])
    assert out == "Melding namens <NAAM>: de lamp is stuk."


HARD_NEGATIVES = [
    "Op 12-03-2025 om 13:00 is zaak 2025-004512 gemeld, kosten € 1.250,00.",
    "Bij de Burger King op de Grote Markt ligt afval.",
    "Molen de Adriaan staat stil. Sinds Maandag ligt er afval.",
    "De hond van de buren blaft. Het afval van gisteren ligt er nog.",
    "Het busje van de bakker staat op de stoep, 1200 kg puin erin.",
    "De bus van lijn 3 stopt niet bij paal 23-0114.",
    "Een kuil van 30 bij 40 cm bij coördinaten 52.3812, 4.6368.",
    "In 2024 en 2025 is dit al gemeld, week 12.",
]


@pytest.mark.parametrize("text", HARD_NEGATIVES)
def test_what_is_not_personal_stays(text):
    assert redact_values([text]) == [text]


def test_planted_shapes_leave_the_meldingen_pipeline_redacted(workspace):
    """Each shape planted in real meldingen rows: none of its personal part is in any cell of
    the protected table that would be published."""
    spec = load_catalog(workspace.datasets_dir)["meldingen"]
    raws = {name: stages.load_raw(spec, name, settings=workspace) for name in spec.sources}
    source = stages.combine_sources(spec, raws)
    planted = source.copy()
    column = spec.protection.pii.redact_columns[0]
    for i, (text, _, _) in enumerate(SHAPES):
        planted.iloc[i * 37, planted.columns.get_loc(column)] = text
    protected = stages.protect(spec, planted, settings=workspace).table
    cells = protected.astype(str).to_numpy().ravel().tolist()
    for _, personal, _ in SHAPES:
        assert not any(personal in cell for cell in cells), personal
