"""The register agrees with the dataset specs both ways; every kind of bad input is a clear
error."""

from __future__ import annotations

import textwrap

import pytest

from haarlem_opendata.catalog import load_register
from haarlem_opendata.errors import SpecError
from haarlem_opendata.lineage.register import (
    besluiten_for,
    datasets_for,
    register_problems,
    validate_register,
)
from haarlem_opendata.spec import rsin_is_valid

from .conftest import SEEDED_LINKS, make_release, make_spec


def test_seeded_register_is_valid_and_marked_as_examples(register, catalog):
    validate_register(register, catalog)
    assert {b.identificatie for b in register.besluiten} == {
        i for ids in SEEDED_LINKS.values() for i in ids
    }
    assert all(b.voorbeeld for b in register.besluiten)
    assert all(b.verantwoordelijkeOrganisatie == "001005650" for b in register.besluiten)


def test_round_trip_dataset_to_besluiten_and_back(register, catalog):
    for name in catalog:
        for besluit in besluiten_for(name, register, catalog):
            assert name in datasets_for(besluit.identificatie, catalog)
    for besluit in register.besluiten:
        for name in datasets_for(besluit.identificatie, catalog):
            assert besluit in besluiten_for(name, register, catalog)
    pairs_from_specs = {(n, i) for n, s in catalog.items() for i in s.besluiten}
    pairs_from_register = {
        (n, b.identificatie)
        for b in register.besluiten
        for n in datasets_for(b.identificatie, catalog)
    }
    assert pairs_from_specs == pairs_from_register


def test_unknown_besluit_in_a_spec_names_the_spec_file_and_key(register, catalog):
    catalog["meldingen"] = make_spec(
        "meldingen", ["HLM-2026-CB-007", "HLM-2099-XX-001"], file=catalog["meldingen"].file
    )
    with pytest.raises(SpecError) as err:
        validate_register(register, catalog)
    assert err.value.file == "datasets/meldingen.yaml"
    assert err.value.key == "besluiten[1]"
    assert "unknown besluit 'HLM-2099-XX-001'" in err.value.message


def test_besluit_without_data_is_an_error(register, catalog):
    catalog["rioolbelasting"] = make_spec("rioolbelasting", [])
    with pytest.raises(SpecError) as err:
        validate_register(register, catalog)
    assert err.value.file.endswith("metadata/besluiten.yaml")
    index = register.index_of("HLM-2026-RB-014")
    assert err.value.key == f"besluiten[{index}].identificatie"
    assert "rests on no data" in err.value.message


def test_besluit_dated_before_the_data_coverage_is_an_error(register, catalog):
    # the 2018 wijkaanpak besluit cannot rest on meldingen covering 2025
    catalog["meldingen"] = make_spec("meldingen", ["HLM-2026-CB-007", "HLM-2018-RB-031"])
    with pytest.raises(SpecError) as err:
        validate_register(register, catalog)
    assert err.value.key == f"besluiten[{register.index_of('HLM-2018-RB-031')}].datum"
    assert "before the data it cites existed" in err.value.message
    assert "'meldingen' covers from 2025-01-01" in err.value.message


def test_besluit_dated_before_the_first_release_is_an_error(tmp_path, catalog):
    file = tmp_path / "besluiten.yaml"
    file.write_text(
        textwrap.dedent("""\
        besluiten:
          - identificatie: HLM-2026-RB-020
            titel: Echt besluit
            bestuursorgaan: gemeenteraad
            besluittype: Raadsbesluit
            datum: 2026-02-01
            ingangsdatum: 2026-02-01
            toelichting: Rust op rioolbelasting.
        """)
    )
    register = load_register(file)
    catalog["rioolbelasting"] = make_spec("rioolbelasting", ["HLM-2026-RB-020"])
    catalog = {"rioolbelasting": catalog["rioolbelasting"]}
    releases = [make_release("rioolbelasting", "1.0.0", "2026-03-01T10:00:00")]
    with pytest.raises(SpecError) as err:
        validate_register(register, catalog, releases)
    assert err.value.key == "besluiten[0].datum"
    assert "first published on 2026-03-01 (version 1.0.0)" in err.value.message
    # fine once the data was published before the decision
    validate_register(
        register, catalog, [make_release("rioolbelasting", "1.0.0", "2026-01-31T10:00:00")]
    )


