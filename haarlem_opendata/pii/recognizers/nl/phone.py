"""Dutch phone numbers: Presidio's PhoneRecognizer (python-phonenumbers) for region NL.

Spec: https://www.acm.nl/ (Nummerplan; 10 digits nationally, ``06`` mobile, ``+31``/``0031``
internationally). phonenumbers only reports numbers that are *valid* for the region, so a
well-formed Dutch number is strong evidence on its own: the base score is raised from
Presidio's 0.4 to 0.6, and Dutch context words (with inflections) raise it further.
"""

from __future__ import annotations

from typing import ClassVar

from presidio_analyzer.predefined_recognizers import PhoneRecognizer


class NlPhoneRecognizer(PhoneRecognizer):
    SCORE = 0.6
    CONTEXT: ClassVar[list[str]] = [
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

    def analyze(self, text, entities, nlp_artifacts=None):  # type: ignore[no-untyped-def]
        results = super().analyze(text, entities, nlp_artifacts)
        kept = []
        for r in results:
            if text[r.start] == "(" and ")" not in text[r.start : r.end]:
                r.start += 1  # "(06-12345678)": the bracket is punctuation, not an area code
            if r.start >= 2 and text[r.start - 1] == ":" and text[r.start - 2].isdigit():
                continue  # "om 13:00. 534 226 486": the 00 of a time is no international prefix
            kept.append(r)
        return kept
