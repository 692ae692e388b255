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

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from presidio_analyzer import Pattern, PatternRecognizer

from haarlem_opendata.pii.entity import EntityDefinition, Prefilter, mask_every_part
from haarlem_opendata.spec.checksums import ELFPROEF_WEIGHTS, elfproef


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


_WEIGHTS = np.array(ELFPROEF_WEIGHTS)


def elfproef_many(numbers: pa.Array) -> np.ndarray:
    """``elfproef`` for a whole array of nine-digit numbers (separators allowed) at once.

    The gate tests every nine-digit number in a column; a column of a million case numbers
    would spend seconds in the scalar function. ``tests/pii`` checks that both agree.
    """
    digits = pc.replace_substring_regex(numbers, r"[ .]", "")
    raw = np.frombuffer("".join(digits.to_pylist()).encode("ascii"), dtype=np.uint8)
    matrix = raw.reshape(-1, 9).astype(np.int64) - ord("0")
    return ((matrix @ _WEIGHTS) % 11 == 0) & matrix.any(axis=1)


DEFINITION = EntityDefinition(
    type="NL_BSN",
    label_nl="BSN",
    placeholder="<BSN>",
    recognizer=NlBsnRecognizer,
    context=tuple(NlBsnRecognizer.CONTEXT),
    mask=mask_every_part,
    # RE2 has no look-around: a non-digit or an edge on both sides of the number
    prefilter=Prefilter(
        shape=r"(?:^|\D)(?P<value>\d{4}\.\d{2}\.\d{3}|\d{3}[ .]\d{3}[ .]\d{3}"
        r"|\d{2}[ .]\d{3}[ .]\d{4}|\d{9})(?:\D|$)",
        valid=elfproef_many,
    ),
    header_words=frozenset({"bsn", "burgerservicenummer", "sofinummer"}),
    column_shape=re.compile(r"^\d{4}\.?\d{2}\.?\d{3}$|^\d{8,9}$"),
)
