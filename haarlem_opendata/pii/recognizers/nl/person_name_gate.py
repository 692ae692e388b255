"""The pre-filter's rule for names: which texts ``NlPersonNameRecognizer`` could report on.

No single pattern captures the name rules, so this mirrors them over the whole batch at once
(RE2 via pyarrow.compute): a cue word, initials, a lexicon given name, or two capitalised words
(with *tussenvoegsels* between) once known places and the capitalised word after an article are
removed (``person_name.DEFINITION`` names it as its gate).
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from haarlem_opendata.pii.batch_regex import any_of, match
from haarlem_opendata.pii.entity import alternation
from haarlem_opendata.pii.lexicon import (
    given_names,
    names_cache,
    negative_phrases,
    ordinary_words,
)
from haarlem_opendata.pii.recognizers.nl.person_name_words import (
    CUE_WORDS,
    LOWER,
    TUSSENVOEGSELS,
    UPPER,
)

_CAP = rf"[{UPPER}][{LOWER}'’]+"
_ARTICLES = "de|het|een|deze|die|dit|dat|onze|uw|hun"
# RE2's \b knows only ASCII letters ("De" would be a word in "Değer"); a name word may also
# hold an apostrophe or a hyphen, so these are not word edges either.
_WORD_EDGE = r"(?:^|[^\pL'’-])"
_WORD_END = r"(?:[^\pL'’-]|$)"


@names_cache
def _name_patterns() -> dict[str, str]:
    cues = alternation(sorted(CUE_WORDS) + ["naam", "naam is", "ik ben", "t.a.v", "m.v.g"])
    given = alternation(sorted(given_names()))
    known = alternation(sorted(negative_phrases()))
    ordinary = alternation(sorted({w.capitalize() for w in ordinary_words() if w.isalpha()}))
    tv = rf"(?i:{TUSSENVOEGSELS})"
    return {
        "cue": rf"(?i)\b(?:{cues})\b",
        "initials": rf"(?:^|[^\pL])[{UPPER}]\.\s?(?:[{UPPER}]|{tv}\s)",
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


def may_hold_names(arr: pa.Array) -> np.ndarray:
    """Per text: whether the name recognizer could report a name in it."""
    p = _name_patterns()
    mask = match(arr, any_of([p["cue"], p["initials"]]))
    stripped = pc.replace_substring_regex(arr, p["not_names"], " ")
    # Turning ordinary words into "#" only removes matches, and "Naam van Groen" is two
    # capitalised words before it: so only texts matching before it need that pass.
    maybe = np.flatnonzero(match(stripped, any_of([p["given"], p["two_caps"]])))
    # A removed phrase takes the character after it along, so of two adjacent phrases
    # ("hoek Zijlweg/Frans Halsstraat") the second goes in a second pass.
    stripped = pc.replace_substring_regex(stripped.take(pa.array(maybe)), p["not_names"], " ")
    ordinary = pc.replace_substring_regex(stripped, p["ordinary"], r"\1#\2")
    mask[maybe] |= match(ordinary, any_of([p["given"], p["two_caps"], p["tv_ordinary"]]))
    return mask
