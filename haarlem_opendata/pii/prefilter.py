"""A cheap gate in front of the analyzer: text that cannot hold a finding skips Presidio.

The gate is a superset of what the recognizers can match at any score above 0.4: every
pattern shape (digits runs, ``@``, ``www.``, postcode and kenteken shapes, dates) and, for
names, any capitalised word that is not an ordinary word, street or place. Most meldingen text
("Boom omgevallen op de Zijlweg") fails it and costs a regex search instead of a spaCy run.
For thresholds at or below 0.4 the scanner does not use the gate.
"""

from __future__ import annotations

import re
from functools import cache

from haarlem_opendata.pii.lexicon import haarlem_streets, ordinary_words, street_suffixes

GATE_MIN_THRESHOLD = 0.4

_SHAPES = re.compile(
    r"@"
    r"|\d{9}|\d{4}\.\d{2}\.\d{3}|\d{2,3}[ .]\d{3}[ .]\d{3,4}"  # BSN
    r"|(?:\+|00)\s?31|\(0\d{1,3}\)|(?<![\d.,])0\d(?:[\s-]?\d){8}|(?<![\d.,])0\d{1,3}[\s-]+\d"  # phone
    r"|(?i:https?:|www\.|ftp:)|\.(?i:nl|com|org|net|eu|be|de|io|info|frl|amsterdam)\b"  # url
    r"|\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}|[0-9a-fA-F]{1,4}:[0-9a-fA-F]{0,4}:"  # ip
    r"|(?i:[a-z]{2}\d{2}\s?[a-z0-9]{4})"  # iban
    r"|[1-9]\d{3}\s?[A-Z]{2}(?![A-Za-z])|[1-9]\d{3}[a-z]{2}(?![a-z])"  # postcode / address
    r"|[A-Za-z0-9]{1,3}-[A-Za-z0-9]{1,3}-[A-Za-z0-9]{1,3}"  # kenteken with dashes
    r"|\b(?=[A-Z]*\d)(?=\d*[A-Z])[A-Z0-9]{6}\b"  # kenteken without dashes
    r"|\d{1,2}[-/.]\d{1,2}[-/.]\d{4}|\d{4}-\d{1,2}-\d{1,2}"  # dates (birth needs a cue later)
    r"|\d{1,2}\s+(?i:jan|feb|m[ar]|apr|mei|jun|jul|aug|sep|okt|nov|dec)"
    r"|[A-Z]\.\s?[A-Z]"  # initials
)
_CAPITALISED = re.compile(
    r"(?<![\w'’-])[A-ZÀ-ÖØ-ÝĞİŞÇ][a-zà-öø-ÿğışç'’]+(?:-[A-ZÀ-ÖØ-ÝĞİŞÇ][\w'’]+)*"
)


@cache
def _streets() -> re.Pattern[str]:
    suffixes = "|".join(sorted(street_suffixes(), key=len, reverse=True))
    known = "|".join(re.escape(s) for s in sorted(haarlem_streets(), key=len, reverse=True))
    word = r"[A-ZÀ-Ý][\wà-ÿ'’.-]*"
    return re.compile(rf"(?:{known}|(?:{word}\s+){{0,2}}[A-ZÀ-Ý][\wà-ÿ'’-]*(?:{suffixes}))\b")


def _could_be_name(text: str) -> bool:
    ordinary = ordinary_words()
    suffixes = street_suffixes()
    for word in _CAPITALISED.findall(_streets().sub(" ", text)):
        lower = word.lower()
        if lower in ordinary:
            continue
        if any(lower.endswith(s) and len(lower) > len(s) + 2 for s in suffixes):
            continue
        return True
    return False


def may_contain_pii(text: str) -> bool:
    return bool(_SHAPES.search(text)) or _could_be_name(text)
