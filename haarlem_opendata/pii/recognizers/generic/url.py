"""URLs: Presidio's UrlRecognizer with Dutch context words."""

from __future__ import annotations

import re

from presidio_analyzer.predefined_recognizers import UrlRecognizer

from haarlem_opendata.pii.entity import STARS, EntityDefinition, Prefilter, top_level_domain

CONTEXT = ("url", "website", "link", "site")

# An e-mail address whose domain ends in one of these is always found whole by the e-mail
# recognizer, so a URL match inside it ("ziggo.nl") is dropped as nested: not worth a URL run.
_EMAIL = r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.(?:nl|com|net|org|eu|be|de|info)"
_EMAIL_TOKEN = rf"(?:^|\s){_EMAIL}(?:[.,;:!?)]*(?:\s|$))"


def _recognizer(language: str) -> UrlRecognizer:
    return UrlRecognizer(supported_language=language, context=list(CONTEXT))


def _mask(value: str) -> str:
    """The top-level domain only, ``***.com``."""
    host = re.sub(r"^[a-z]+://", "", value, flags=re.IGNORECASE).split("/")[0]
    tld = top_level_domain(host)
    return f"{STARS}.{tld}" if tld else STARS


DEFINITION = EntityDefinition(
    type="URL",
    label_nl="URL",
    placeholder="<URL>",
    recognizer=_recognizer,
    context=CONTEXT,
    mask=_mask,
    prefilter=Prefilter(shape=r"(?i)https?:|www\.|\.[a-z]{2,6}\b", ignore=_EMAIL_TOKEN),
)
