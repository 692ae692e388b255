"""Dutch postcode (``2011 AB``).

Spec: PostNL postcode format, four digits 1000-9999 and two capital letters, never SA, SD or SS.
Lower-case letters are only accepted glued to the digits (``2011ab``) with a lower score, because
``1500 en`` or ``2024 de`` are ordinary text. A postcode alone covers ~20 addresses: it is
reported, and becomes an address when a house number follows (see ``address.py``).
"""

from __future__ import annotations

import re
from typing import ClassVar

from presidio_analyzer import Pattern, PatternRecognizer

from haarlem_opendata.pii.entity import STARS, EntityDefinition, Prefilter

_LETTERS = r"(?!S[ADS])[A-Z]{2}"


class NlPostcodeRecognizer(PatternRecognizer):
    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern("postcode", rf"(?<![\w-])[1-9]\d{{3}} ?{_LETTERS}(?![\w-])", 0.6),
        Pattern(
            "postcode (kleine letters)", r"(?<![\w-])[1-9]\d{3}(?!s[ads])[a-z]{2}(?![\w-])", 0.3
        ),
    ]
    CONTEXT: ClassVar[list[str]] = ["postcode", "pc", "adres", "woont", "wonend", "woonachtig"]

    def __init__(self, supported_language: str = "nl", supported_entity: str = "NL_POSTCODE"):
        super().__init__(
            supported_entity=supported_entity,
            patterns=self.PATTERNS,
            context=self.CONTEXT,
            supported_language=supported_language,
            global_regex_flags=re.DOTALL | re.MULTILINE,  # case matters: '2024 de' is no postcode
        )


def _mask(value: str) -> str:
    """The first two digits only, ``20** **``: a region, not a street."""
    return (value[:2] + "** **") if value[:2].isdigit() else STARS


DEFINITION = EntityDefinition(
    type="NL_POSTCODE",
    label_nl="postcode",
    placeholder="<POSTCODE>",
    recognizer=NlPostcodeRecognizer,
    context=tuple(NlPostcodeRecognizer.CONTEXT),
    mask=_mask,
    prefilter=Prefilter(shape=r"[1-9]\d{3}\s?[A-Z]{2}", weak=r"[1-9]\d{3}[a-z]{2}"),
    header_words=frozenset({"postcode", "zipcode"}),
    column_shape=re.compile(r"^[1-9]\d{3}\s?[A-Za-z]{2}$"),
)
