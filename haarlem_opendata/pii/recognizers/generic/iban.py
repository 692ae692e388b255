"""IBAN: Presidio's IbanRecognizer (ISO 13616 shapes per country and the mod-97 check)."""

from __future__ import annotations

import re

from presidio_analyzer.predefined_recognizers import IbanRecognizer

from haarlem_opendata.pii.entity import STARS, EntityDefinition, Prefilter

CONTEXT = ("iban", "rekening", "rekeningnummer", "bank", "overmaken")


def _recognizer(language: str) -> IbanRecognizer:
    return IbanRecognizer(supported_language=language, context=list(CONTEXT))


def _mask(value: str) -> str:
    """The country code only, ``NL** ***``."""
    return (value[:2].upper() + "** " + STARS) if value[:2].isalpha() else STARS


DEFINITION = EntityDefinition(
    type="IBAN_CODE",
    label_nl="IBAN",
    placeholder="<IBAN>",
    recognizer=_recognizer,
    context=CONTEXT,
    mask=_mask,
    prefilter=Prefilter(shape=r"(?i)[a-z]{2}\d{2}\s?[a-z0-9]{4}"),
    header_words=frozenset({"iban", "rekeningnummer", "bankrekening"}),
    column_shape=re.compile(r"^[A-Za-z]{2}\d{2}[\sA-Za-z0-9]{10,30}$"),
)
