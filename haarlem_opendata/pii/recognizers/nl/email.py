"""E-mail addresses: Presidio's EmailRecognizer, validated against tldextract's bundled snapshot.

Presidio's own ``validate_result`` calls the module-level ``tldextract.extract``, which may
fetch the public suffix list over the network on first use. This subclass uses an extractor
that reads only the snapshot shipped inside the tldextract wheel.
"""

from __future__ import annotations

from typing import ClassVar

import tldextract
from presidio_analyzer.predefined_recognizers import EmailRecognizer

_OFFLINE = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None, fallback_to_snapshot=True)


class NlEmailRecognizer(EmailRecognizer):
    CONTEXT: ClassVar[list[str]] = [
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
