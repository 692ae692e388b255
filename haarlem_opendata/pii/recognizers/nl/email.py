"""E-mail addresses: Presidio's EmailRecognizer, validated against tldextract's bundled snapshot.

Presidio's own ``validate_result`` calls the module-level ``tldextract.extract``, which may
fetch the public suffix list over the network on first use. This subclass uses an extractor
that reads only the snapshot shipped inside the tldextract wheel.
"""

from __future__ import annotations

import re

import tldextract
from presidio_analyzer.predefined_recognizers import EmailRecognizer

from haarlem_opendata.pii.entity import (
    STARS,
    EntityDefinition,
    Prefilter,
    mask_first,
    top_level_domain,
)

_OFFLINE = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None, fallback_to_snapshot=True)


class NlEmailRecognizer(EmailRecognizer):
    CONTEXT = [
        "email",
        "e-mail",
        "mail",
        "mailen",
        "gemaild",
        "mailadres",
        "e-mailadres",
    ]

    def __init__(self, supported_language: str = "nl", supported_entity: str = "EMAIL_ADDRESS"):
        super().__init__(
            context=self.CONTEXT,
            supported_language=supported_language,
            supported_entity=supported_entity,
        )

    def validate_result(self, pattern_text: str) -> bool:
        return _OFFLINE(pattern_text).fqdn != ""


def _mask(value: str) -> str:
    """``j***@***.nl``: the first character and the top-level domain."""
    if "@" not in value:
        return mask_first(value)
    local, _, domain = value.rpartition("@")
    tld = top_level_domain(domain)
    return f"{mask_first(local)}@{STARS}" + (f".{tld}" if tld else "")


DEFINITION = EntityDefinition(
    type="EMAIL_ADDRESS",
    label_nl="e-mailadres",
    placeholder="<EMAIL>",
    recognizer=NlEmailRecognizer,
    context=tuple(NlEmailRecognizer.CONTEXT),
    mask=_mask,
    prefilter=Prefilter(shape="@"),
    header_words=frozenset({"email", "e-mail", "mail", "emailadres", "e-mailadres", "mailadres"}),
    column_shape=re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$"),
)
