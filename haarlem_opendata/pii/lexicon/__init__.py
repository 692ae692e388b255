"""Shipped word lists (see README.md here for sources and licences), loaded once per process.

The name lists (``given_names.txt``, ``surnames.txt``) are read from the directory in
``HAARLEM_OPENDATA_PII_NAMES_DIR`` when it is set: a municipality can scan with a longer list
of its own, and the accuracy benchmark scans with a list that lacks the names it plants. Set it
before the first scan; worker processes inherit it.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

_HERE = Path(__file__).parent
NAMES_DIR_ENV = "HAARLEM_OPENDATA_PII_NAMES_DIR"
NAME_FILES = ("given_names.txt", "surnames.txt")


def names_dir() -> Path:
    """Where the name lists are read: the shipped ones unless the environment says otherwise."""
    configured = os.environ.get(NAMES_DIR_ENV, "").strip()
    if not configured:
        return _HERE
    path = Path(configured)
    missing = [name for name in NAME_FILES if not (path / name).is_file()]
    if missing:
        raise FileNotFoundError(f"{NAMES_DIR_ENV}={configured}: no {', '.join(missing)} there")
    return path


def _lines(name: str, directory: Path = _HERE) -> tuple[str, ...]:
    text = (directory / name).read_text(encoding="utf-8")
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
    names = _lines("given_names.txt", names_dir())
    return frozenset(n for n in names if n.lower() not in ordinary_words())


@cache
def surnames() -> frozenset[str]:
    return frozenset(_lines("surnames.txt", names_dir()))


@cache
def street_suffixes() -> tuple[str, ...]:
    """Endings that only streets have (-straat, -weg, -laan …)."""
    return _lines("street_suffixes.txt")


@cache
def all_street_suffixes() -> tuple[str, ...]:
    """Also endings shared with surnames (-hof, -veld …): only for addresses with a number."""
    return street_suffixes() + _lines("street_suffixes_weak.txt")


@cache
def dutch_words() -> frozenset[str]:
    """Lower-case Dutch words of three letters or more (OpenTaal): what a lower-case word after
    *van* is when it is not a surname."""
    import gzip

    with gzip.open(_HERE / "dutch_words.txt.gz", "rt", encoding="utf-8") as f:
        return frozenset(line.rstrip("\n") for line in f if not line.startswith("#"))


@cache
def haarlem_streets() -> tuple[str, ...]:
    return _lines("haarlem_streets.txt")