def test_examples_are_exempt_from_the_release_check_only(register, catalog):
    late = [make_release(n, "1.0.0", "2026-11-25T10:00:00") for n in catalog]
    assert register_problems(register, catalog, late) == []


def test_all_problems_are_counted(register, catalog):
    catalog["meldingen"] = make_spec("meldingen", ["NOPE-1"])
    catalog["rioolbelasting"] = make_spec("rioolbelasting", [])
    problems = register_problems(register, catalog)
    assert len(problems) == 3  # unknown id, and two besluiten left without data
    with pytest.raises(SpecError, match=r"\(and 2 more\)"):
        validate_register(register, catalog)


@pytest.mark.parametrize(
    ("entry", "key", "fragment"),
    [
        ("identificatie: hlm 2026", "besluiten[0].identificatie", "pattern"),
        (
            "verantwoordelijkeOrganisatie: '001005651'",
            "besluiten[0].verantwoordelijkeOrganisatie",
            "RSIN",
        ),
        ("bestuursorgaan: burgemeester", "besluiten[0].bestuursorgaan", "gemeenteraad"),
        ("ingangsdatum: 2026-01-01", "besluiten[0]", "ingangsdatum lies before datum"),
        (
            "links: {gemeenteblad: 'https://example.org/gmb.html'}",
            "besluiten[0].links.gemeenteblad",
            "pattern",
        ),
        (
            "links: {raadsinformatie: 'https://haarlem.nl/raad/1'}",
            "besluiten[0].links.raadsinformatie",
            "pattern",
        ),
        ("kleur: rood", "besluiten[0].kleur", "Extra inputs"),
    ],
)
def test_bad_register_entries_name_file_and_key(tmp_path, entry, key, fragment):
    base = {
        "identificatie": "HLM-2026-RB-001",
        "titel": "Titel",
        "bestuursorgaan": "gemeenteraad",
        "besluittype": "Raadsbesluit",
        "datum": "2026-02-01",
        "ingangsdatum": "2026-02-01",
        "toelichting": "Toelichting.",
    }
    field = entry.split(":")[0]
    lines = [f"    {k}: {v}" for k, v in base.items() if k != field] + [f"    {entry}"]
    file = tmp_path / "besluiten.yaml"
    file.write_text("besluiten:\n  -\n" + "\n".join(lines) + "\n")
    with pytest.raises(SpecError) as err:
        load_register(file)
    assert err.value.file == str(file)
    assert err.value.key == key
    assert fragment in err.value.message


def test_duplicate_ids_and_broken_yaml(tmp_path):
    file = tmp_path / "besluiten.yaml"
    entry = (
        "  - {identificatie: HLM-2026-RB-001, titel: T, bestuursorgaan: gemeenteraad, "
        "besluittype: Raadsbesluit, datum: 2026-02-01, ingangsdatum: 2026-02-01, toelichting: T}\n"
    )
    file.write_text("besluiten:\n" + entry + entry)
    with pytest.raises(SpecError, match="duplicate identificatie"):
        load_register(file)
    file.write_text("besluiten: [\n")
    with pytest.raises(SpecError) as err:
        load_register(file)
    assert "not valid YAML" in err.value.message
    with pytest.raises(SpecError, match="file not found"):
        load_register(tmp_path / "missing.yaml")


def test_rsin_eleven_test():
    assert rsin_is_valid("001005650")  # Gemeente Haarlem
    assert not rsin_is_valid("001005651")
    assert not rsin_is_valid("1005650")
