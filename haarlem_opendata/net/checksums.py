"""The two checksums the net needs, written here on purpose (no shared code with ``pii/``).

A BSN passes the *elfproef* (weights 9..2 and -1, sum divisible by 11); an IBAN passes ISO 13616's
mod-97 check (country and check digits moved to the end, letters as 10..35, remainder 1).
"""

from __future__ import annotations


def elfproef(digits: str) -> bool:
    if len(digits) != 9 or not digits.isdigit() or int(digits) == 0:
        return False
    weights = (9, 8, 7, 6, 5, 4, 3, 2, -1)
    return sum(w * int(d) for w, d in zip(weights, digits)) % 11 == 0


def iban_mod97(compact: str) -> bool:
    compact = compact.upper()
    if not 15 <= len(compact) <= 34 or not compact.isalnum():
        return False
    if not (compact[:2].isalpha() and compact[2:4].isdigit()):
        return False
    moved = compact[4:] + compact[:4]
    return int("".join(str(int(c, 36)) for c in moved)) % 97 == 1
