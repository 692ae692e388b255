"""Measure redaction, not only detection: what share of planted PII is gone after redaction?

For each template family (A: ``pii_corpus``, B: ``pii_corpus_b``, phrased differently and not
tuned on) the texts go through ``redaction_spans`` exactly as ``redact_values`` would redact them.
Per entity type it reports the share of planted spans that **survive** (any identifying part
still readable in the redacted text: the value itself, five digits of it in a row, a name word,
an e-mail's local part), the detection recall (a span of the right type overlapping it) and, over
all redactions, the precision; on the hard negatives (texts with nothing planted) the share of
texts that lost anything to a placeholder and which types did it.

Run through ``pii_accuracy.py`` (which scans with a lexicon lacking the planted names).
"""

from __future__ import annotations

import re
import time
from collections import Counter

from benchmarks import pii_corpus, pii_corpus_b
from benchmarks.pii_hard_negatives import HARD_NEGATIVES
from haarlem_opendata.pii.redact import redaction_spans
from haarlem_opendata.spec import PiiSpec

_TV = {"van", "de", "der", "den", "ter", "ten", "te", "in", "'t", "el", "al", "le", "la", "da"}
SURVIVAL_TARGET = {"PERSON": 0.005}  # every other type: 0
FAMILIES = {"A": pii_corpus.make_corpus, "B": pii_corpus_b.make_corpus}


_WINDOW = 5  # five digits of a number in a row still identify it
_NUMBER_RUN = re.compile(r"\d(?:[\d\s.()/-]{0,3}\d)*")


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def _count_word(word: str, text: str) -> int:
    return len(re.findall(rf"(?<!\w){re.escape(word)}(?!\w)", text))


def survives(entity: str, value: str, redacted: str, elsewhere: str = "") -> bool:
    """Whether any identifying part of a planted ``value`` is still readable in ``redacted``
    (``elsewhere``: the original text without the planted span, whose own words do not count:
    "Boom 1882 staat scheef" does not leak the planted surname *Boom*)."""
    if value in redacted and value not in elsewhere:
        return True
    if entity == "PERSON":
        words = [w.strip(".,()") for w in value.split()]
        return any(
            len(w) > 1
            and w.lower() not in _TV
            and _count_word(w, redacted) > _count_word(w, elsewhere)
            for w in words
        )
    if entity == "EMAIL_ADDRESS":
        return value.split("@")[0] in redacted
    digits = _digits(value)
    if len(digits) < _WINDOW:
        return False
    # numbers still in the text, separators inside them dropped ("06 12 34" → "061234"), and
    # not already in the text around the planted span (a date that shares digits)
    numbers = [_digits(m.group()) for m in _NUMBER_RUN.finditer(redacted)]
    around = [_digits(m.group()) for m in _NUMBER_RUN.finditer(elsewhere)]
    windows = {digits[i : i + _WINDOW] for i in range(len(digits) - _WINDOW + 1)}
    return any(w in n for n in numbers for w in windows) and not all(
        any(w in n for n in around) for w in windows if any(w in m for m in numbers)
    )


def _redact(text: str, spans: list[tuple[str, int, int]]) -> str:
    for _, start, end in sorted(spans, key=lambda s: -s[1]):
        text = text[:start] + "<X>" + text[end:]
    return text


def evaluate_family(
    family: str, n_rows: int, seed: int, workers: int = 2, errors: bool = False
) -> dict:
    df, truth = FAMILIES[family](n_rows, seed=seed)
    texts = df["omschrijving"].tolist()
    t0 = time.perf_counter()
    found = redaction_spans(texts, PiiSpec(), workers=workers, column="omschrijving")
    seconds = time.perf_counter() - t0
    planted, survived, detected = Counter(), Counter(), Counter()
    predicted, correct = Counter(), Counter()
    negatives = negatives_touched = 0
    negative_types: Counter = Counter()
    examples: list = []
    for text, spans, hits in zip(texts, truth, found, strict=True):
        redacted = _redact(text, hits)
        for entity, start, end in spans:
            planted[entity] += 1
            if survives(entity, text[start:end], redacted, text[:start] + " " + text[end:]):
                survived[entity] += 1
                if errors and len(examples) < 40:
                    examples.append(("survived", entity, text[start:end], redacted))
            if any(e == entity and s < end and start < t for e, s, t in hits):
                detected[entity] += 1
        for entity, s, t in hits:
            predicted[entity] += 1
            if any(s < end and start < t for _, start, end in spans):
                correct[entity] += 1
            elif errors and len(examples) < 80:
                examples.append(("false positive", entity, text[s:t], text))
        if not spans:
            negatives += 1
            if hits:
                negatives_touched += 1
                negative_types.update({e for e, _, _ in hits})
    per_type = {
        entity: {
            "planted": planted[entity],
            "surviving_share": round(survived[entity] / planted[entity], 4),
            "surviving_target": SURVIVAL_TARGET.get(entity, 0.0),
            "detection_recall": round(detected[entity] / planted[entity], 4),
            "precision": round(correct[entity] / predicted[entity], 4)
            if predicted[entity]
            else None,
        }
        for entity in sorted(planted)
    }
    result = {
        "family": family,
        "rows": n_rows,
        "seed": seed,
        "seconds": round(seconds, 2),
        "per_type": per_type,
        "hard_negatives": {
            "texts": negatives,
            "texts_with_any_placeholder": negatives_touched,
            "share": round(negatives_touched / negatives, 4) if negatives else None,
            "by_type": dict(negative_types),
        },
        "targets_met": all(
            v["surviving_share"] <= v["surviving_target"] for v in per_type.values()
        ),
    }
    if errors:
        result["_examples"] = examples
    return result


def evaluate_hard_negatives() -> dict:
    """Placeholders put into the hand-written hard negatives (each one a false positive)."""
    found = redaction_spans(HARD_NEGATIVES, PiiSpec(), workers=1, column="omschrijving")
    touched = [
        {"text_index": i, "types": sorted({e for e, _, _ in spans})}
        for i, spans in enumerate(found)
        if spans
    ]
    return {
        "texts": len(HARD_NEGATIVES),
        "texts_with_any_placeholder": len(touched),
        "precision_per_text": round(1 - len(touched) / len(HARD_NEGATIVES), 4),
        "touched": touched,
    }


def evaluate(n_rows: int, seed_a: int, seed_b: int, workers: int = 2) -> dict:
    families = {
        "A": evaluate_family("A", n_rows, seed_a, workers),
        "B": evaluate_family("B", n_rows, seed_b, workers),
    }
    return {
        "families": families,
        "hand_written_hard_negatives": evaluate_hard_negatives(),
        "all_targets_met": all(f["targets_met"] for f in families.values()),
    }
