"""CBS Kerncijfers wijken en buurten: read the CSV export and clean CBS's quirks once, here.

CBS pads codes and names with spaces, starts the file with a byte-order mark, ends lines with
CRLF and writes ``.`` for a value that is secret or unknown. A ``.`` is *missing*, never zero:
reading it as 0 would publish a fake count. Regions are typed by their code (GM/WK/BU) and the
code hierarchy is checked, because every later stage (joins, suppression per wijk) relies on it.
The same cleaning serves the OData adapter, since CBS pads its JSON values too.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pandas as pd

from haarlem_opendata.errors import InputError
from haarlem_opendata.spec import ColumnSpec, ColumnType

CODE_COLUMN = "WijkenEnBuurten"
SOORT_COLUMN = "SoortRegio_2"
REQUIRED_COLUMNS = (CODE_COLUMN, SOORT_COLUMN)
# CBS text columns in the kerncijfers tables; every other column is a number.
TEXT_COLUMNS = frozenset(
    {CODE_COLUMN, "Gemeentenaam_1", SOORT_COLUMN, "Codering_3", "MeestVoorkomendePostcode_103"}
)
# CBS measure keys are CamelCase with a position suffix (``AantalInwoners_5``): a declared
# source name of that shape must come from the CBS table.
CBS_KEY = re.compile(r"^[A-Za-z][A-Za-z0-9_]*[A-Z][A-Za-z0-9]*_\d+$")
MISSING = "."
REGION_TYPES = {"GM": "gemeente", "WK": "wijk", "BU": "buurt"}
DERIVED_COLUMNS = ("regio_code", "soort_regio", "gemeente_code", "wijk_code")
_CODE = {
    "GM": re.compile(r"^GM(\d{4})$"),
    "WK": re.compile(r"^WK(\d{4})(\d{2})$"),
    "BU": re.compile(r"^BU(\d{4})(\d{2})(\d{2})$"),
}


def read_kwb_csv(
    path: str | Path, columns: list[ColumnSpec] | None = None, gemeente: str | None = None
) -> pd.DataFrame:
    """Read a CBS kerncijfers CSV export into a cleaned, typed table (see :func:`clean_kwb`).

    With ``gemeente`` (``GM0392``) only that gemeente's rows are kept, before cleaning: a national
    file also holds the country row and gemeenten CBS lists without data.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError(path, "file not found") from None
    except UnicodeDecodeError as exc:
        raise InputError(path, f"not UTF-8 text (byte {exc.start})") from None
    if not text.strip():
        raise InputError(path, "the file is empty")
    rows = list(csv.reader(text.splitlines()))
    header = [h.strip() for h in rows[0]]
    body = rows[1:]
    if not body:
        raise InputError(path, "the file has a header but no data rows")
    for number, row in enumerate(body, start=1):
        if len(row) != len(header):
            raise InputError(path, f"expected {len(header)} fields, found {len(row)}", row=number)
    raw = pd.DataFrame(body, columns=header, dtype=object)
    if gemeente is None:
        return clean_kwb(raw, path, columns)
    if CODE_COLUMN not in raw.columns:
        raise InputError(path, f"expected column {CODE_COLUMN!r} is missing", column=CODE_COLUMN)
    keep = in_gemeente(raw[CODE_COLUMN], gemeente).to_numpy()
    if not keep.any():
        raise InputError(path, f"no rows for gemeente {gemeente}", column=CODE_COLUMN)
    file_rows = (keep.nonzero()[0] + 1).tolist()
    try:
        return clean_kwb(raw[keep].reset_index(drop=True), path, columns)
    except InputError as error:
        if error.row is None:
            raise
        raise error.at_row(file_rows[error.row - 1]) from None


def read_kwb_gemeenten(path: str | Path, gemeenten: list[str]) -> dict[str, pd.DataFrame]:
    """A national CBS file cut into one cleaned table per gemeente, parsing the file once."""
    path = Path(path)
    rows = list(csv.reader(path.read_text(encoding="utf-8-sig").splitlines()))
    raw = pd.DataFrame(rows[1:], columns=[h.strip() for h in rows[0]], dtype=object)
    return {
        code: clean_kwb(
            raw[in_gemeente(raw[CODE_COLUMN], code).to_numpy()].reset_index(drop=True), path
        )
        for code in gemeenten
    }


def in_gemeente(codes: pd.Series, gemeente: str) -> pd.Series:
    """Which region codes carry ``gemeente``'s number (``GM0392``, ``WK039201``, ``BU03920101``).

    By position, not by a full match: a row whose code is damaged around the number still
    belongs to the gemeente, and cleaning then names it as a bad code instead of dropping it.
    """
    stripped = codes.astype("string").str.strip()
    return stripped.str.slice(2, 6).eq(gemeente.removeprefix("GM")).fillna(False).astype(bool)


