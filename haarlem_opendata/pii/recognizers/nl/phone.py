"""Dutch phone numbers: Presidio's PhoneRecognizer (python-phonenumbers) for region NL.

Spec: https://www.acm.nl/ (Nummerplan; 10 digits nationally, ``06`` mobile, ``+31``/``0031``
internationally). phonenumbers only reports numbers that are *valid* for the region, so a
well-formed Dutch number is strong evidence on its own: the base score is raised from
Presidio's 0.4 to 0.6, and Dutch context words (with inflections) raise it further.

Two shapes phonenumbers accepts are dropped, because in Dutch reports they are something else:
a calendar date (``09-06-1967`` is also a valid 0906 premium number) and a bare number that
starts with the country code but is too short for ``31`` plus a nine-digit national number
(``319063858``, a case number, would otherwise be a 0906 number).
"""

from __future__ import annotations

import re

from presidio_analyzer.predefined_recognizers import PhoneRecognizer

from haarlem_opendata.pii.entity import STARS, EntityDefinition, Prefilter

_DATE = re.compile(r"(0?[1-9]|[12]\d|3[01])[-/.](0?[1-9]|1[0-2])[-/.](\d{4})")
_COUNTRY_CODE_DIGITS = 11  # 31 and a nine-digit national significant number


def _is_date(matched: str) -> bool:
    return _DATE.fullmatch(matched.strip()) is not None


def _short_without_plus(matched: str) -> bool:
    digits = re.sub(r"\D", "", matched)
    return (
        not matched.lstrip("( ").startswith(("+", "00"))
        and digits.startswith("31")
        and len(digits) < _COUNTRY_CODE_DIGITS
    )


class NlPhoneRecognizer(PhoneRecognizer):
    SCORE = 0.6
    CONTEXT = [
        "tel",
        "telefoon",
        "telefoonnummer",
        "telnr",
        "mobiel",
        "mobieltje",
        "nummer",
        "bel",
        "bellen",
        "belt",
        "belde",
        "gebeld",
        "terugbellen",
        "bereikbaar",
        "whatsapp",
        "app",
        "sms",
    ]

    def __init__(self, supported_language: str = "nl", supported_entity: str = "PHONE_NUMBER"):
        super().__init__(
            context=self.CONTEXT,
            supported_language=supported_language,
            supported_entity=supported_entity,
            supported_regions=("NL",),
        )

    def analyze(self, text, entities, nlp_artifacts=None):
        results = super().analyze(text, entities, nlp_artifacts)
        kept = []
        for r in results:
            if text[r.start] == "(" and ")" not in text[r.start : r.end]:
                r.start += 1  # "(06-12345678)": the bracket is punctuation, not an area code
            if r.start >= 2 and text[r.start - 1] == ":" and text[r.start - 2].isdigit():
                continue  # "om 13:00. 534 226 486": the 00 of a time is no international prefix
            matched = text[r.start : r.end]
            if _is_date(matched) or _short_without_plus(matched):
                continue
            kept.append(r)
        return kept


def _mask(value: str) -> str:
    """The first two digits, ``06********``: mobile or a region, never the number's length."""
    digits = re.sub(r"\D", "", value)
    return (digits[:2] + "********") if digits else STARS


DEFINITION = EntityDefinition(
    type="PHONE_NUMBER",
    label_nl="telefoonnummer",
    placeholder="<TELEFOON>",
    recognizer=NlPhoneRecognizer,
    context=tuple(NlPhoneRecognizer.CONTEXT),
    mask=_mask,
    # what phonenumbers accepts for region NL: a trunk 0 and five or more digits (0800-1234,
    # 06-12345678, 0031…), +, 31 and nine digits, or a municipal 14 0xx number, with any
    # separators in between
    prefilter=Prefilter(
        shape=r"\+\s?\d|(?:^|\D)0(?:\D{0,3}\d){5}|(?:^|\D)31(?:\D{0,3}\d){9}"
        r"|(?:^|\D)1\D{0,3}4\D{0,3}0(?:\D{0,3}\d){2}"
    ),
    header_words=frozenset(
        {"telefoon", "telefoonnummer", "tel", "telnr", "phone", "mobiel", "gsm"}
    ),
    column_shape=re.compile(r"^(?:\+|00)?[\d\s()./-]{9,18}$"),
)
