"""Presidio's lemma context enhancer, with the same scores at a fraction of the cost.

The scan calls the enhancer for every text that reaches the analyzer. Presidio's
``LemmaContextAwareEnhancer`` deep-copies every finding, walks the spaCy tokens one Python
object at a time to find the token under a finding, and searches a list of keywords per lemma.
This subclass gives identical scores, but:

- updates the findings in place (the analyzer discards the originals right after);
- leaves a finding alone that already has the maximum score or whose recognizer's context
  words occur nowhere in the text, so such a text is never tokenised (the NLP artifacts are
  lazy, see ``nlp.LazyNlpArtifacts``);
- reads only the tokenizer's arrays (lower-case forms and offsets) instead of the full NLP
  artifacts, finds the token under a finding by bisection over the token ends, and decides
  per visited lemma whether it is one of Presidio's keywords instead of listing them all.

``tests/pii/test_fast_paths.py`` checks the scores against Presidio's own enhancer.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from typing import Any

from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.context_aware_enhancers import (
    ContextAwareEnhancer,
    LemmaContextAwareEnhancer,
)
from presidio_analyzer.nlp_engine import NlpArtifacts

from haarlem_opendata.pii.nlp import DutchNlpArtifacts, LazyNlpArtifacts

_ID = RecognizerResult.RECOGNIZER_IDENTIFIER_KEY
_BOOSTED = RecognizerResult.IS_SCORE_ENHANCED_BY_CONTEXT_KEY


class FastLemmaContextAwareEnhancer(LemmaContextAwareEnhancer):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._patterns: dict[str, re.Pattern[str]] = {}

    def enhance_using_context(
        self,
        text: str,
        raw_results: list[RecognizerResult],
        nlp_artifacts: NlpArtifacts,
        recognizers: list[EntityRecognizer],
        context: list[str] | None = None,
    ) -> list[RecognizerResult]:
        if not isinstance(nlp_artifacts, DutchNlpArtifacts | LazyNlpArtifacts):
            return super().enhance_using_context(
                text, raw_results, nlp_artifacts, recognizers, context
            )
        by_id = {recognizer.id: recognizer for recognizer in recognizers}
        extra_context = [word.lower() for word in context] if context else []
        tokens: _Tokens | None = None
        lowered: str | None = None
        for result in raw_results:
            metadata = result.recognition_metadata
            if not metadata or _ID not in metadata:
                continue
            recognizer = by_id.get(metadata[_ID])
            if not recognizer or not recognizer.context or metadata.get(_BOOSTED):
                continue
            if result.score >= ContextAwareEnhancer.MAX_SCORE:
                continue  # the boost below could not change it
            if not extra_context:
                # a context word is found as a substring of a lower-cased token, so it is a
                # substring of the lower-cased text: without one there is nothing to look up
                lowered = text.lower() if lowered is None else lowered
                if not self._context_pattern(recognizer).search(lowered):
                    continue
            if tokens is None:
                tokens = _tokens(nlp_artifacts)
            surrounding = self._surrounding_lemmas(tokens, result.start)
            surrounding.extend(extra_context)
            word = self._find_supportive_word_in_context(
                surrounding, recognizer.context, self.context_matching_mode
            )
            if word != "":
                result.score += self.context_similarity_factor
                result.score = max(result.score, self.min_score_with_context_similarity)
                result.score = min(result.score, ContextAwareEnhancer.MAX_SCORE)
                result.analysis_explanation.set_supportive_context_word(word)
                result.analysis_explanation.set_improved_score(result.score)
        return raw_results

    def _context_pattern(self, recognizer: EntityRecognizer) -> re.Pattern[str]:
        pattern = self._patterns.get(recognizer.id)
        if pattern is None:
            words = sorted({w.lower() for w in recognizer.context}, key=len, reverse=True)
            pattern = re.compile("|".join(re.escape(w) for w in words))
            self._patterns[recognizer.id] = pattern
        return pattern

    def _surrounding_lemmas(self, tokens: _Tokens, start: int) -> list[str]:
        """As Presidio's ``_extract_surrounding_words`` (the order of the words is irrelevant)."""
        ends, lemma, is_keyword = tokens
        if not ends:
            return [""]
        # the first token that ends after ``start`` (Presidio: starts at or covers ``start``)
        index = bisect_right(ends, start)
        if index == len(ends):
            raise ValueError("A finding lies outside the tokens of its text")
        words = []
        for step, count in ((-1, self.context_prefix_count), (1, self.context_suffix_count)):
            i, remaining = index, count + 1
            while 0 <= i < len(ends) and remaining > 0:
                lower = lemma(i).lower()
                if is_keyword(lower):
                    words.append(lower)
                    remaining -= 1
                i += step
        return list(set(words))


# token ends, the lemma of token i, and Presidio's keyword test
_Tokens = tuple[list[int], Callable[[int], str], Callable[[str], bool]]


def _tokens(artifacts: DutchNlpArtifacts | LazyNlpArtifacts) -> _Tokens:
    if isinstance(artifacts, LazyNlpArtifacts):
        arrays = artifacts.token_arrays()  # no full artifacts: only the tokenizer runs
        return arrays.ends, arrays.lemma, arrays.is_keyword
    keywords = set(artifacts.keywords)
    return artifacts.token_ends, artifacts.lemmas.__getitem__, keywords.__contains__
