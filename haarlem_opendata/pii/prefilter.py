"""A cheap gate in front of the analyzer: which entity types could a text hold at all?

Most meldingen text ("Boom omgevallen op de Zijlweg") holds none, and the Presidio analyzer costs
about a millisecond per text. The gate answers per entity type with a regex (and, for names, the
name recognizer's own pure-Python rules), and the analyzer then runs only the recognizers of
the types the gate let through. Each gate is a superset of what its recognizer can report
above a threshold of 0.4: shapes whose base score is below that (a bare date, ``2011ab``,
``ab-12-cd``, ``AB12CD``) only pass when one of the recognizer's context words occurs in the text,
because only a context word can lift them over the threshold. For thresholds at or below 0.4
the scanner does not use the gate.
"""

from __future__ import annotations

import re
from functools import cache

from haarlem_opendata.pii.lexicon import haarlem_streets, ordinary_words, street_suffixes
from haarlem_opendata.pii.recognizers.nl.bsn import elfproef

GATE_MIN_THRESHOLD = 0.4

_BSN = re.compile(
    r"(?<!\d)(\d{4}\.\d{2}\.\d{3}|\d{3}[ .]\d{3}[ .]\d{3}|\d{2}[ .]\d{3}[ .]\d{4}|\d{9})(?!\d)"
)
_PHONE = re.compile(
    r"(?:\+|00)\s?31|\(0\d{1,3}\)|(?<![\d.,])0\d(?:[\s-]?\d){8}|(?<![\d.,])0\d{1,3}[\s-]+\d"
)
_EMAIL = re.compile(r"@")
_URL = re.compile(r"(?i:https?:|www\.|ftp:)|\.(?i:[a-z]{2,6})(?:/|\b)")
_IP = re.compile(r"\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}|[0-9a-fA-F]{1,4}:[0-9a-fA-F]{0,4}:")
_IBAN = re.compile(r"(?i:[a-z]{2}\d{2}\s?[a-z0-9]{4})")
_POSTCODE = re.compile(r"(?<![\w-])[1-9]\d{3}\s?(?!S[ADS])[A-Z]{2}(?![\w-])")
_POSTCODE_WEAK = re.compile(r"(?<![\w-])[1-9]\d{3}[a-z]{2}(?![\w-])")
_ADDRESS = re.compile(
    r"[A-ZÀ-ÝĞİŞÇ][\w'’.-]*\s+\d{1,4}(?:[a-zA-Z])?\b|[1-9]\d{3}\s?[A-Z]{2},?\s+\d"
)
_KENTEKEN = re.compile(r"(?<![\w-])[A-Z0-9]{1,3}-[A-Z0-9]{1,3}-[A-Z0-9]{1,3}(?![\w-])")
_KENTEKEN_WEAK = re.compile(
    r"(?<![\w-])(?:[A-Za-z0-9]{1,3}-[A-Za-z0-9]{1,3}-[A-Za-z0-9]{1,3}|(?=[A-Z]*\d)(?=\d*[A-Z])[A-Z0-9]{6})(?![\w-])"
)
_DATE = re.compile(
    r"\d{1,2}[-/.]\d{1,2}[-/.]\d{4}|\d{4}-\d{1,2}-\d{1,2}"
    r"|\d{1,2}\s+(?i:jan|feb|m[ar]|apr|mei|jun|jul|aug|sep|okt|nov|dec)"
)


@cache
def _context(entity: str) -> re.Pattern[str]:
    """Any context word of ``entity``'s recognizer, as Presidio matches it (substring, any case)."""
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
    return re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)


_WORDS = re.compile(r"[a-zà-ÿ]+")
_CAPITALISED = re.compile(
    r"(?<![\w'’-])[A-ZÀ-ÖØ-ÝĞİŞÇ][a-zà-öø-ÿğışç'’]+(?:-[A-ZÀ-ÖØ-ÝĞİŞÇ][\w'’]+)*"
)


@cache
def _streets() -> re.Pattern[str]:
    suffixes = "|".join(sorted(street_suffixes(), key=len, reverse=True))
    known = "|".join(re.escape(s) for s in sorted(haarlem_streets(), key=len, reverse=True))
    word = r"[A-ZÀ-Ý][\wà-ÿ'’.-]*"
    return re.compile(rf"(?:{known}|(?:{word}\s+){{0,2}}[A-ZÀ-Ý][\wà-ÿ'’-]*(?:{suffixes}))\b")


@cache
def _name_recognizer():  # type: ignore[no-untyped-def]
    from haarlem_opendata.pii.recognizers.nl import NlPersonNameRecognizer

    recognizer = NlPersonNameRecognizer()
    recognizer.load()
    return recognizer


def _could_be_name(text: str) -> bool:
    """Run the name rules only on text with a name cue or an unexplained capitalised word."""
    from haarlem_opendata.pii.recognizers.nl.person_name import _CUE_WORDS

    ordinary = ordinary_words()
    words = _WORDS.findall(text.lower())
    if any(w in _CUE_WORDS for w in words) or "naam is" in text.lower() or "ik ben" in text.lower():
        return bool(_name_recognizer().find(text))
    for word in _CAPITALISED.findall(_streets().sub(" ", text)):
        if word.lower() not in ordinary:
            return bool(_name_recognizer().find(text))
    return False


def _bsn(text: str) -> bool:
    return any(elfproef(re.sub(r"[ .]", "", m)) for m in _BSN.findall(text))


def candidate_entities(text: str) -> list[str]:
    """Entity types whose recognizers must look at ``text`` (empty: skip the analyzer)."""
    out = []
    if _EMAIL.search(text):
        out.append("EMAIL_ADDRESS")
    if _URL.search(text):
        out.append("URL")
    if _PHONE.search(text):
        out.append("PHONE_NUMBER")
    if _BSN.search(text) and _bsn(text):
        out.append("NL_BSN")
    if _IP.search(text):
        out.append("IP_ADDRESS")
    if _IBAN.search(text):
        out.append("IBAN_CODE")
    if _POSTCODE.search(text) or (
        _POSTCODE_WEAK.search(text) and _context("NL_POSTCODE").search(text)
    ):
        out.append("NL_POSTCODE")
    if _ADDRESS.search(text):
        out.append("NL_ADDRESS")
    if _KENTEKEN.search(text) or (
        _KENTEKEN_WEAK.search(text) and _context("NL_KENTEKEN").search(text)
    ):
        out.append("NL_KENTEKEN")
    if _DATE.search(text) and _context("DATE_OF_BIRTH").search(text):
        out.append("DATE_OF_BIRTH")
    if _could_be_name(text):
        out.append("PERSON")
    return out


def may_contain_pii(text: str) -> bool:
    return bool(candidate_entities(text))
