"""Show a found value without showing it: ``jan.jansen@ziggo.nl`` becomes ``j***@***.nl``.

Used for every value that appears in a report, check metadata or log. The mask never depends on
the value's length and keeps at most a first character and a non-identifying tail (a top-level
domain, a postcode's first two digits, an IBAN's country code).
"""

from __future__ import annotations

import re

_STARS = "***"


def _first(value: str) -> str:
    stripped = value.strip()
    return (stripped[:1] if stripped else "") + _STARS


def mask_value(value: str, entity_type: str) -> str:
    value = str(value).strip()
    if not value:
        return _STARS
    if entity_type == "EMAIL_ADDRESS" and "@" in value:
        local, _, domain = value.rpartition("@")
        tld = domain.rsplit(".", 1)[-1] if "." in domain else ""
        return f"{_first(local)}@{_STARS}" + (f".{tld}" if tld.isalpha() else "")
    if entity_type == "PERSON":
        return " ".join(w[:1] + _STARS for w in value.split()[:2] if w[:1].isalpha()) or _STARS
    if entity_type == "NL_POSTCODE":
        return (value[:2] + "** **") if value[:2].isdigit() else _STARS
    if entity_type == "IBAN_CODE":
        return (value[:2].upper() + "** " + _STARS) if value[:2].isalpha() else _STARS
    if entity_type == "URL":
        host = re.sub(r"^[a-z]+://", "", value, flags=re.IGNORECASE).split("/")[0]
        tld = host.rsplit(".", 1)[-1] if "." in host else ""
        return f"{_STARS}.{tld}" if tld.isalpha() else _STARS
    if entity_type == "PHONE_NUMBER":
        digits = re.sub(r"\D", "", value)
        return (digits[:2] + "********") if digits else _STARS
    if entity_type == "NL_ADDRESS":
        return _first(value) + " <nr>"
    if entity_type in ("NL_BSN", "NL_KENTEKEN", "IP_ADDRESS", "DATE_OF_BIRTH"):
        return re.sub(r"[0-9A-Za-z]+", _STARS, value)[:24]
    return _first(value)
