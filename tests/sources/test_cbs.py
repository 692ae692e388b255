"""The CBS kerncijfers CSV adapter on the real Haarlem 2017 extract and on broken copies of it."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from haarlem_opendata.errors import InputError
from haarlem_opendata.sources.cbs import read_kwb_csv
from haarlem_opendata.spec import ColumnSpec

CBS_CSV = Path(__file__).resolve().parents[2] / "datasets" / "data" / "kwb2017_haarlem_GM0392.csv"


def col(name: str, source: str | None, type_: str) -> ColumnSpec:
    return ColumnSpec(name=name, source=source, type=type_, title="t", description="d")


DECLARED = [
    col("aantal_inwoners", "AantalInwoners_5", "integer"),
    col("gemiddelde_woningwaarde", "GemiddeldeWoningwaarde_35", "number"),
    col("wmo_totaal", None, "integer"),  # from another source: not required in the CBS file
]


@pytest.fixture(scope="module")
def kwb() -> pd.DataFrame:
    return read_kwb_csv(CBS_CSV, DECLARED)


def raw_lines() -> list[str]:
    return CBS_CSV.read_text(encoding="utf-8-sig").splitlines()


def write_variant(tmp_path: Path, lines: list[str], name: str = "kwb.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8"))
    return path


def replace_field(line: str, index: int, value: str) -> str:
    fields = line.split(",")
    fields[index] = value
    return ",".join(fields)


def test_bom_and_crlf_are_handled(kwb, tmp_path):
    assert b"\r\n" in CBS_CSV.read_bytes()
    with_bom = write_variant(tmp_path, raw_lines())
    assert with_bom.read_bytes().startswith(b"\xef\xbb\xbf")
    again = read_kwb_csv(with_bom, DECLARED)
    assert again.columns[0] == "ID"
    pd.testing.assert_frame_equal(again, kwb)


def test_padded_codes_and_names_are_stripped(kwb):
    assert kwb["WijkenEnBuurten"].iloc[0] == "GM0392"
    assert kwb["Gemeentenaam_1"].iloc[0] == "Haarlem"
    assert kwb["regio_code"].str.len().isin([6, 8, 10]).all()
    assert not kwb["regio_code"].str.contains(" ").any()


def test_regions_typed_by_code(kwb):
    assert kwb["soort_regio"].value_counts().to_dict() == {"buurt": 111, "wijk": 21, "gemeente": 1}
    buurt = kwb.set_index("regio_code").loc["BU03920207"]
    assert (buurt["soort_regio"], buurt["gemeente_code"], buurt["wijk_code"]) == (
        "buurt",
        "GM0392",
        "WK039202",
    )
    wijk = kwb.set_index("regio_code").loc["WK039202"]
    assert (wijk["gemeente_code"], wijk["wijk_code"]) == ("GM0392", "WK039202")
    gemeente = kwb.set_index("regio_code").loc["GM0392"]
    assert gemeente["gemeente_code"] == "GM0392" and pd.isna(gemeente["wijk_code"])


def test_dot_is_missing_never_zero(kwb):
    text_rows = raw_lines()[1:]
    header = [h.strip() for h in raw_lines()[0].split(",")]
    position = header.index("GemiddeldeWoningwaarde_35")
    dots = [i for i, line in enumerate(text_rows) if line.split(",")[position].strip() == "."]
    assert len(dots) > 10
    values = kwb["GemiddeldeWoningwaarde_35"]
    assert values.iloc[dots].isna().all()
    assert values.drop(index=dots).notna().all()
    # A real zero stays zero: BU03920207 has 0 in Marokko_19.
    assert kwb.set_index("regio_code").loc["BU03920207", "Marokko_19"] == 0


def test_declared_types_become_nullable_dtypes(kwb):
    assert kwb["AantalInwoners_5"].dtype == "Int64"
    assert kwb["GemiddeldeWoningwaarde_35"].dtype == "Float64"
    assert kwb.set_index("regio_code").loc["GM0392", "AantalInwoners_5"] == 159229
    # The gemeente row's IndelingswijzigingWijkenEnBuurten_4 is '.', the others numbers.
    assert kwb["IndelingswijzigingWijkenEnBuurten_4"].isna().sum() == 1


def test_renamed_column_names_expected_and_found(tmp_path):
    lines = raw_lines()
    lines[0] = lines[0].replace("AantalInwoners_5", "Inwoners_5")
    path = write_variant(tmp_path, lines)
    with pytest.raises(InputError) as err:
        read_kwb_csv(path, DECLARED)
    assert err.value.file == str(path)
    assert err.value.column == "AantalInwoners_5"
    assert "Inwoners_5" in str(err.value) and "found columns" in str(err.value)


def test_missing_code_column(tmp_path):
    lines = raw_lines()
    lines[0] = lines[0].replace("WijkenEnBuurten", "Regio")
    with pytest.raises(InputError) as err:
        read_kwb_csv(write_variant(tmp_path, lines))
    assert err.value.column == "WijkenEnBuurten"


def test_non_numeric_count_names_file_column_and_row(tmp_path):
    lines = raw_lines()
    header = lines[0].split(",")
    lines[5] = replace_field(lines[5], header.index("AantalInwoners_5"), "12a")
    path = write_variant(tmp_path, lines)
    with pytest.raises(InputError) as err:
        read_kwb_csv(path, DECLARED)
    assert (err.value.file, err.value.column, err.value.row) == (str(path), "AantalInwoners_5", 5)
    assert "12a" in str(err.value)  # CBS aggregates: showing the value is allowed


def test_fractional_integer_is_refused(tmp_path):
    lines = raw_lines()
    header = lines[0].split(",")
    lines[3] = replace_field(lines[3], header.index("AantalInwoners_5"), "12.5")
    with pytest.raises(InputError) as err:
        read_kwb_csv(write_variant(tmp_path, lines), DECLARED)
    assert (err.value.column, err.value.row) == ("AantalInwoners_5", 3)


@pytest.mark.parametrize(
    ("row", "code", "soort", "reason"),
    [
        (4, "XX03920103", "Buurt", "unknown region code"),
        (4, "BU039201", "Buurt", "unknown region code"),
        (2, "WK039901", "Wijk", "not under a gemeente"),
        (4, "BU03990103", "Buurt", "not under a gemeente"),
        (4, "BU03922203", "Buurt", "wijk row is missing"),
        (4, "BU03920103", "Wijk", "disagrees"),
    ],
)
def test_bad_region_codes(tmp_path, row, code, soort, reason):
    lines = raw_lines()
    lines[row] = replace_field(replace_field(lines[row], 1, f"{code:<10}"), 3, f"{soort:<10}")
    path = write_variant(tmp_path, lines)
    with pytest.raises(InputError) as err:
        read_kwb_csv(path)
    assert err.value.file == str(path)
    assert err.value.row == row
    assert err.value.column in ("WijkenEnBuurten", "SoortRegio_2")
    assert reason in str(err.value)


def test_buurt_without_its_wijk_row(tmp_path):
    lines = raw_lines()
    wijk_line = next(i for i, line in enumerate(lines) if line.split(",")[1].strip() == "WK039202")
    del lines[wijk_line]
    with pytest.raises(InputError) as err:
        read_kwb_csv(write_variant(tmp_path, lines))
    assert err.value.row == wijk_line  # the first buurt of that wijk moved up into its place
    assert "wijk row is missing" in str(err.value)


def test_duplicate_code(tmp_path):
    lines = raw_lines()
    lines.append(lines[3])
    with pytest.raises(InputError) as err:
        read_kwb_csv(write_variant(tmp_path, lines))
    assert err.value.row == len(lines) - 1 and "twice" in str(err.value)


@pytest.mark.parametrize("content", [b"", b"\xef\xbb\xbf", b"\xef\xbb\xbf\r\n"])
def test_empty_file(tmp_path, content):
    path = tmp_path / "empty.csv"
    path.write_bytes(content)
    with pytest.raises(InputError, match="empty") as err:
        read_kwb_csv(path)
    assert err.value.file == str(path)


def test_header_only(tmp_path):
    path = write_variant(tmp_path, raw_lines()[:1])
    with pytest.raises(InputError, match="no data rows"):
        read_kwb_csv(path)


def test_ragged_row(tmp_path):
    lines = raw_lines()
    lines[7] = lines[7] + ",1"
    with pytest.raises(InputError) as err:
        read_kwb_csv(write_variant(tmp_path, lines))
    assert err.value.row == 7
