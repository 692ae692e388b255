"""A cheap gate in front of the analyzer: which entity types could each text hold at all?

The Presidio analyzer costs about 0.15 ms per text; most meldingen text ("Boom omgevallen op de
Zijlweg") holds nothing. The gate runs RE2 regexes over the whole batch of texts at once
(pyarrow.compute: linear time, no Python per text) and returns the texts the analyzer must
see, each with the entity types whose recognizers must look at it. One coarse pattern (every
non-name gate at once) first sets aside the texts that need no more work; the per-entity
patterns and the vectorised elfproef then run on the rest only.

Each gate is meant to be a superset of what its recognizer can report above a threshold of
0.4, so the scan finds exactly what the plain analyzer finds (``tests/pii/test_fast_paths.py``
checks this on the seeded corpus). Shapes whose base score is below that (a bare date,
``2011ab``, ``ab-12-cd``, ``AB12CD``) only pass with one of the recognizer's context words in
the text, because only a context word can lift them over the threshold; nine-digit numbers
only pass when they satisfy the elfproef; phone numbers pass in every shape python-phonenumbers
accepts for NL. For names it mirrors the name rules: a cue word, initials, a lexicon given
name, or two capitalised words (with *tussenvoegsels* between) once known places and the
capitalised word after an article are removed. At or below a threshold of 0.4 the scanner does
not use the gate.
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
)
from haarlem_opendata.pii.recognizers.nl.bsn import ELFPROEF_WEIGHTS
from haarlem_opendata.pii.recognizers.nl.person_name import _CUE_WORDS, _LO, _TV_WORDS, _UP

GATE_MIN_THRESHOLD = 0.4

_CAP = rf"[{_UP}][{_LO}'’]+"
_ARTICLES = "de|het|een|deze|die|dit|dat|onze|uw|hun"
# RE2's \b knows only ASCII letters ("De" would be a word in "Değer"); a name word may also
# hold an apostrophe or a hyphen, so these are not word edges either.
_WORD_EDGE = r"(?:^|[^\pL'’-])"
_WORD_END = r"(?:[^\pL'’-]|$)"

# a kenteken has letters in one of its three groups
_KENTEKEN = (
    r"[A-Z]{1,3}-[A-Z0-9]{1,3}-[A-Z0-9]{1,3}|\d{1,3}-[A-Z]{1,3}-[A-Z0-9]{1,3}"
    r"|\d{1,3}-\d{1,3}-[A-Z]{1,3}"
)
# RE2 syntax (no look-around); every pattern errs on the side of letting a text through.
_SHAPES = {
    "EMAIL_ADDRESS": "@",
    "URL": r"(?i)https?:|www\.|\.[a-z]{2,6}\b",
    # what phonenumbers accepts for region NL: a trunk 0 and five or more digits (0800-1234,
    # 06-12345678, 0031…), +, 31 and nine digits, or a municipal 14 0xx number, with any
    # separators in between
    "PHONE_NUMBER": r"\+\s?\d|(?:^|\D)0(?:\D{0,3}\d){5}|(?:^|\D)31(?:\D{0,3}\d){9}"
    r"|(?:^|\D)1\D{0,3}4\D{0,3}0(?:\D{0,3}\d){2}",
    "IP_ADDRESS": r"\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}|[0-9a-fA-F]{1,4}:[0-9a-fA-F]{0,4}:",
    "IBAN_CODE": r"(?i)[a-z]{2}\d{2}\s?[a-z0-9]{4}",
    "NL_POSTCODE": r"[1-9]\d{3}\s?[A-Z]{2}",
    "NL_KENTEKEN": _KENTEKEN,
}
# RE2 has no look-around: a non-digit or an edge on both sides of the number
_BSN_NUMBER = (
    r"(?:^|\D)(?P<n>\d{4}\.\d{2}\.\d{3}|\d{3}[ .]\d{3}[ .]\d{3}|\d{2}[ .]\d{3}[ .]\d{4}|\d{9})"
    r"(?:\D|$)"
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
    cues = _alternation(sorted(_CUE_WORDS) + ["naam", "naam is", "ik ben", "t.a.v", "m.v.g"])
    given = _alternation(sorted(given_names()))
    known = _alternation(sorted(negative_phrases()))
    ordinary = _alternation(sorted({w.capitalize() for w in ordinary_words() if w.isalpha()}))
    tv = rf"(?i:{_TV_WORDS})"
    return {
        "cue": rf"(?i)\b(?:{cues})\b",
        "initials": rf"(?:^|[^\pL])[{_UP}]\.\s?(?:[{_UP}]|{tv}\s)",
        "given": rf"(?:^|[^\pL])(?:{given})(?:[^\pL]|$)",
        # Removed before looking for given names and two capitalised words in a row, as the
        # recognizer never reports them: known places and organisations, and the capitalised
        # word right after an article ("bij de Burger King").
        "not_names": rf"{_WORD_EDGE}(?i:{known}){_WORD_END}"
        rf"|(?:^|[.,;:!?(]\s*|(?:^|[^\pL])\p{{Ll}}+\s+)(?:{_ARTICLES})\s+{_CAP}",
        # ordinary capitalised words become "#" so "Roy van den Put" stays recognisable
        "ordinary": rf"({_WORD_EDGE})(?:{ordinary})({_WORD_END})",
        "two_caps": rf"{_CAP}(?:\s+{tv})*\s+{_CAP}",
        "tv_ordinary": rf"{_CAP}(?:\s+{tv})+\s+#",
    }


def _match(arr: pa.Array, pattern: str) -> np.ndarray:
    return pc.match_substring_regex(arr, pattern).to_numpy(zero_copy_only=False)


def _any_of(patterns: Sequence[str]) -> str:
    # each in its own group, so a leading (?i) stays inside it
    return "|".join(f"(?:{p})" for p in patterns)


@cache
def _coarse() -> str:
    """One pattern that every non-name gate below implies: texts it misses need no more work.

    A weak shape passes only together with a context word, so the context word stands for it
    here (``[A-Z0-9]{6}`` alone would let nearly every text through).
    """
    contexts = [_context(entity) for entity in _WEAK]
    return _any_of([*_SHAPES.values(), *contexts, _BSN_NUMBER, _address()])


def _names(arr: pa.Array) -> np.ndarray:
    p = _name_patterns()
    mask = _match(arr, _any_of([p["cue"], p["initials"]]))
    stripped = pc.replace_substring_regex(arr, p["not_names"], " ")
    # Turning ordinary words into "#" only removes matches, and "Naam van Groen" is two
    # capitalised words before it: so only texts matching before it need that pass.
    maybe = np.flatnonzero(_match(stripped, _any_of([p["given"], p["two_caps"]])))
    # A removed phrase takes the character after it along, so of two adjacent phrases
    # ("hoek Zijlweg/Frans Halsstraat") the second goes in a second pass.
    stripped = pc.replace_substring_regex(stripped.take(pa.array(maybe)), p["not_names"], " ")
    ordinary = pc.replace_substring_regex(stripped, p["ordinary"], r"\1#\2")
    mask[maybe] |= _match(ordinary, _any_of([p["given"], p["two_caps"], p["tv_ordinary"]]))
    return mask


_ELFPROEF_WEIGHTS = np.array(ELFPROEF_WEIGHTS)


def _passes_elfproef(numbers: pa.Array) -> np.ndarray:
    """``bsn.elfproef`` for a whole array of nine-digit numbers (separators allowed)."""
    digits = pc.replace_substring_regex(numbers, r"[ .]", "")
    matrix = np.frombuffer("".join(digits.to_pylist()).encode("ascii"), dtype=np.uint8)
    matrix = matrix.reshape(-1, 9).astype(np.int64) - ord("0")
    return ((matrix @ _ELFPROEF_WEIGHTS) % 11 == 0) & matrix.any(axis=1)


def _bsn(arr: pa.Array) -> np.ndarray:
    """Which texts hold a nine-digit number (also 1234.56.789) that passes the elfproef.

    Vectorised in rounds: take each text's first number, test all of them at once, blank the
    numbers out (keeping a non-digit in their place) and go on with the texts that had one.
    """
    found = np.zeros(len(arr), dtype=bool)
    pending = np.arange(len(arr))
    texts = arr
    while len(pending):
        numbers = pc.struct_field(pc.extract_regex(texts, _BSN_NUMBER), "n")
        has = ~np.asarray(pc.is_null(numbers).to_numpy(zero_copy_only=False), dtype=bool)
        if not has.any():
            break
        which = np.flatnonzero(has)
        passed = _passes_elfproef(numbers.filter(pa.array(has)))
        found[pending[which[passed]]] = True
        keep = which[~passed]
        texts = pc.replace_substring_regex(
            texts.take(pa.array(keep)), _BSN_NUMBER, " ", max_replacements=1
        )
        pending = pending[keep]
    return found


def flagged_entities(texts: Sequence[str]) -> tuple[np.ndarray, list[list[str]]]:
    """The positions of the texts the analyzer must see, and per such text the entity types
    whose recognizers must look at it; every other text holds nothing above the threshold."""
    n = len(texts)
    if n == 0:
        return np.zeros(0, dtype=np.int64), []
    arr = pa.array(texts, type=pa.large_string())
    subset = np.flatnonzero(_match(arr, _coarse()))
    sub = arr.take(pa.array(subset))
    # every gate but the name gate runs on the texts the coarse pattern let through
    on_subset = {
        entity: _match(_without_email(sub) if entity == "URL" else sub, shape)
        for entity, shape in _SHAPES.items()
    }
    for entity, shape in _WEAK.items():
        weak = _match(sub, shape) & _match(sub, _context(entity))
        on_subset[entity] = on_subset[entity] | weak if entity in on_subset else weak
    on_subset["NL_BSN"] = _bsn(sub)
    on_subset["NL_ADDRESS"] = _match(sub, _address())
    masks: dict[str, np.ndarray] = {"PERSON": _names(arr)}
    for entity, found in on_subset.items():
        masks[entity] = np.zeros(n, dtype=bool)
        masks[entity][subset] = found
    entities = list(masks)
    table = np.column_stack([masks[e] for e in entities])
    rows = np.flatnonzero(table.any(axis=1))
    names = np.array(entities, dtype=object)
    return rows, [names[row].tolist() for row in table[rows]]


# An e-mail address whose domain ends in one of these is always found whole by the e-mail
# recognizer, so a URL match inside it ("ziggo.nl") is dropped as nested: not worth a URL run.
_EMAIL = r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.(?:nl|com|net|org|eu|be|de|info)"
_EMAIL_TOKEN = rf"(?:^|\s){_EMAIL}(?:[.,;:!?)]*(?:\s|$))"


def _without_email(arr: pa.Array) -> pa.Array:
    return pc.replace_substring_regex(arr, _EMAIL_TOKEN, " ")