def clean_kwb(
    raw: pd.DataFrame, file: str | Path, columns: list[ColumnSpec] | None = None
) -> pd.DataFrame:
    """Strip padding, read ``.``/null as NA, type the columns and add the region hierarchy.

    ``raw`` holds strings (CSV) or JSON values (OData); row numbers in errors are 1-based data
    rows. Declared ``columns`` whose source name is a CBS key must be present, and their declared
    type is enforced; undeclared numeric columns become Int64 or Float64.
    """
    declared = {c.source_name: c for c in (columns or [])}
    expected = [*REQUIRED_COLUMNS, *(n for n in declared if CBS_KEY.match(n))]
    found = list(raw.columns)
    for name in expected:
        if name not in found:
            raise InputError(
                file,
                f"expected column {name!r} is missing; found columns: {', '.join(found)}",
                column=name,
            )
    df = pd.DataFrame(index=pd.RangeIndex(len(raw)))
    for name in found:
        cells = raw[name].map(_clean_cell)
        spec = declared.get(name)
        if spec is not None:
            df[name] = _typed(cells, spec.type, file, name)
        elif name in TEXT_COLUMNS:
            df[name] = cells.astype("string")
        else:
            df[name] = _numeric_or_text(cells)
    return _add_regions(df, file)


def _clean_cell(value: object) -> object:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return pd.NA
    if isinstance(value, str):
        value = value.strip()
        if value in ("", MISSING):
            return pd.NA
    return value


def _typed(cells: pd.Series, kind: ColumnType, file: str | Path, column: str) -> pd.Series:
    if kind is ColumnType.string:
        return cells.astype("string")
    if kind in (ColumnType.integer, ColumnType.number):
        numbers = pd.to_numeric(cells, errors="coerce")
        bad = numbers.isna() & cells.notna()
        if bad.any():
            row = int(bad.to_numpy().nonzero()[0][0])
            # CBS publishes aggregates only, so showing the offending value is safe here.
            raise InputError(
                file, "not a number", column=column, row=row + 1, shown_value=str(cells.iloc[row])
            )
        if kind is ColumnType.number:
            return numbers.astype("Float64")
        fraction = numbers.notna() & (numbers != numbers.round())
        if fraction.any():
            row = int(fraction.to_numpy().nonzero()[0][0])
            raise InputError(
                file,
                "not a whole number",
                column=column,
                row=row + 1,
                shown_value=str(cells.iloc[row]),
            )
        return numbers.astype("Float64").astype("Int64")
    if kind is ColumnType.boolean:
        return cells.astype("boolean")
    if kind in (ColumnType.date, ColumnType.datetime):
        return pd.to_datetime(cells, errors="raise")
    return cells


def _numeric_or_text(cells: pd.Series) -> pd.Series:
    numbers = pd.to_numeric(cells, errors="coerce")
    if (numbers.isna() & cells.notna()).any():
        return cells.astype("string")
    numbers = numbers.astype("Float64")
    if (numbers.dropna() == numbers.dropna().round()).all():
        return numbers.astype("Int64")
    return numbers


def _add_regions(df: pd.DataFrame, file: str | Path) -> pd.DataFrame:
    codes = df[CODE_COLUMN]
    soort, gemeente, wijk = [], [], []
    for i, code in enumerate(codes, start=1):
        code = "" if pd.isna(code) else str(code)
        prefix = code[:2]
        match = _CODE[prefix].match(code) if prefix in _CODE else None
        if match is None:
            raise InputError(
                file,
                "unknown region code: not a CBS GM/WK/BU code",
                column=CODE_COLUMN,
                row=i,
                shown_value=code,
            )
        kind = REGION_TYPES[prefix]
        stated = df[SOORT_COLUMN].iloc[i - 1]
        if pd.isna(stated) or str(stated).strip().lower() != kind:
            raise InputError(
                file,
                f"region code says {kind!r} but {SOORT_COLUMN} disagrees",
                column=SOORT_COLUMN,
                row=i,
                shown_value=None if pd.isna(stated) else str(stated),
            )
        digits = match.groups()
        soort.append(kind)
        gemeente.append(f"GM{digits[0]}")
        wijk.append(
            f"WK{digits[0]}{digits[1]}" if prefix == "BU" else (code if prefix == "WK" else None)
        )
    out = df.copy()
    out["regio_code"] = codes.astype("string")
    out["soort_regio"] = pd.Series(soort, dtype="string")
    out["gemeente_code"] = pd.Series(gemeente, dtype="string")
    out["wijk_code"] = pd.Series(wijk, dtype="string")
    _check_hierarchy(out, file)
    return out


def _check_hierarchy(df: pd.DataFrame, file: str | Path) -> None:
    """Every code once; every wijk under a gemeente in the file, every buurt under a wijk row."""
    seen: set[str] = set()
    for i, code in enumerate(df["regio_code"], start=1):
        if code in seen:
            raise InputError(
                file, "region code occurs twice", column=CODE_COLUMN, row=i, shown_value=code
            )
        seen.add(code)
    gemeenten = set(df.loc[df["soort_regio"] == "gemeente", "regio_code"])
    wijken = set(df.loc[df["soort_regio"] == "wijk", "regio_code"])
    for i, (kind, code, gm, wk) in enumerate(
        zip(df["soort_regio"], df["regio_code"], df["gemeente_code"], df["wijk_code"], strict=True),
        start=1,
    ):
        if kind != "gemeente" and gm not in gemeenten:
            raise InputError(
                file,
                f"{kind} code is not under a gemeente in this file",
                column=CODE_COLUMN,
                row=i,
                shown_value=code,
            )
        if kind == "buurt" and wk not in wijken:
            raise InputError(
                file,
                "buurt whose wijk row is missing from this file",
                column=CODE_COLUMN,
                row=i,
                shown_value=code,
            )
