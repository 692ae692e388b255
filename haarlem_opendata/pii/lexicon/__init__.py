"""Shipped word lists (see README.md here for sources and licences), loaded once per process."""

from __future__ import annotations

from functools import cache
from pathlib import Path

_HERE = Path(__file__).parent


def _lines(name: str) -> tuple[str, ...]:
    text = (_HERE / name).read_text(encoding="utf-8")
    return tuple(s for line in text.splitlines() if (s := line.strip()) and not s.startswith("#"))


@cache
def ordinary_words() -> frozenset[str]:
    """Lower-cased capitalisable words that are not names (single words only)."""
    from spacy.lang.nl.stop_words import STOP_WORDS

    words = {w.lower() for w in _lines("ordinary_words.txt") if " " not in w}
    return frozenset(words | {w.lower() for w in STOP_WORDS})


@cache
def negative_phrases() -> frozenset[str]:
    """Lower-cased multi-word places and organisations (*Albert Heijn*, *Grote Markt*)."""
    phrases = {w.lower() for w in _lines("ordinary_words.txt") if " " in w}
    return frozenset(phrases | {s.lower() for s in haarlem_streets()})


@cache
def given_names() -> frozenset[str]:
    return frozenset(n for n in _lines("given_names.txt") if n.lower() not in ordinary_words())


@cache
def surnames() -> frozenset[str]:
    return frozenset(_lines("surnames.txt"))


@cache
def street_suffixes() -> tuple[str, ...]:
    """Endings that only streets have (-straat, -weg, -laan …)."""
    return _lines("street_suffixes.txt")


@cache
def all_street_suffixes() -> tuple[str, ...]:
    """Also endings shared with surnames (-hof, -veld …): only for addresses with a number."""
    return street_suffixes() + _lines("street_suffixes_weak.txt")


@cache
def haarlem_streets() -> tuple[str, ...]:
    return _lines("haarlem_streets.txt")
