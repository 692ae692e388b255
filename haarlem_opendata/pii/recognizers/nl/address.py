"""Street address with house number, or postcode with house number.

A street name alone (*Zijlweg*) is a public place and a normal melding location; with a house
number (*Zijlweg 123*, *Frans Halsstraat 12a*, *2011 AB 12*) it points at a household.
Street names are recognised by their endings (``lexicon/street_suffixes.txt``: -straat, -weg,
-laan ...) plus the Haarlem streets listed in ``lexicon/haarlem_streets.txt``.
"""

from __future__ import annotations

import re
from functools import cache
from typing import ClassVar

from presidio_analyzer import Pattern, PatternRecognizer

from haarlem_opendata.pii.entity import EntityDefinition, Prefilter, alternation, mask_first
from haarlem_opendata.pii.lexicon import all_street_suffixes, haarlem_streets
from haarlem_opendata.pii.recognizers.nl.person_name_words import UPPER

_HOUSE_NUMBER = (
    r"\d{1,4}(?:\s?[a-zA-Z](?![\w-])|-\d{1,3}|\s?-?\s?(?:hs|bis|rd|zw|bg|I{1,3})(?![\w-]))?"
    r"(?![\w-]|[.,]\d)"
)
_WORD = r"[A-ZÀ-ÝĞİŞÇ][\wà-ÿ'’.-]*"


def _street_regex() -> str:
    suffixes = "|".join(sorted(all_street_suffixes(), key=len, reverse=True))
    known = "|".join(re.escape(s) for s in sorted(haarlem_streets(), key=len, reverse=True))
    by_suffix = rf"(?:{_WORD}\s+){{0,2}}[A-ZÀ-ÝĞİŞÇ][\wà-ÿ'’-]*(?:{suffixes})"
    return rf"(?:{known}|{by_suffix})"


class NlAddressRecognizer(PatternRecognizer):
    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern("straat + huisnummer", rf"(?<!\w){_street_regex()}\s+{_HOUSE_NUMBER}", 0.7),
        Pattern(
            "postcode + huisnummer",
            rf"(?<![\w-])[1-9]\d{{3}} ?(?!S[ADS])[A-Z]{{2}},?\s+{_HOUSE_NUMBER}",
            0.7,
        ),
    ]
    CONTEXT: ClassVar[list[str]] = [
        "adres",
        "woont",
        "wonend",
        "woonachtig",
        "huisnummer",
        "nummer",
        "nr",
    ]

    def __init__(self, supported_language: str = "nl", supported_entity: str = "NL_ADDRESS"):
        super().__init__(
            supported_entity=supported_entity,
            patterns=self.PATTERNS,
            context=self.CONTEXT,
            supported_language=supported_language,
            global_regex_flags=re.DOTALL
            | re.MULTILINE,  # case matters: street names are capitalised
        )


@cache
def _gate() -> str:
    """RE2: a known street, a capitalised word ending like a street, or a postcode, then a
    digit."""
    suffixes = alternation(all_street_suffixes())
    known = alternation(haarlem_streets())
    by_suffix = rf"[{UPPER}][^\s\d]*(?:{suffixes})\s+\d"
    return rf"(?:{known})\s+\d|{by_suffix}|[1-9]\d{{3}}\s?[A-Z]{{2}},?\s+\d"


DEFINITION = EntityDefinition(
    type="NL_ADDRESS",
    label_nl="adres",
    placeholder="<ADRES>",
    recognizer=NlAddressRecognizer,
    context=tuple(NlAddressRecognizer.CONTEXT),
    mask=lambda value: mask_first(value) + " <nr>",
    prefilter=Prefilter(shape=_gate),
    header_words=frozenset({"adres", "address", "huisnummer", "woonadres"}),
    column_shape=re.compile(r"^.*\D\s\d{1,5}\s?[A-Za-z]?(?:[-\s]\w+)?$|^[1-9]\d{3}\s?[A-Z]{2}\b"),
)
