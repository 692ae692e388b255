"""Date of birth: a date counts only next to a birth cue (*geboren*, *geb.*, *geboortedatum*).

A bare date (``12-03-2024``, ``2024``) in a melding is when something happened, not personal data,
so the pattern score (0.2) stays below any sensible threshold until Presidio's context enhancer
finds a cue among the preceding words (+0.35). Context words match as substrings of the
lower-cased tokens, so ``geb`` covers *geb.*, *geboren*, *geboortedatum*, *geboortejaar*.
"""

from __future__ import annotations

import re
from typing import ClassVar

from presidio_analyzer import Pattern, PatternRecognizer

from haarlem_opendata.pii.entity import EntityDefinition, Prefilter, mask_every_part

_MONTHS = (
    "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december|"
    r"jan|feb|mrt|apr|jun|jul|aug|sep|sept|okt|nov|dec"
)
_DAY, _MONTH = r"(?:0?[1-9]|[12]\d|3[01])", r"(?:0?[1-9]|1[0-2])"
_YEAR = r"(?:19|20)\d{2}"


class NlDateOfBirthRecognizer(PatternRecognizer):
    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern("dd-mm-jjjj", rf"(?<![\w-]){_DAY}([-/.]){_MONTH}\1{_YEAR}(?![\w-])", 0.2),
        Pattern("jjjj-mm-dd", rf"(?<![\w-]){_YEAR}-{_MONTH}-{_DAY}(?![\w-])", 0.2),
        Pattern("d maand jjjj", rf"(?i)(?<!\w){_DAY}\s+(?:{_MONTHS})\.?\s+{_YEAR}(?!\w)", 0.2),
    ]
    CONTEXT: ClassVar[list[str]] = [
        "geb",
        "geboren",
        "geboortedatum",
        "geboortejaar",
        "geboortedag",
        "verjaardag",
        "jarig",
    ]

    def __init__(self, supported_language: str = "nl", supported_entity: str = "DATE_OF_BIRTH"):
        super().__init__(
            supported_entity=supported_entity,
            patterns=self.PATTERNS,
            context=self.CONTEXT,
            supported_language=supported_language,
        )


DEFINITION = EntityDefinition(
    type="DATE_OF_BIRTH",
    label_nl="geboortedatum",
    placeholder="<GEBOORTEDATUM>",
    recognizer=NlDateOfBirthRecognizer,
    context=tuple(NlDateOfBirthRecognizer.CONTEXT),
    mask=mask_every_part,
    # a date alone never passes the threshold: only with a birth cue in the text
    prefilter=Prefilter(
        weak=r"(?i)\d{1,2}[-/.]\d{1,2}[-/.]\d{4}|\d{4}-\d{1,2}-\d{1,2}"
        r"|\d{1,2}\s+(?:jan|feb|mrt|maa|apr|mei|jun|jul|aug|sep|okt|nov|dec)"
    ),
    header_words=frozenset({"geboortedatum", "gebdatum", "geb_datum", "birthdate", "dob"}),
    column_shape=re.compile(r"^\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}(?:[ T][\d:.]+)?$"),
)
