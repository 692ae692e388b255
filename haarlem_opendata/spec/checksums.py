"""The two check-digit tests the project uses, each written once: the elfproef and IBAN mod-97.

Standard library only and kept in the leaf ``spec`` package, so the Presidio scanner (``pii/``),
the independent last net (``net/``) and the besluiten register's RSIN check (``spec/besluiten``)
share one tested implementation without depending on each other. The test-data generators keep their
own code on purpose: a generator of valid BSNs must not share the detector's arithmetic.

The *elfproef* (BSN, RSIN): nine digits d1..d9 with 9*d1 + 8*d2 + ... + 2*d8 - 1*d9 divisible by
11, and not all zero. IBAN (ISO 13616): country and check digits moved to the end, letters read
as 10..35, the number modulo 97 is 1.
"""

from __future__ import annotations

ELFPROEF_WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2, -1)


def elfproef(digits: str) -> bool:
    """Whether ``digits`` (exactly nine digits, no separators) pass the elfproef."""
    if len(digits) != 9 or not digits.isdecimal() or int(digits) == 0:
        return False
    return sum(w * int(d) for w, d in zip(ELFPROEF_WEIGHTS, digits, strict=True)) % 11 == 0


def iban_mod97(compact: str) -> bool:
    """Whether ``compact`` (an IBAN without spaces) has valid ISO 13616 check digits."""
    compact = compact.upper()
    if not 15 <= len(compact) <= 34 or not compact.isalnum():
        return False
    if not (compact[:2].isalpha() and compact[2:4].isdigit()):
        return False
    moved = compact[4:] + compact[:4]
    return int("".join(str(int(c, 36)) for c in moved)) % 97 == 1
