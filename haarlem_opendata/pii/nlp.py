"""A Dutch NLP engine for Presidio without a downloaded model.

No Dutch spaCy model can be installed here, and the recognizers below are pattern and lexicon
based, so a blank ``nl`` pipeline (tokenizer + stop words) is enough. Presidio's context
enhancer compares context words with token lemmas; a blank pipeline has none, so a tiny
component sets each lemma to the lower-cased token text (inflected forms are listed in the
recognizers' context words instead).

The recognizers never read the NLP artifacts; only the context enhancer does, and only for a
finding that a context word could still lift. So ``process_text`` tokenises lazily, on first
read (see ``context.FastLemmaContextAwareEnhancer``): a text whose findings need no context
is never tokenised, and the enhancer itself reads only the tokenizer's arrays
(``LazyNlpArtifacts.token_arrays``), never the full artifacts.
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
def lowercase_lemma(doc):
    # Array copy of the LOWER hashes into LEMMA: no Token objects, no string conversions.
    doc.from_array([LEMMA], doc.to_array([LOWER]))
    return doc


# The only lexeme attributes anything here reads: the lemma is copied from LOWER, and Presidio
# asks IS_STOP and IS_PUNCT of each lemma. spaCy computes every attribute in its getter table,
# in Python, for every new word it meets (most words in PII are new): the rest are dropped.
_LEXEME_ATTRIBUTES = (LOWER, IS_STOP, IS_PUNCT)


def blank_dutch_pipeline() -> Language:
    nlp = spacy.blank(LANGUAGE)
    getters = nlp.vocab.lex_attr_getters  # type: ignore[attr-defined]  # set in Cython, no stub
    nlp.vocab.lex_attr_getters = {k: getters[k] for k in _LEXEME_ATTRIBUTES}  # type: ignore[attr-defined]
    nlp.add_pipe("lowercase_lemma")
    return nlp


class DutchNlpArtifacts(NlpArtifacts):
    """Presidio's artifacts plus ``token_ends`` (character end of each token).

    ``set_keywords`` gives Presidio's keywords, with the stop-word/punctuation verdict per
    lemma remembered on the engine instead of looked up in the vocabulary for every token.
    """

    token_ends: list[int]

    @staticmethod
    def set_keywords(nlp_engine, lemmas: list[str], language: str) -> list[str]:
        if not nlp_engine:
            return []
        keywords = []
        for k in lemmas:
            if nlp_engine.is_keyword(k, language):
                keywords.extend(k.lower().split(":"))
        return keywords


class TokenArrays:
    """What the context enhancer reads of a text, straight from the tokenizer's arrays.

    ``lowers`` are the string ids of the lower-cased tokens (the lemmas, in this pipeline) and
    ``ends`` the character end of each token; ``lemma(i)`` resolves one id. Presidio's
    keywords are the lemmas that are no stop word or punctuation, split on ":";
    ``is_keyword(lemma)`` answers that membership without building the list.
    """

    def __init__(self, text: str, engine: BlankDutchNlpEngine, language: str) -> None:
        doc = engine.nlp[language].tokenizer(text)
        columns = doc.to_array([LOWER, IDX, LENGTH])
        self.lowers: list[int] = columns[:, 0].tolist()
        self.ends: list[int] = (columns[:, 1] + columns[:, 2]).tolist()
        self._strings = doc.vocab.strings
        self._engine, self._language = engine, language
        self._colon_parts: set[str] | None = None if ":" in text else set()

    def lemma(self, i: int) -> str:
        return self._strings[self.lowers[i]]

    def is_keyword(self, lemma: str) -> bool:
        if ":" not in lemma and self._engine.is_keyword(lemma, self._language):
            return True
        if self._colon_parts is None:  # "tel:" is a keyword "tel" (and ""), as in Presidio
            self._colon_parts = {
                part
                for i in range(len(self.lowers))
                if ":" in (k := self.lemma(i)) and self._engine.is_keyword(k, self._language)
                for part in k.split(":")
            }
        return lemma in self._colon_parts


class LazyNlpArtifacts(NlpArtifacts):
    """Artifacts of one text, computed on the first read of any attribute."""

    def __init__(self, text: str, nlp_engine: BlankDutchNlpEngine, language: str) -> None:
        self._pending = (text, nlp_engine, language)

    def token_arrays(self) -> TokenArrays:
        """The tokens as arrays, tokenised once; cheaper than the full artifacts."""
        arrays = self.__dict__.get("_arrays")
        if arrays is None:
            text, engine, language = self.__dict__["_pending"] or self.__dict__["_source"]
            arrays = self.__dict__["_arrays"] = TokenArrays(text, engine, language)
        return arrays

    def __getattr__(self, name: str) -> Any:
        # only called for attributes not set yet, i.e. before the text has been tokenised
        pending = self.__dict__.get("_pending")
        if pending is None or name.startswith("__"):
            raise AttributeError(name)
        text, engine, language = pending
        full = engine._doc_to_nlp_artifact(engine.nlp[language](text), language)
        self.__dict__.update(full.__dict__)
        self.__dict__["_pending"] = None
        self.__dict__["_source"] = pending
        if name not in self.__dict__:
            raise AttributeError(name)
        return self.__dict__[name]


class BlankDutchNlpEngine(SpacyNlpEngine):
    """SpacyNlpEngine over a blank Dutch pipeline; ``load`` never downloads anything."""

    # Presidio's base class declares the attribute as None; load() fills it.
    nlp: dict[str, Language]  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__(models=[{"lang_code": LANGUAGE, "model_name": "blank:nl"}])
        self.keyword_verdicts: dict[str, bool] = {}

    def load(self) -> None:
        self.nlp = {LANGUAGE: blank_dutch_pipeline()}

    def is_keyword(self, lemma: str, language: str) -> bool:
        """Presidio's keyword test (no stop word, no punctuation), remembered per lemma."""
        keep = self.keyword_verdicts.get(lemma)
        if keep is None:
            keep = not (
                self.is_stopword(lemma, language)
                or self.is_punct(lemma, language)
                or lemma in ("-PRON-", "be")
            )
            self.keyword_verdicts[lemma] = keep
        return keep

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
