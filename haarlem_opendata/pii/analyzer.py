"""The Dutch (``nl``) Presidio AnalyzerEngine, with one recognizer per entity definition.

Built lazily and cached per process (each scan worker builds its own), from the name lists
:mod:`lexicon` is set to read. Nothing is downloaded: the NLP engine is a blank spaCy pipeline
and e-mail validation uses an offline tldextract extractor over its bundled snapshot
(``NlEmailRecognizer``); no registered recognizer calls the module-level ``tldextract.extract``,
so no environment variable is needed to stay offline.
"""

from __future__ import annotations

import logging

from presidio_analyzer import AnalyzerEngine, RecognizerRegistry

from haarlem_opendata.pii.context import FastLemmaContextAwareEnhancer
from haarlem_opendata.pii.entities import DEFINITIONS, ENTITY_LABELS_NL
from haarlem_opendata.pii.lexicon import names_cache
from haarlem_opendata.pii.nlp import LANGUAGE, BlankDutchNlpEngine

__all__ = ["ENTITY_LABELS_NL", "build_analyzer", "dutch_registry"]  # pii exports the labels here


def _no_debug(record: logging.LogRecord) -> bool:
    return record.levelno >= logging.INFO


# Presidio logs the words around every finding at DEBUG ("Context list is: …"): raw values.
for _name in ("presidio-analyzer", "presidio-anonymizer"):
    logging.getLogger(_name).setLevel(logging.INFO)
    logging.getLogger(_name).addFilter(_no_debug)


def dutch_registry() -> RecognizerRegistry:
    """One recognizer per entity definition (``entities.py``)."""
    registry = RecognizerRegistry(supported_languages=[LANGUAGE])
    for definition in DEFINITIONS:
        registry.add_recognizer(definition.recognizer(LANGUAGE))
    return registry


@names_cache  # its person-name recognizer holds the name lists
def build_analyzer() -> AnalyzerEngine:
    """The process-wide Dutch analyzer (built on first call, again after the name lists change)."""
    nlp_engine = BlankDutchNlpEngine()
    nlp_engine.load()
    analyzer = AnalyzerEngine(
        nlp_engine=nlp_engine,
        registry=dutch_registry(),
        supported_languages=[LANGUAGE],
        context_aware_enhancer=FastLemmaContextAwareEnhancer(),
    )
    # Compile every pattern and load tldextract's snapshot now, before worker processes fork.
    analyzer.analyze(_WARM_UP, language=LANGUAGE)
    return analyzer


_WARM_UP = (
    "Mevr. J. de Vries, geb. 01-02-1980, Zijlweg 1, 2011 AB, tel 0612345678, bsn 111222333, "
    "j@example.nl, https://example.nl, 10.0.0.1, NL91ABNA0417164300, kenteken AB-12-CD."
)
