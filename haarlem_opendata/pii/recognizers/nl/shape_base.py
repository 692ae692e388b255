"""What the recall-first shape recognizers share: Presidio's ``LocalRecognizer`` plumbing.

Each shape recognizer (``phone_shape``, ``address_shape``, ``name_shape``) only says where its
shapes are (``spans``); this turns those into Presidio results with one score and a reason.
"""

from __future__ import annotations

from typing import ClassVar

from presidio_analyzer import AnalysisExplanation, LocalRecognizer, RecognizerResult


class ShapeRecognizer(LocalRecognizer):
    """A recognizer from a function ``spans(text) -> [(entity, start, end, reason)]``."""

    SUPPORTED: ClassVar[list[str]] = []
    SCORE: ClassVar[float] = 0.9

    def __init__(self, supported_language: str = "nl"):
        super().__init__(
            supported_entities=list(self.SUPPORTED),
            supported_language=supported_language,
            name=type(self).__name__,
        )

    def load(self) -> None:  # nothing to load: patterns compile at import
        pass

    def spans(self, text: str) -> list[tuple[str, int, int, str]]:  # pragma: no cover
        raise NotImplementedError

    def analyze(self, text, entities, nlp_artifacts=None):
        return [
            RecognizerResult(
                entity,
                start,
                end,
                self.SCORE,
                AnalysisExplanation(self.name, self.SCORE, textual_explanation=reason),
            )
            for entity, start, end, reason in self.spans(text)
            if not entities or entity in entities
        ]
