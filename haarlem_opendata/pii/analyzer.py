"""The Dutch (``nl``) Presidio AnalyzerEngine: every recognizer is registered here, once.

Built lazily and cached per process (each scan worker builds its own). Nothing is downloaded:
the NLP engine is a blank spaCy pipeline and e-mail validation uses tldextract's bundled
snapshot; the environment variable below also keeps any other tldextract user offline.
"""

from __future__ import annotations

import os

os.environ["TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS"] = ""

from functools import cache

from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
from presidio_analyzer.context_aware_enhancers import LemmaContextAwareEnhancer
from presidio_analyzer.predefined_recognizers import (
    IbanRecognizer,
    IpRecognizer,
    UrlRecognizer,
)

from haarlem_opendata.pii.nlp import LANGUAGE, BlankDutchNlpEngine
from haarlem_opendata.pii.recognizers.nl import (
    NlAddressRecognizer,
    NlBsnRecognizer,
    NlDateOfBirthRecognizer,
    NlEmailRecognizer,
    NlKentekenRecognizer,
    NlPersonNameRecognizer,
    NlPhoneRecognizer,
    NlPostcodeRecognizer,
)

ENTITY_LABELS_NL = {
    "PERSON": "naam",
    "PHONE_NUMBER": "telefoonnummer",
    "EMAIL_ADDRESS": "e-mailadres",
    "NL_BSN": "BSN",
    "NL_POSTCODE": "postcode",
    "NL_ADDRESS": "adres",
    "NL_KENTEKEN": "kenteken",
    "IBAN_CODE": "IBAN",
    "URL": "URL",
    "IP_ADDRESS": "IP-adres",
    "DATE_OF_BIRTH": "geboortedatum",
}


def dutch_registry() -> RecognizerRegistry:
    registry = RecognizerRegistry(supported_languages=[LANGUAGE])
    for recognizer in (
        NlBsnRecognizer(),
        NlPostcodeRecognizer(),
        NlAddressRecognizer(),
        NlKentekenRecognizer(),
        NlPhoneRecognizer(),
        NlDateOfBirthRecognizer(),
        NlPersonNameRecognizer(),
        NlEmailRecognizer(),
        IbanRecognizer(
            supported_language=LANGUAGE,
            context=["iban", "rekening", "rekeningnummer", "bank", "overmaken"],
        ),
        UrlRecognizer(supported_language=LANGUAGE, context=["url", "website", "link", "site"]),
        IpRecognizer(supported_language=LANGUAGE, context=["ip", "ip-adres", "ipv4", "ipv6"]),
    ):
        registry.add_recognizer(recognizer)
    return registry


@cache
def build_analyzer() -> AnalyzerEngine:
    """The process-wide Dutch analyzer (built on first call)."""
    nlp_engine = BlankDutchNlpEngine()
    nlp_engine.load()
    return AnalyzerEngine(
        nlp_engine=nlp_engine,
        registry=dutch_registry(),
        supported_languages=[LANGUAGE],
        context_aware_enhancer=LemmaContextAwareEnhancer(),
    )
