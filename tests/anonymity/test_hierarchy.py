"""Hierarchy parsing and encoding: ARX CSV files, numeric bands, datetime, config validation."""

from __future__ import annotations

import pandas as pd
import pytest
from pydantic import ValidationError

from haarlem_opendata.errors import InputError
from haarlem_opendata.protect.anonymity import TableHierarchy, k_anonymize
from haarlem_opendata.protect.anonymity.hierarchy import DateTimeLevels, NumericBands
from haarlem_opendata.spec import AnonymitySpec, ArxHierarchySpec, DateTimeSpec, NumericBandsSpec


def test_adult_age_hierarchy_parses_and_nests(adult_dir, adult):
    hierarchy = TableHierarchy.from_arx_csv(adult_dir / "adult_hierarchy_age.csv")
    qi = hierarchy.encode(adult, "age", "adult.csv")
    assert qi.nests()
    assert qi.height == 5  # exact, 5, 10, 20 years, *
    labels = dict(
        zip(adult["age"].astype(str), qi.labels(2)[qi.level_maps[2][qi.row_codes]], strict=True)
    )
    assert labels["39"] == "30-39"
    assert qi.labels(4).tolist() == ["*"]
    assert qi.domain_size == adult["age"].nunique()


def test_adult_hierarchies_all_parse(adult_dir):
    for path in sorted(adult_dir.glob("adult_hierarchy_*.csv")):
        table = TableHierarchy.from_arx_csv(path).table
        assert all(chain[-1] == "*" for chain in table.values()), path.name


def test_hierarchy_value_with_two_parents_names_file_and_row(tmp_path):
    path = tmp_path / "h.csv"
    path.write_text("a;X;*\nb;X;*\nc;Y;*\nd;X;T\n")
    with pytest.raises(InputError) as err:
        TableHierarchy.from_arx_csv(path)
    assert err.value.file == str(path)
    assert err.value.row == 4
    assert "two different" in str(err.value)


def test_ragged_hierarchy_names_file_and_row(tmp_path):
    path = tmp_path / "h.csv"
    path.write_text("a;X;*\nb;X\n")
    with pytest.raises(InputError) as err:
        TableHierarchy.from_arx_csv(path)
    assert err.value.row == 2 and "ragged" in str(err.value)


def test_value_missing_from_hierarchy_names_column_and_value(adult_dir):
    df = pd.DataFrame({"sex": ["Male", "Female", "Other", "Male"]})
    with pytest.raises(InputError) as err:
        k_anonymize(
            df,
            quasi_identifiers={
                "sex": ArxHierarchySpec(kind="arx_csv", path="adult_hierarchy_sex.csv")
            },
            k=2,
            base_dir=adult_dir,
        )
    assert err.value.column == "sex"
    assert err.value.row == 3
    assert "'Other'" in str(err.value)


def test_non_numeric_age_names_column_and_row_without_value():
    df = pd.DataFrame({"leeftijd": ["34", "51", "onbekend, zie Jan Jansen", "40"]})
    with pytest.raises(InputError) as err:
        k_anonymize(
            df,
            quasi_identifiers={"leeftijd": NumericBandsSpec(kind="numeric_bands", widths=[5, 10])},
            k=2,
        )
    assert err.value.column == "leeftijd" and err.value.row == 3
    assert "Jansen" not in str(err.value)


def test_numeric_bands_labels():
    df = pd.DataFrame({"leeftijd": [3, 7, 12, 19]})
    qi = NumericBands([5, 10]).encode(df, "leeftijd", "x")
    assert qi.labels(1)[qi.level_maps[1][qi.row_codes]].tolist() == ["0-4", "5-9", "10-14", "15-19"]
    assert qi.labels(2)[qi.level_maps[2][qi.row_codes]].tolist() == ["0-9", "0-9", "10-19", "10-19"]
    assert qi.nests()


def test_datetime_levels_labels_and_nesting():
    df = pd.DataFrame(
        {"t": pd.to_datetime(["2024-03-05 14:23", "2024-03-05 15:01", "2024-12-31 23:59"])}
    )
    qi = DateTimeLevels(["hour", "day", "month", "year"]).encode(df, "t", "x")
    assert qi.nests()

    def at(level):
        return qi.labels(level)[qi.level_maps[level][qi.row_codes]].tolist()

    assert at(1) == ["2024-03-05 14:00", "2024-03-05 15:00", "2024-12-31 23:00"]
    assert at(2) == ["2024-03-05", "2024-03-05", "2024-12-31"]
    assert at(3) == ["2024-03", "2024-03", "2024-12"]
    assert at(4) == ["2024", "2024", "2024"]
    assert at(5) == ["*"] * 3
    df = pd.DataFrame({"t": pd.to_datetime(["2024-12-31 10:00", "2025-01-01 09:00"])})
    week = DateTimeLevels(["day", "week", "month"]).encode(df, "t", "x")
    assert week.labels(2)[week.level_maps[2][week.row_codes]].tolist() == ["2025-W01"] * 2
    # both days lie in ISO week 2025-W01 but in different months: week does not refine month
    assert not week.refinement()[2, 3] and week.refinement()[1, 3] and week.refinement()[0, 2]


def test_unparseable_timestamp_names_row():
    df = pd.DataFrame({"t": ["2024-03-05 14:23", "gisteren"]})
    with pytest.raises(InputError) as err:
        DateTimeLevels(["day"]).encode(df, "t", "meldingen.csv")
    assert err.value.row == 2 and err.value.column == "t"


@pytest.mark.parametrize(
    "qi",
    [
        {"kind": "datetime", "levels": ["month", "day"]},
        {"kind": "geo", "x": "x", "y": "y", "grid_sizes": [500, 250]},
        {"kind": "numeric_bands", "widths": [5, 12]},
        {"kind": "numeric_bands", "widths": [5], "extra": 1},
    ],
)
def test_spec_rejects_disordered_or_unknown_hierarchy_settings(qi):
    with pytest.raises(ValidationError):
        AnonymitySpec.model_validate({"quasi_identifiers": {"q": qi}})


def test_spec_weights_must_name_quasi_identifiers():
    base = {"quasi_identifiers": {"q": {"kind": "numeric_bands", "widths": [5]}}}
    assert AnonymitySpec.model_validate({**base, "weights": {"q": 2}}).weights == {"q": 2.0}
    for weights in ({"onbekend": 2.0}, {"q": 0}):
        with pytest.raises(ValidationError):
            AnonymitySpec.model_validate({**base, "weights": weights})


def test_spec_accepts_discriminated_union():
    spec = AnonymitySpec.model_validate(
        {
            "k": 5,
            "max_suppression": 0.02,
            "quasi_identifiers": {
                "tijdstip": {"kind": "datetime", "levels": ["hour", "day", "month"]},
                "categorie": {"kind": "categories", "levels": [{"a": "A"}]},
                "locatie": {"kind": "geo", "x": "x", "y": "y", "regions": "data/b.gpkg"},
            },
            "l_diversity": [{"column": "s", "l": 2, "kind": "recursive", "c": 3}],
        }
    )
    assert isinstance(spec.quasi_identifiers["tijdstip"], DateTimeSpec)
    with pytest.raises(ValidationError):
        AnonymitySpec.model_validate(
            {
                "quasi_identifiers": {"q": {"kind": "arx_csv", "path": "x"}},
                "l_diversity": [{"column": "s", "l": 2, "kind": "recursive"}],
            }
        )
