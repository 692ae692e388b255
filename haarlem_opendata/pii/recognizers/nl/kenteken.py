"""Dutch vehicle registration (kenteken).

Spec: RDW *sidecodes* 1-14 (https://www.rdw.nl/ "Kentekens, sidecodes"): groups of letters (X)
and digits (9) separated by dashes, e.g. ``XX-99-99`` (1) ... ``99-XXX-9`` (7), ``9-XXX-99`` (8),
``XX-999-X`` (9), ``X-999-XX`` (10), ``XXX-99-X`` (11), ``X-99-XXX`` (12), ``9-XX-999`` (13),
``999-XX-9`` (14). With dashes the shape alone is strong; written without dashes (``AB12CD``)
it only counts near a context word such as *kenteken* or *auto*.
"""

from __future__ import annotations

import re
from typing import ClassVar

from presidio_analyzer import Pattern, PatternRecognizer

from haarlem_opendata.pii.entity import EntityDefinition, Prefilter, mask_every_part

_X, _9 = "[A-Z]", r"\d"
_SIDECODES = (
    (2, 2, 2, "XX-99-99"),
    (2, 2, 2, "99-99-XX"),
    (2, 2, 2, "99-XX-99"),
    (2, 2, 2, "XX-99-XX"),
    (2, 2, 2, "XX-XX-99"),
    (2, 2, 2, "99-XX-XX"),
    (2, 3, 1, "99-XXX-9"),
    (1, 3, 2, "9-XXX-99"),
    (2, 3, 1, "XX-999-X"),
    (1, 3, 2, "X-999-XX"),
    (3, 2, 1, "XXX-99-X"),
    (1, 2, 3, "X-99-XXX"),
    (1, 2, 3, "9-XX-999"),
    (3, 2, 1, "999-XX-9"),
)


def _group(code: str) -> str:
    return (_X if code[0] == "X" else _9) + f"{{{len(code)}}}"


def _regex(sidecode: str, sep: str) -> str:
    return sep.join(_group(g) for g in sidecode.split("-"))


def _alternatives(sep: str) -> str:
    return "|".join(sorted({_regex(s[3], sep) for s in _SIDECODES}))


class NlKentekenRecognizer(PatternRecognizer):
    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern("kenteken (met streepjes)", rf"(?<![\w-])(?:{_alternatives('-')})(?![\w-])", 0.65),
        Pattern("kenteken (kleine letters)", rf"(?<![\w-])(?i:{_alternatives('-')})(?![\w-])", 0.3),
        Pattern(
            "kenteken (zonder streepjes)",
            rf"(?<![\w-])(?=[A-Z0-9]*[A-Z])(?=[A-Z0-9]*\d)(?:{_alternatives('')})(?![\w-])",
            0.2,
        ),
    ]
    CONTEXT: ClassVar[list[str]] = [
        "kenteken",
        "kentekens",
        "nummerbord",
        "auto",
        "auto's",
        "wagen",
        "busje",
        "voertuig",
        "geparkeerd",
        "scooter",
        "motor",
    ]

    def __init__(self, supported_language: str = "nl", supported_entity: str = "NL_KENTEKEN"):
        super().__init__(
            supported_entity=supported_entity,
            patterns=self.PATTERNS,
            context=self.CONTEXT,
            supported_language=supported_language,
            global_regex_flags=re.DOTALL
            | re.MULTILINE,  # case matters: 'ab-12-cd' is weaker than 'AB-12-CD'
        )


# The gate's shape (RE2): dashes, and letters in one of the three groups.
_GATE = (
    r"[A-Z]{1,3}-[A-Z0-9]{1,3}-[A-Z0-9]{1,3}|\d{1,3}-[A-Z]{1,3}-[A-Z0-9]{1,3}"
    r"|\d{1,3}-\d{1,3}-[A-Z]{1,3}"
)

DEFINITION = EntityDefinition(
    type="NL_KENTEKEN",
    label_nl="kenteken",
    placeholder="<KENTEKEN>",
    recognizer=NlKentekenRecognizer,
    context=tuple(NlKentekenRecognizer.CONTEXT),
    mask=mask_every_part,
    # lower case or without dashes, only with a context word
    prefilter=Prefilter(shape=_GATE, weak="(?i)" + _GATE + "|[A-Z0-9]{6}"),
    header_words=frozenset({"kenteken"}),
    column_shape=re.compile(r"^[A-Za-z0-9]{1,3}-?[A-Za-z0-9]{1,3}-?[A-Za-z0-9]{1,3}$"),
)
