"""Column classification for the scan: which cells to analyse, and whether a column *is* PII.

Why a module of its own: these rules look at a column's dtype, header and a sample of its values,
never at the analyzer or the worker pool. A column of names, e-mail addresses, phone numbers …
is judged as a whole from its header (with the cell shape from ``entities``) and a sample;
number and timestamp columns are factorised without formatting every value, and only whole
numbers long enough for a BSN or a phone number are worth analysing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import pandas as pd

from haarlem_opendata.pii.entities import DEFINITIONS

SAMPLE_SIZE = 200
WHOLE_COLUMN_SHARE = 0.8
NAME_EVIDENCE_SHARE = 0.3

# Header words that say what a column holds (split on _ - space, lower-cased), and the shape of
# each cell of such a column; in the order a header is matched.
_HEADER_ENTITIES = {d.type: d.header_words for d in DEFINITIONS if d.header_words}
_SHAPES = {d.type: d.column_shape for d in DEFINITIONS if d.column_shape is not None}


def _header_entity(column: str) -> str | None:
    words = set(re.split(r"[\s_\-.]+", str(column).lower())) | {str(column).lower()}
    for entity, names in _HEADER_ENTITIES.items():
        if words & names:
            return entity
    return None


def _worth_analysing(series: pd.Series, uniques: pd.Index | np.ndarray) -> np.ndarray:
    """Indices of the unique values the analyzer must see.

    Timestamps, booleans and fractional numbers cannot hold a name or an identifying number, and
    a whole number below 10^8 is too short for a BSN or a phone number (both need nine digits
    or more): only their header is judged.
    """
    if pd.api.types.is_datetime64_any_dtype(series) or pd.api.types.is_bool_dtype(series):
        return np.zeros(0, dtype=np.int64)
    if pd.api.types.is_numeric_dtype(series):
        numbers = np.asarray(uniques, dtype="float64")
        whole = numbers == np.floor(numbers)
        return np.flatnonzero(whole & (np.abs(numbers) >= 1e8))
    return np.arange(len(uniques))


def _is_text(series: pd.Series) -> bool:
    return not (
        pd.api.types.is_numeric_dtype(series)
        or pd.api.types.is_datetime64_any_dtype(series)
        or pd.api.types.is_timedelta64_dtype(series)
    )


def _text_of(value: object) -> str:
    # a whole number read as float (123456782.0) must be seen as 123456782
    if isinstance(value, float | np.floating):
        number = float(value)
        if number.is_integer() and abs(number) < 1e18:
            return str(int(number))
    return str(value)


class _UniqueValues(Sequence[str]):
    """The unique values of a number or timestamp column, as text only when looked at.

    Only a sample, the examples and the rare whole numbers of nine digits or more are ever
    read, so a million timestamps are never all formatted.
    """

    def __init__(self, uniques: pd.Index) -> None:
        self._uniques = uniques

    def __len__(self) -> int:
        return len(self._uniques)

    def __getitem__(self, i: int) -> str:  # type: ignore[override]
        return _text_of(self._uniques[i])


def _factorize(series: pd.Series) -> tuple[np.ndarray, Sequence[str], pd.Index]:
    """Codes of the non-missing cells, their unique values as text, and the raw uniques."""
    values = series.dropna()
    if _is_text(series):
        codes, uniques = pd.factorize(values.astype(str), sort=False)
        return codes, [str(u) for u in uniques], uniques
    codes, uniques = pd.factorize(values, sort=False)
    return codes, _UniqueValues(uniques), uniques


def _person_evidence(sample: pd.Series) -> float:
    """Share of values holding a given name or surname from the lexicon (or initials)."""
    from haarlem_opendata.pii.lexicon import given_names, surnames

    names = given_names() | surnames()

    def has_name(value: str) -> bool:
        words = re.findall(r"[\w'’-]+\.?", value)
        return any(w in names or re.fullmatch(r"[A-Z]\.", w) for w in words)

    return float(sample.map(has_name).mean())


def _whole_column_entity(
    column: str, texts: pd.Series, sample_hits: dict[str, int], sampled: int
) -> str | None:
    """The entity a column consists of, judged from its header and a sample of its values."""
    if sampled == 0:
        return None
    sample = texts.iloc[:SAMPLE_SIZE]
    header = _header_entity(column)
    if header is not None:
        shaped = sample.str.strip().str.match(_SHAPES[header]).mean()
        # "gemaal_naam", "buurt_naam": a name-shaped header alone is not enough for persons
        evidence = header != "PERSON" or _person_evidence(sample) >= NAME_EVIDENCE_SHARE
        if shaped >= WHOLE_COLUMN_SHARE and evidence:
            return header
    for entity, n in sample_hits.items():
        if n / sampled >= WHOLE_COLUMN_SHARE:
            return entity
    return None
