"""The shape recognizers that redaction adds to the scan's findings (recall first).

The blocking gate keeps its precision; free text that goes out must lose everything a reader
would take for a phone number, an address or a name, assigned range or PostNL rule or not. These
recognizers run on every text given to ``redact_values`` (no pre-filter: a shape the gate does
not know must still be seen) and only there.
"""

from __future__ import annotations

from functools import cache

from haarlem_opendata.pii.recognizers.nl.address_shape import NlAddressShapeRecognizer
from haarlem_opendata.pii.recognizers.nl.name_shape import NlNameShapeRecognizer
from haarlem_opendata.pii.recognizers.nl.phone_shape import NlPhoneShapeRecognizer
from haarlem_opendata.pii.recognizers.nl.shape_base import ShapeRecognizer


@cache
def recall_recognizers() -> tuple[ShapeRecognizer, ...]:
    return (NlPhoneShapeRecognizer(), NlAddressShapeRecognizer(), NlNameShapeRecognizer())


def recall_spans(text: str) -> list[tuple[str, int, int]]:
    """(entity type, start, end) of every shape finding in ``text``."""
    return [
        (r.entity_type, r.start, r.end)
        for recognizer in recall_recognizers()
        for r in recognizer.analyze(text, None)
    ]
