"""Publish free text with its findings replaced by placeholders (``<NAAM>``, ``<TELEFOON>`` …).

Meldingen descriptions are useful and mostly harmless, but residents write names and phone
numbers into them. Redaction is recall-first: a false positive costs a placeholder, a false
negative publishes a resident. So each unique value gets the scan's findings (same gate and
workers) *and* the findings of the shape recognizers (``recall.py``: phone numbers in any range,
postcode + number with any letters, names the gate's precise rules leave alone), name spans are
widened over a capitalised word right after them, and the text is rewritten with
presidio-anonymizer's ``replace`` operator. The caller must scan the result again before
publishing it.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

import pandas as pd
from presidio_anonymizer import AnonymizerEngine
from presidio_anonymizer.entities import OperatorConfig, RecognizerResult

from haarlem_opendata.pii.allow import AllowList
from haarlem_opendata.pii.entities import PLACEHOLDERS
from haarlem_opendata.pii.recall import recall_spans
from haarlem_opendata.pii.recognizers.nl.name_shape import extend_names
from haarlem_opendata.pii.scan import find_in_values
from haarlem_opendata.spec import PiiSpec

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
    values = list(values)
    out = list(values)
    for i, spans in enumerate(redaction_spans(values, spec, workers=workers, column=column)):
        if spans:
            results = [
                RecognizerResult(entity_type=e, start=s, end=t, score=1.0) for e, s, t in spans
            ]
            out[i] = (
                _anonymizer()
                .anonymize(text=values[i], analyzer_results=results, operators=_OPERATORS)
                .text
            )
    return out


def redaction_spans(
    values: Sequence[str],
    spec: PiiSpec | None = None,
    *,
    workers: int = 1,
    column: str | None = None,
) -> list[list[tuple[str, int, int]]]:
    """Per value the (entity type, start, end) stretches that redaction replaces: the scan's
    findings and the shape recognizers', names widened, overlaps merged."""
    spec = spec or PiiSpec()
    values = list(values)
    found = find_in_values(values, spec, workers, column)
    allow = AllowList(spec.allow_list)
    out = []
    for i, text in enumerate(values):
        spans = [(e, s, t) for e, s, t, _ in found.get(i, [])]
        spans += [
            (e, s, t) for e, s, t in recall_spans(text) if not allow.accepts(column, e, text[s:t])
        ]
        out.append(_merge(extend_names(text, spans)) if spans else [])
    return out


def _merge(spans: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """Overlapping spans as one, typed by the longest of them: the anonymizer then replaces
    each stretch of personal text exactly once."""
    merged: list[tuple[str, int, int, int]] = []  # entity, start, end, length of the typing span
    for entity, start, end in sorted(spans, key=lambda x: (x[1], -x[2])):
        if merged and start < merged[-1][2]:
            e, s, t, longest = merged[-1]
            if end - start > longest:
                e, longest = entity, end - start
            merged[-1] = (e, s, max(t, end), longest)
        else:
            merged.append((entity, start, end, end - start))
    return [(e, s, t) for e, s, t, _ in merged]


def redact_dataframe(
    df: pd.DataFrame, columns: Sequence[str], spec: PiiSpec | None = None, *, workers: int = 2
) -> pd.DataFrame:
    """A copy of ``df`` with findings in ``columns`` replaced by placeholders; other columns
    as they are."""
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
