"""Publish free text with its findings replaced by placeholders (``<NAAM>``, ``<TELEFOON>`` …).

Meldingen descriptions are useful and mostly harmless, but residents write names and phone
numbers into them. Each unique value is analysed once (same gate and workers as the scan) and
rewritten with presidio-anonymizer's ``replace`` operator; the caller must scan the result again
before publishing it.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

import pandas as pd
from presidio_anonymizer import AnonymizerEngine
from presidio_anonymizer.entities import OperatorConfig, RecognizerResult

from haarlem_opendata.pii.config import PiiSpec
from haarlem_opendata.pii.scan import find_in_values

PLACEHOLDERS = {
    "PERSON": "<NAAM>",
    "PHONE_NUMBER": "<TELEFOON>",
    "EMAIL_ADDRESS": "<EMAIL>",
    "NL_BSN": "<BSN>",
    "NL_POSTCODE": "<POSTCODE>",
    "NL_ADDRESS": "<ADRES>",
    "NL_KENTEKEN": "<KENTEKEN>",
    "IBAN_CODE": "<IBAN>",
    "URL": "<URL>",
    "IP_ADDRESS": "<IP>",
    "DATE_OF_BIRTH": "<GEBOORTEDATUM>",
}
_OPERATORS = {e: OperatorConfig("replace", {"new_value": p}) for e, p in PLACEHOLDERS.items()}
_OPERATORS["DEFAULT"] = OperatorConfig("replace", {"new_value": "<PERSOONSGEGEVEN>"})


@cache
def _anonymizer() -> AnonymizerEngine:
    return AnonymizerEngine()


def redact_values(
    values: Sequence[str],
    spec: PiiSpec | None = None,
    *,
    workers: int = 1,
    column: str | None = None,
) -> list[str]:
    """``values`` with every finding the allow-list does not accept replaced by its placeholder
    (``column``: where the values come from, for allow-list entries that name one)."""
    spec = spec or PiiSpec()
    values = list(values)
    found = find_in_values(values, spec, workers, column)
    out = list(values)
    for i, hits in found.items():
        results = [
            RecognizerResult(entity_type=e, start=s, end=t, score=sc) for e, s, t, sc in hits
        ]
        out[i] = (
            _anonymizer()
            .anonymize(text=values[i], analyzer_results=results, operators=_OPERATORS)
            .text
        )
    return out


def redact_dataframe(
    df: pd.DataFrame, columns: Sequence[str], spec: PiiSpec | None = None, *, workers: int = 2
) -> pd.DataFrame:
    """A copy of ``df`` with findings in ``columns`` replaced by placeholders; other columns as-is."""
    spec = spec or PiiSpec()
    out = df.copy()
    for col in columns:
        series = out[col]
        present = series.notna()
        texts = series[present].astype(str)
        codes, uniques = pd.factorize(texts, sort=False)
        redacted = redact_values([str(u) for u in uniques], spec, workers=workers, column=str(col))
        new = pd.Series(pd.array(redacted, dtype=object)[codes], index=texts.index)
        out[col] = series.astype(object)
        out.loc[present, col] = new
    return out
