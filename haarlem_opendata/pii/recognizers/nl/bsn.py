"""Burgerservicenummer (BSN).

Spec: https://www.rvig.nl/bsn (9 digits; valid when the *elfproef* holds:
9*d1 + 8*d2 + ... + 2*d8 - 1*d9 is divisible by 11). Written as ``123456782``,
``1234.56.782`` or ``123 456 782``. Nine-digit case numbers that fail the elfproef are ignored;
about one in eleven random nine-digit numbers passes it, so a reviewed column of case numbers
gets an allow-list entry for ``NL_BSN`` in that column (it is still scanned for everything else).
"""

from __future__ import annotations

import re
from typing import ClassVar

from presidio_analyzer import Pattern, PatternRecognizer

ELFPROEF_WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2, -1)


def elfproef(digits: str) -> bool:
    if len(digits) != 9 or not digits.isdigit() or int(digits) == 0:
        return False
    total = sum(int(d) * w for d, w in zip(digits, ELFPROEF_WEIGHTS, strict=True))
    return total % 11 == 0


class NlBsnRecognizer(PatternRecognizer):
    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern("BSN (9 cijfers)", r"(?<![\w.,-])\d{9}(?![\w-]|[.,]\d)", 0.6),
        Pattern(
            "BSN (gegroepeerd)",
            r"(?<![\w.,-])(?:\d{4}\.\d{2}\.\d{3}|\d{3}[ .]\d{3}[ .]\d{3}|\d{2}[ .]\d{3}[ .]\d{4})"
            r"(?![\w-]|[.,]\d)",
            0.6,
        ),
    ]
    CONTEXT: ClassVar[list[str]] = [
        "bsn",
        "burgerservicenummer",
        "burgerservicenr",
        "sofinummer",
        "sofi",
        "persoonsnummer",
    ]

    def __init__(self, supported_language: str = "nl", supported_entity: str = "NL_BSN"):
        super().__init__(
            supported_entity=supported_entity,
            patterns=self.PATTERNS,
            context=self.CONTEXT,
            supported_language=supported_language,
        )

    def validate_result(self, pattern_text: str) -> bool:
        return elfproef(re.sub(r"[ .]", "", pattern_text))
