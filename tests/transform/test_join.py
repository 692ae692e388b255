"""Left join of sources on a key."""

from __future__ import annotations

import pandas as pd
import pytest

from haarlem_opendata.errors import InputError
from haarlem_opendata.spec import JoinTransform
from haarlem_opendata.transform import apply_transform

JOIN = JoinTransform(kind="join", left="cbs", right=["sociaal"], key="regio_code")


def frame(data: dict, file: str) -> pd.DataFrame:
    df = pd.DataFrame(data)
    df.attrs["source_file"] = file
    return df


def test_left_join_keeps_left_rows_and_order():
    cbs = frame({"regio_code": ["GM1", "WK1", "BU1"], "inwoners": [30, 20, 10]}, "kwb.csv")
    sociaal = frame(
        {"regio_code": ["BU1", "GM1"], "wmo": pd.array([1, 3], dtype="Int64")}, "sd.parquet"
    )
    out = apply_transform(JOIN, {"cbs": cbs, "sociaal": sociaal})
    assert list(out["regio_code"]) == ["GM1", "WK1", "BU1"]
    assert out["wmo"].tolist()[0] == 3 and pd.isna(out["wmo"].iloc[1]) and out["wmo"].iloc[2] == 1


def test_duplicate_key_on_the_right_is_refused():
    cbs = frame({"regio_code": ["BU1"]}, "kwb.csv")
    sociaal = frame({"regio_code": ["BU1", "BU1"], "wmo": [1, 2]}, "sd.parquet")
    with pytest.raises(InputError) as err:
        apply_transform(JOIN, {"cbs": cbs, "sociaal": sociaal})
    assert (err.value.file, err.value.column, err.value.row) == ("sd.parquet", "regio_code", 2)


def test_missing_key_names_the_file():
    cbs = frame({"regio_code": ["BU1"]}, "kwb.csv")
    sociaal = frame({"code": ["BU1"]}, "sd.parquet")
    with pytest.raises(InputError) as err:
        apply_transform(JOIN, {"cbs": cbs, "sociaal": sociaal})
    assert err.value.file == "sd.parquet" and "code" in str(err.value)
