"""A cheap gate in front of the analyzer: which entity types could each text hold at all?

The Presidio analyzer costs about half a millisecond per text; most meldingen text
("Boom omgevallen op de Zijlweg") holds nothing. The gate runs a handful of RE2 regexes over a
whole batch of texts at once (pyarrow.compute, linear time, no per-text Python) and returns,
per text, the entity types whose recognizers must look at it; the analyzer then runs only those.

Each gate is a superset of what its recognizer can report above a threshold of 0.4: shapes
whose base score is below that (a bare date, ``2011ab``, ``ab-12-cd``, ``AB12CD``) only pass when
one of the recognizer's context words occurs in the text, because only a context word can lift
them over the threshold; nine-digit numbers only pass when they satisfy the elfproef. For
names it mirrors the name rules: a cue word, initials, a lexicon given name, or two capitalised
words (with *tussenvoegsels* between) once streets, known places and sentence-initial ordinary
words are removed. For thresholds at or below 0.4 the scanner does not use the gate.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from haarlem_opendata.pii.lexicon import (
    all_street_suffixes,
    given_names,
    haarlem_streets,
    negative_phrases,
    ordinary_words,
    street_suffixes,
)
from haarlem_opendata.pii.recognizers.nl.bsn import elfproef

GATE_MIN_THRESHOLD = 0.4

_UP, _LO = "A-ZÀ-ÖØ-ÝĞİŞÇ", "a-zà-öø-ÿğışç"
_CAP = rf"[{_UP}][{_LO}'’]+"
_ARTICLES = "de|het|een|deze|die|dit|dat|onze|uw|hun"
_TV = r"(?:van|de|den|der|ter|ten|te|het|'t|in|op|uit|von|le|la|da|di|du|el|al|ben|bin|abou|abu|vd)"

# a kenteken has letters in one of its three groups
_KENTEKEN = (
    r"[A-Z]{1,3}-[A-Z0-9]{1,3}-[A-Z0-9]{1,3}|\d{1,3}-[A-Z]{1,3}-[A-Z0-9]{1,3}"
    r"|\d{1,3}-\d{1,3}-[A-Z]{1,3}"
)
# RE2 syntax (no look-around); every pattern errs on the side of letting a text through.
_SHAPES = {
    "EMAIL_ADDRESS": "@",
    "URL": r"(?i)https?:|www\.|\.[a-z]{2,6}\b",
    "PHONE_NUMBER": r"\+\s?\d|(?:^|\D)00\s?[1-9]|(?:^|\D)0(?:[\s\-()/.]*\d){8}",
    "IP_ADDRESS": r"\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}|[0-9a-fA-F]{1,4}:[0-9a-fA-F]{0,4}:",
    "IBAN_CODE": r"(?i)[a-z]{2}\d{2}\s?[a-z0-9]{4}",
    "NL_POSTCODE": r"[1-9]\d{3}\s?[A-Z]{2}",
    "NL_KENTEKEN": _KENTEKEN,
}
_BSN_SHAPE = (
    r"(?:^|\D)(?:\d{4}\.\d{2}\.\d{3}|\d{3}[ .]\d{3}[ .]\d{3}|\d{2}[ .]\d{3}[ .]\d{4}|\d{9})(?:\D|$)"
)  # RE2 has no look-around: a non-digit or an edge on both sides, as ``_BSN_PY`` below
_BSN_PY = re.compile(
    r"(?<!\d)(\d{4}\.\d{2}\.\d{3}|\d{3}[ .]\d{3}[ .]\d{3}|\d{2}[ .]\d{3}[ .]\d{4}|\d{9})(?!\d)"
)
# weak shapes: (shape, the recognizer whose context words must also occur)
_WEAK = {
    "NL_POSTCODE": r"[1-9]\d{3}[a-z]{2}",
    "NL_KENTEKEN": "(?i)" + _KENTEKEN + "|[A-Z0-9]{6}",
    "DATE_OF_BIRTH": r"(?i)\d{1,2}[-/.]\d{1,2}[-/.]\d{4}|\d{4}-\d{1,2}-\d{1,2}"
    r"|\d{1,2}\s+(?:jan|feb|mrt|maa|apr|mei|jun|jul|aug|sep|okt|nov|dec)",
}


@cache
def _context(entity: str) -> str:
    from haarlem_opendata.pii.recognizers.nl import (
        NlDateOfBirthRecognizer,
        NlKentekenRecognizer,
        NlPostcodeRecognizer,
    )

    words = {
        "DATE_OF_BIRTH": NlDateOfBirthRecognizer.CONTEXT,
        "NL_KENTEKEN": NlKentekenRecognizer.CONTEXT,
        "NL_POSTCODE": NlPostcodeRecognizer.CONTEXT,
    }[entity]
    return "(?i)" + "|".join(re.escape(w) for w in words)


def _alternation(words: Sequence[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@cache
def _address() -> str:
    suffixes = _alternation(all_street_suffixes())
    known = _alternation(haarlem_streets())
    return rf"(?:{known})\s+\d|[{_UP}][^\s\d]*(?:{suffixes})\s+\d|[1-9]\d{{3}}\s?[A-Z]{{2}},?\s+\d"


@cache
def _name_patterns() -> dict[str, str]:
    from haarlem_opendata.pii.recognizers.nl.person_name import _CUE_WORDS

    cues = _alternation(sorted(_CUE_WORDS) + ["naam is", "ik ben", "t.a.v"])
    given = _alternation(sorted(given_names()))
    streets = _alternation(street_suffixes())
    known = _alternation(sorted(negative_phrases()))
    ordinary = _alternation(sorted({w.capitalize() for w in ordinary_words() if w.isalpha()}))
    return {
        "cue": rf"(?i)\b(?:{cues})\b",
        "initials": rf"\b[{_UP}]\.\s?(?:[{_UP}]|{_TV}\s)",
        "given": rf"(?:^|[^\pL])(?:{given})(?:[^\pL]|$)",
        # removed before looking for given names and two capitalised words in a row:
        # known places, streets, capitalised words after an article ("bij de Burger King")
        "not_names": rf"(?i:{known})|(?:{_CAP}\s+){{0,2}}{_CAP}(?:{streets})\b"
        rf"|(?:^|[.,;:!?(]\s*|(?:^|[^\pL])\p{{Ll}}+\s+)(?:{_ARTICLES})\s+{_CAP}(?:\s+{_CAP})*",
        # ordinary capitalised words become "#" so "Roy van den Put" stays recognisable
        "ordinary": rf"\b(?:{ordinary})\b",
        "two_caps": rf"{_CAP}(?:\s+{_TV})*\s+{_CAP}",
        "tv_ordinary": rf"{_CAP}(?:\s+{_TV})+\s+#",
    }


def _match(arr: pa.Array, pattern: str) -> np.ndarray:
    return pc.match_substring_regex(arr, pattern).to_numpy(zero_copy_only=False)


def _names(arr: pa.Array) -> np.ndarray:
    p = _name_patterns()
    mask = _match(arr, p["cue"]) | _match(arr, p["initials"])
    stripped = pc.replace_substring_regex(arr, p["not_names"], " ")
    stripped = pc.replace_substring_regex(stripped, p["ordinary"], "#")
    for key in ("given", "two_caps", "tv_ordinary"):
        mask |= _match(stripped, p[key])
    return mask


def _bsn(texts: Sequence[str], arr: pa.Array) -> np.ndarray:
    mask = _match(arr, _BSN_SHAPE)
    for i in np.flatnonzero(mask):
        mask[i] = any(elfproef(re.sub(r"[ .]", "", m)) for m in _BSN_PY.findall(texts[i]))
    return mask


def candidate_entities(texts: Sequence[str]) -> list[list[str]]:
    """Per text, the entity types whose recognizers must look at it (empty: skip the analyzer)."""
    if not texts:
        return []
    arr = pa.array(texts, type=pa.large_string())
    masks = {entity: _match(arr, shape) for entity, shape in _SHAPES.items()}
    for entity, shape in _WEAK.items():
        weak = _match(arr, shape) & _match(arr, _context(entity))
        masks[entity] = masks[entity] | weak if entity in masks else weak
    masks["NL_BSN"] = _bsn(texts, arr)
    masks["NL_ADDRESS"] = _match(arr, _address())
    masks["PERSON"] = _names(arr)
    entities = list(masks)
    rows = np.column_stack([masks[e] for e in entities]).tolist()
    return [[e for e, hit in zip(entities, row, strict=True) if hit] for row in rows]


def may_contain_pii(text: str) -> bool:
    return bool(candidate_entities([text])[0])
