"""A Dutch NLP engine for Presidio without a downloaded model.

No Dutch spaCy model can be installed here, and the recognizers below are pattern and lexicon
based, so a blank ``nl`` pipeline (tokenizer + stop words) is enough. Presidio's context
enhancer compares context words with token lemmas; a blank pipeline has none, so a tiny
component sets each lemma to the lower-cased token text (inflected forms are listed in the
recognizers' context words instead).
"""

from __future__ import annotations

import spacy
from presidio_analyzer.nlp_engine import NlpArtifacts, SpacyNlpEngine
from spacy.attrs import IDX, LEMMA, LOWER
from spacy.language import Language
from spacy.tokens import Doc

LANGUAGE = "nl"


@Language.component("lowercase_lemma")
def lowercase_lemma(doc):  # type: ignore[no-untyped-def]
    # Array copy of the LOWER hashes into LEMMA: no Token objects, no string conversions.
    doc.from_array([LEMMA], doc.to_array([LOWER]))
    return doc


def blank_dutch_pipeline() -> Language:
    nlp = spacy.blank(LANGUAGE)
    nlp.add_pipe("lowercase_lemma")
    return nlp


class BlankDutchNlpEngine(SpacyNlpEngine):
    """SpacyNlpEngine over a blank Dutch pipeline; ``load`` never downloads anything."""

    def __init__(self) -> None:
        super().__init__(models=[{"lang_code": LANGUAGE, "model_name": "blank:nl"}])

    def load(self) -> None:
        self.nlp = {LANGUAGE: blank_dutch_pipeline()}

    def _doc_to_nlp_artifact(self, doc: Doc, language: str) -> NlpArtifacts:
        # Same artifacts as SpacyNlpEngine (a blank pipeline has no entities), read as arrays
        # instead of one Python Token object per token: the scan calls this for every text.
        lemma_idx = doc.to_array([LEMMA, IDX])
        strings = doc.vocab.strings
        return NlpArtifacts(
            entities=[],
            tokens=doc,
            tokens_indices=lemma_idx[:, 1].tolist(),
            lemmas=[strings[h] for h in lemma_idx[:, 0].tolist()],
            nlp_engine=self,
            language=language,
            scores=[],
        )
