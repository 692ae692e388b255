"""The scan's shortcuts change its speed, never its findings.

Two shortcuts sit in front of, and inside, Presidio: the pre-filter gate (which texts reach the
analyzer, and for which entity types) and the context enhancer (lazy tokenising, a trimmed
spaCy vocabulary). Both are checked here against the plain path on the same texts: the seeded
benchmark corpus (every entity type, written many ways, with negatives) plus hand-picked
edge cases.
"""

from __future__ import annotations

import pytest
from presidio_analyzer import AnalyzerEngine
from presidio_analyzer.context_aware_enhancers import LemmaContextAwareEnhancer
from presidio_analyzer.nlp_engine import SpacyNlpEngine
from spacy.language import Language

from benchmarks.pii_corpus import make_corpus
from haarlem_opendata.pii.analyzer import dutch_registry
from haarlem_opendata.pii.nlp import LANGUAGE, BlankDutchNlpEngine
from haarlem_opendata.pii.pool import _analyze, analyze_many

EDGE_CASES = [
    "Mail j.jansen@ziggo.nl of kijk op www.haarlem.nl/afval",
    "Login via http://beheer@portaal.nl/melding graag",
    "contact: a.b@example.com, zie ook https://example.com/a@b",
    "mail naar info@gemeente.haarlem.nl.",
    "zie voorbeeld.nl.qqq of jan@voorbeeld.com.qqq",
    "bsn 123456782 en 111222333 en 1234.56.782",
    "zaaknummers 123456789 987654321 111222333 staan vast",
    "123 456 782 is mijn burgerservicenummer",
    "Geboren 01-02-1980, geb. 3 mei 1975, geboortedatum: 1990-12-31",
    "kenteken 12-ABC-3 en ab-12-cd en AB12CD, postcode 2011ab",
    "Tel: 06 12 34 56 78 of +31 23 511 5115, fax 023-5115115",
    "Dhr. J. de Vries en mevr. El Amrani, groetjes jan de vries",
    "IP 10.0.0.1 en fe80::1ff:fe23:4567:890a op NL91ABNA0417164300",
    "Mijn naam is Roy van den Put, ik woon op Zijlweg 12a, 2015 CK Haarlem",
    "",
    "   ",
    "tel:0612345678 tel: bel:",
]


def corpus_texts(n_rows: int) -> list[str]:
    df, _ = make_corpus(n_rows, seed=2024)
    return sorted(set(df["omschrijving"])) + EDGE_CASES


def test_gate_never_changes_what_the_analyzer_finds():
    texts = corpus_texts(3000)
    gated, _ = analyze_many(texts, threshold=0.5, workers=1)
    plain = _analyze(texts, [None] * len(texts), threshold=0.5)
    differences = [
        (i, sorted(gated.get(i, [])), sorted(p))
        for i, p in enumerate(plain)
        if sorted(gated.get(i, [])) != sorted(p)
    ]
    assert differences == []
    assert sum(1 for hits in plain if hits) > 100  # the corpus really holds findings


class PresidioSpacyEngine(BlankDutchNlpEngine):
    """Presidio's own SpacyNlpEngine path: eager artifacts, full spaCy vocabulary."""

    def load(self) -> None:
        import spacy

        nlp = spacy.blank(LANGUAGE)
        nlp.add_pipe("lowercase_lemma")
        self.nlp = {LANGUAGE: nlp}

    def process_text(self, text, language):  # type: ignore[no-untyped-def]
        return SpacyNlpEngine.process_text(self, text, language)

    def _doc_to_nlp_artifact(self, doc, language):  # type: ignore[no-untyped-def]
        return SpacyNlpEngine._doc_to_nlp_artifact(self, doc, language)


@pytest.fixture(scope="module")
def presidio_analyzer() -> AnalyzerEngine:
    engine = PresidioSpacyEngine()
    engine.load()
    assert isinstance(engine.nlp[LANGUAGE], Language)
    return AnalyzerEngine(
        nlp_engine=engine,
        registry=dutch_registry(),
        supported_languages=[LANGUAGE],
        context_aware_enhancer=LemmaContextAwareEnhancer(),
    )


def _scores(analyzer: AnalyzerEngine, text: str) -> tuple[list[tuple], int]:
    """Every result down to score 0, and how many a context word supported."""
    results = analyzer.analyze(
        text=text, language=LANGUAGE, score_threshold=0.0, return_decision_process=True
    )
    scores = sorted((r.entity_type, r.start, r.end, round(r.score, 9)) for r in results)
    return scores, sum(1 for r in results if r.analysis_explanation.supportive_context_word)


def test_fast_context_enhancer_gives_presidio_scores(analyzer, presidio_analyzer):
    supported = 0
    for text in corpus_texts(600):
        ours, _ = _scores(analyzer, text)
        theirs, with_context = _scores(presidio_analyzer, text)
        assert ours == theirs, text
        supported += with_context
    assert supported > 50  # context words really were in play, so boosting was compared too
