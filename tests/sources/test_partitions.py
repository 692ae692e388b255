"""A partitioned spec rendered per gemeente, and a national CBS file cut to one gemeente.

The cut is checked against the raw file read with the csv module alone (codes by their digits),
not against the reader's own filter.
"""

from __future__ import annotations

import csv

import pytest

from haarlem_opendata.catalog import load_catalog
from haarlem_opendata.catalog.partitions import default_partitions, for_partition, render
from haarlem_opendata.errors import InputError, SpecError
from haarlem_opendata.sources.cbs import read_kwb_csv
from tests.conftest import PROJECT_ROOT

DATASETS = PROJECT_ROOT / "datasets"
NL = DATASETS / "data/kwb2017_nl.csv"


@pytest.fixture(scope="module")
def buurtcijfers():
    return load_catalog(DATASETS)["buurtcijfers"]


def test_placeholders_are_filled_everywhere_and_only_there():
    values = {"gemeente": "GM0363", "gemeentenummer": "0363", "gemeente_naam": "A", "jaar": "2017"}
    text = {"a": ["${gemeente_naam} ${jaar}", {"b": "WK${gemeentenummer}"}], "c": "x{2}$y", "d": 3}
    assert render(text, values) == {"a": ["A 2017", {"b": "WK0363"}], "c": "x{2}$y", "d": 3}


def test_the_own_gemeente_keeps_its_name_and_besluiten(buurtcijfers):
    assert buurtcijfers.name == "buurtcijfers"
    assert buurtcijfers.title == "Buurtcijfers Haarlem 2017"
    assert buurtcijfers.spatial == "GM0392" and buurtcijfers.besluiten
    assert default_partitions(buurtcijfers) == [("GM0392", "2017")]


def test_another_gemeente_has_its_own_name_title_and_no_besluiten(buurtcijfers):
    amsterdam = for_partition(buurtcijfers, "GM0363", "2017", DATASETS)
    assert amsterdam.name == "buurtcijfers-gm0363"
    assert amsterdam.title == "Buurtcijfers Amsterdam 2017"
    assert amsterdam.spatial == "GM0363" and amsterdam.besluiten == []
    assert "${" not in amsterdam.model_dump_json()
    assert amsterdam.partition is not None and amsterdam.partition.key == "GM0363|2017"


@pytest.mark.parametrize(("gemeente", "jaar"), [("GM0820", "2017"), ("GM0363", "2016")])
def test_an_unknown_gemeente_or_year_is_a_clear_error(buurtcijfers, gemeente, jaar):
    with pytest.raises(SpecError, match=gemeente if jaar == "2017" else jaar):
        for_partition(buurtcijfers, gemeente, jaar, DATASETS)


def test_the_cut_is_exactly_the_gemeentes_rows_of_the_file():
    with NL.open(encoding="utf-8-sig", newline="") as f:
        expected = [r["WijkenEnBuurten"].strip() for r in csv.DictReader(f)]
    expected = [c for c in expected if c[:2] in ("GM", "WK", "BU") and c[2:6] == "0358"]
    table = read_kwb_csv(NL, gemeente="GM0358")
    assert list(table["regio_code"]) == expected and len(expected) > 1


def test_a_bad_row_is_named_by_its_row_in_the_whole_file(tmp_path):
    lines = NL.read_text(encoding="utf-8-sig").splitlines()
    row = next(i for i, line in enumerate(lines) if ",BU03580" in line)
    lines[row] = lines[row].replace(",BU03580", ",XX03580", 1)
    bad = tmp_path / "kwb.csv"
    bad.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(InputError, match=rf"kwb.csv, column 'WijkenEnBuurten', row {row}:"):
        read_kwb_csv(bad, gemeente="GM0358")


def test_a_gemeente_without_rows_is_a_clear_error():
    with pytest.raises(InputError, match="kwb2017_nl.csv.*no rows for gemeente GM9999"):
        read_kwb_csv(NL, gemeente="GM9999")
