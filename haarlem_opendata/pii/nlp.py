"""A Dutch NLP engine for Presidio without a downloaded model.

No Dutch spaCy model can be installed here, and the recognizers below are pattern and lexicon
based, so a blank ``nl`` pipeline (tokenizer + stop words) is enough. Presidio's context
enhancer compares context words with token lemmas; a blank pipeline has none, so a tiny
component sets each lemma to the lower-cased token text (inflected forms are listed in the
recognizers' context words instead).

The recognizers never read the NLP artifacts; only the context enhancer does, and only for a
finding that a context word could still lift. So ``process_text`` tokenises lazily, on first
read (see ``context.FastLemmaContextAwareEnhancer``): a text whose findings need no context
is never tokenised.
"""

from __future__ import annotations

from typing import Any

import spacy
from presidio_analyzer.nlp_engine import NlpArtifacts, SpacyNlpEngine
from spacy.attrs import IDX, IS_PUNCT, IS_STOP, LEMMA, LENGTH, LOWER
from spacy.language import Language
from spacy.tokens import Doc

LANGUAGE = "nl"


@Language.component("lowercase_lemma")
def lowercase_lemma(doc):  # type: ignore[no-untyped-def]
    # Array copy of the LOWER hashes into LEMMA: no Token objects, no string conversions.
    doc.from_array([LEMMA], doc.to_array([LOWER]))
    return doc


# The only lexeme attributes anything here reads: the lemma is copied from LOWER, and Presidio
# asks IS_STOP and IS_PUNCT of each lemma. spaCy computes every attribute in its getter table,
# in Python, for every new word it meets (most words in PII are new): the rest are dropped.
_LEXEME_ATTRIBUTES = (LOWER, IS_STOP, IS_PUNCT)


def blank_dutch_pipeline() -> Language:
    nlp = spacy.blank(LANGUAGE)
    getters = nlp.vocab.lex_attr_getters
    nlp.vocab.lex_attr_getters = {k: getters[k] for k in _LEXEME_ATTRIBUTES}
    nlp.add_pipe("lowercase_lemma")
    return nlp


class DutchNlpArtifacts(NlpArtifacts):
    """Presidio's artifacts plus ``token_ends`` (character end of each token).

    ``set_keywords`` gives Presidio's keywords, with the stop-word/punctuation verdict per
    lemma remembered on the engine instead of looked up in the vocabulary for every token.
    """

    token_ends: list[int]

    @staticmethod
    def set_keywords(nlp_engine, lemmas: list[str], language: str) -> list[str]:  # type: ignore[no-untyped-def,override]
        if not nlp_engine:
            return []
        verdicts: dict[str, bool] = nlp_engine.keyword_verdicts
        keywords = []
        for k in lemmas:
            keep = verdicts.get(k)
            if keep is None:
                keep = not (
                    nlp_engine.is_stopword(k, language)
                    or nlp_engine.is_punct(k, language)
                    or k in ("-PRON-", "be")
                )
                verdicts[k] = keep
            if keep:
                keywords.extend(k.lower().split(":"))
        return keywords


class LazyNlpArtifacts(NlpArtifacts):
    """Artifacts of one text, computed on the first read of any attribute."""

    def __init__(self, text: str, nlp_engine: BlankDutchNlpEngine, language: str) -> None:
        self._pending = (text, nlp_engine, language)

    def __getattr__(self, name: str) -> Any:
        # only called for attributes not set yet, i.e. before the text has been tokenised
        pending = self.__dict__.get("_pending")
        if pending is None or name.startswith("__"):
            raise AttributeError(name)
        text, engine, language = pending
        full = engine._doc_to_nlp_artifact(engine.nlp[language](text), language)
        self.__dict__.update(full.__dict__)
        self.__dict__["_pending"] = None
        if name not in self.__dict__:
            raise AttributeError(name)
        return self.__dict__[name]


class BlankDutchNlpEngine(SpacyNlpEngine):
    """SpacyNlpEngine over a blank Dutch pipeline; ``load`` never downloads anything."""

    def __init__(self) -> None:
        super().__init__(models=[{"lang_code": LANGUAGE, "model_name": "blank:nl"}])
        self.keyword_verdicts: dict[str, bool] = {}

    def load(self) -> None:
        self.nlp = {LANGUAGE: blank_dutch_pipeline()}

    def process_text(self, text: str, language: str) -> NlpArtifacts:
        return LazyNlpArtifacts(text, self, language)

    def _doc_to_nlp_artifact(self, doc: Doc, language: str) -> NlpArtifacts:
        # Same artifacts as SpacyNlpEngine (a blank pipeline has no entities), read as arrays
        # instead of one Python Token object per token: the scan calls this for every text.
        columns = doc.to_array([LEMMA, IDX, LENGTH])
        strings = doc.vocab.strings
        starts = columns[:, 1].tolist()
        artifacts = DutchNlpArtifacts(
            entities=[],
            tokens=doc,
            tokens_indices=starts,
            lemmas=[strings[h] for h in columns[:, 0].tolist()],
            nlp_engine=self,
            language=language,
            scores=[],
        )
        artifacts.token_ends = (columns[:, 1] + columns[:, 2]).tolist()
        return artifacts
