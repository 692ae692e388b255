"""Addresses by shape, for redaction: postcode + number whatever the letters, street + number
with its *toevoeging*.

``NlPostcodeRecognizer`` follows PostNL's rules (no ``SA``, ``SD``, ``SS``), which is right for a
gate but not for free text: ``2036 SD 197`` is read as an address by every reader, and a
mistyped letter pair still narrows a resident down to one street. Reported:

* four digits (not starting with 0) and two letters, with or without a space, followed by a
  house number: an address (``NL_ADDRESS``), letters in any case when written together
  (``2036sd 197``), upper case when apart (``in 2025 en 3`` is no address);
* four digits and two capitals alone: a postcode (``NL_POSTCODE``), unless the letters are a unit
  (``1200 KG``);
* after *ik woon op*, *adres:* …, capitalised words and a house number, whatever the street;
* a street (a capitalised word with a street ending such as *-straat*, *-weg*, *-laan*, or a
  listed Haarlem street) and a house number with its toevoeging: ``12-zw``, ``12A``, ``12 hs``,
  ``12-II``, ``12 bis``, ``12-3``.
"""

from __future__ import annotations

import re
from functools import cache
from typing import ClassVar

from haarlem_opendata.pii.lexicon import all_street_suffixes, haarlem_streets
from haarlem_opendata.pii.recognizers.nl.shape_base import ShapeRecognizer

_UNITS = {"KG", "KM", "CM", "MM", "ML", "GB", "MB", "KB", "KW", "PK", "MG", "CC", "EU", "NL"}
_TOEVOEGING = (
    r"(?:\s?[-/]\s?(?:[A-Za-z]{1,4}|[IVX]{1,4}|\d{1,3})(?![\w])"
    r"|[A-Za-z](?![\w])"
    r"|\s(?:hs|h|zw|bg|bis|rd|boven|beneden|huis|[A-Z]|I{1,3}|IV|V)(?![\w]))?"
)
_NUMBER = rf"\d{{1,5}}{_TOEVOEGING}"
_POSTCODE_NUMBER = re.compile(
    rf"(?<![\w])[1-9]\d{{3}}(?:[A-Za-z]{{2}}|\s[A-Z]{{2}})(?![\w]),?\s{{1,3}}(?:nr\.?\s?)?{_NUMBER}"
)
_POSTCODE = re.compile(r"(?<![\w])[1-9]\d{3}\s?(?P<letters>[A-Z]{2})(?![\w])")


@cache
def _street_number() -> re.Pattern[str]:
    suffixes = "|".join(sorted(map(re.escape, all_street_suffixes()), key=len, reverse=True))
    known = "|".join(sorted(map(re.escape, haarlem_streets()), key=len, reverse=True))
    street = rf"(?:{known})|(?:[A-ZÀ-Ý][\w'’.-]*\s)?[A-ZÀ-Ý][\w'’-]*(?i:{suffixes})"
    return re.compile(rf"(?<![\w])(?:{street})\s{{1,3}}(?:nr\.?\s?)?{_NUMBER}")


# after "ik woon op", "adres:" any capitalised name with a number is an address
_CUED_ADDRESS = re.compile(
    rf"(?i:\b(?:woon|woont|wonend|wonen|adres|woonadres|huisadres)\b(?:\s+(?:op|aan))?[:,]?)\s+"
    rf"(?P<address>(?:[A-ZÀ-Ý][\w'’.-]*\s){{1,3}}(?:nr\.?\s?)?{_NUMBER})"
)


class NlAddressShapeRecognizer(ShapeRecognizer):
    """Recall-first postcodes and addresses for redaction (see module docstring)."""

    SUPPORTED: ClassVar[list[str]] = ["NL_ADDRESS", "NL_POSTCODE"]

    def spans(self, text: str) -> list[tuple[str, int, int, str]]:
        found: list[tuple[str, int, int]] = []
        for pattern in (_POSTCODE_NUMBER, _street_number()):
            found += [("NL_ADDRESS", m.start(), m.end()) for m in pattern.finditer(text)]
        found += [
            ("NL_ADDRESS", m.start("address"), m.end("address"))
            for m in _CUED_ADDRESS.finditer(text)
        ]
        for m in _POSTCODE.finditer(text):
            inside = any(s <= m.start() < e for _, s, e in found)
            if not inside and m.group("letters") not in _UNITS:
                found.append(("NL_POSTCODE", m.start(), m.end()))
        return [(e, s, t, "vorm") for e, s, t in found]
