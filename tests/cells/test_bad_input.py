"""Bad input is refused with file, column and row — and never quotes a count."""

from __future__ import annotations

import pandas as pd
import pytest

from haarlem_opendata.errors import InputError, SpecError
from haarlem_opendata.protect.cells import load_rule_pack, suppress_cells
from haarlem_opendata.spec import RegionHierarchySpec, Relation

REGION = RegionHierarchySpec(code_column="regio_code")


def _table() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "regio_code": ["GM0001", "WK000101", "BU00010101", "BU00010102"],
            "totaal": [57, 57, 20, 37],
            "man": [30, 30, 11, 19],
            "vrouw": [27, 27, 9, 18],
        }
    )


def _suppress(table, **kw):
    return suppress_cells(
        table,
        region=REGION,
        counts=["totaal", "man", "vrouw"],
        relations=[Relation(total="totaal", parts=["man", "vrouw"])],
        file="sociaal.parquet",
        **kw,
    )


def test_negative_count_names_column_and_row_without_the_value():
    table = _table()
    table.loc[2, ["man", "totaal"]] = [-13, -4]
    table.loc[[0, 1], "man"] = [6, 6]
    table.loc[[0, 1], "totaal"] = [33, 33]
    with pytest.raises(InputError) as err:
        _suppress(table)
    assert err.value.column == "totaal" and err.value.row == 3
    assert "sociaal.parquet" in str(err.value) and "-4" not in str(err.value)


def test_relation_that_does_not_add_up_is_reported_not_fixed():
    table = _table()
    table.loc[3, "vrouw"] = 17  # totaal 37 ≠ 19 + 17
    before = table.copy()
    with pytest.raises(InputError) as err:
        _suppress(table)
    assert err.value.row == 4 and err.value.column == "totaal"
    assert "klopt niet" in str(err.value) and "BU00010102" in str(err.value)
    assert "17" not in str(err.value) and "37" not in str(err.value)
    pd.testing.assert_frame_equal(table, before)


def test_region_sum_that_does_not_add_up_is_reported_on_the_parent_row():
    table = _table()
    table.loc[1, ["totaal", "man"]] = [58, 31]
    table.loc[0, ["totaal", "man"]] = [58, 31]
    with pytest.raises(InputError) as err:
        _suppress(table)
    assert err.value.row == 2 and "WK000101" in str(err.value)


def test_region_without_parent_names_code_column_and_row():
    table = _table()
    table.loc[3, "regio_code"] = "BU00019902"  # wijk WK000199 is not in the table
    with pytest.raises(InputError) as err:
        _suppress(table)
    assert err.value.column == "regio_code" and err.value.row == 4
    assert "BU00019902" in str(err.value)


def test_explicit_parent_column_that_points_nowhere():
    table = pd.DataFrame({"code": ["A", "B"], "ouder": [None, "X"], "n": [50, 50]})
    with pytest.raises(InputError) as err:
        suppress_cells(
            table,
            region=RegionHierarchySpec(code_column="code", parent_column="ouder"),
            counts=["n"],
        )
    assert err.value.column == "ouder" and err.value.row == 2


def test_missing_and_fractional_counts():
    table = _table().astype({"man": "Float64"})
    table.loc[2, "man"] = pd.NA
    with pytest.raises(InputError) as err:
        _suppress(table)
    assert err.value.column == "man" and err.value.row == 3
    table = _table().astype({"man": float, "vrouw": float})
    table.loc[2, ["man", "vrouw"]] = [10.5, 9.5]
    with pytest.raises(InputError, match="geen geheel getal"):
        _suppress(table)


def test_rule_pack_errors_name_file_and_key(tmp_path):
    bad = tmp_path / "regels.yaml"
    bad.write_text(
        "version: '1'\nname: x\nrules:\n  - {id: a, description: d, columns: [n], kind: base}\n"
    )
    with pytest.raises(SpecError) as err:
        load_rule_pack(bad)
    assert err.value.key == "rules.0" and str(bad) in str(err.value)
    with pytest.raises(SpecError):
        load_rule_pack(tmp_path / "missing.yaml")
