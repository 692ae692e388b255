"""Shipped word lists (see README.md here for sources and licences), loaded once per process.

The name lists (``given_names.txt``, ``surnames.txt``) come from the shipped folder unless an
entry point calls :func:`use_names_dir` with another one (the setting ``pii_names_dir``,
``HAARLEM_OPENDATA_PII_NAMES_DIR``): a municipality can scan with a longer list of its own, and
the accuracy benchmark scans with a list that lacks the names it plants. The folder replaces the
shipped lists, it does not extend them. Nothing here reads the environment: the scan stage
configures this process and hands the folder to its worker processes.

Everything built from the name lists is cached with :func:`names_cache`, so switching the folder
clears exactly those caches and nothing built from the old lists survives.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import _lru_cache_wrapper, cache
from pathlib import Path
from typing import TypeVar

from haarlem_opendata.settings import PII_NAME_FILES as NAME_FILES

SHIPPED_DIR = Path(__file__).resolve().parent
T = TypeVar("T")

_names_dir = SHIPPED_DIR
_built_from_names: list[Callable[[], None]] = []  # cache_clear of each names_cache function


def names_cache(func: Callable[[], T]) -> _lru_cache_wrapper[T]:
    """``functools.cache`` for a value built from the name lists: cleared when they change."""
    cached = cache(func)
    _built_from_names.append(cached.cache_clear)
    return cached


def names_dir() -> Path:
    """Where the name lists are read in this process."""
    return _names_dir


def use_names_dir(directory: Path | str | None) -> None:
    """Read the name lists from ``directory`` (``None``: the shipped ones) from now on.

    A no-op when the folder does not change, so a worker that already built its analyzer with
    these lists keeps it.
    """
    path = SHIPPED_DIR if directory is None else Path(directory).resolve()
    missing = [name for name in NAME_FILES if not (path / name).is_file()]
    if missing:
        raise FileNotFoundError(f"PII name lists: no {', '.join(missing)} in {path}")
    global _names_dir
    if path == _names_dir:
        return
    _names_dir = path
    for clear in _built_from_names:
        clear()


def _lines(name: str, directory: Path = SHIPPED_DIR) -> tuple[str, ...]:
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


@names_cache
def given_names() -> frozenset[str]:
    names = _lines("given_names.txt", names_dir())
    return frozenset(n for n in names if n.lower() not in ordinary_words())


@names_cache
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

    with gzip.open(SHIPPED_DIR / "dutch_words.txt.gz", "rt", encoding="utf-8") as f:
        return frozenset(line.rstrip("\n") for line in f if not line.startswith("#"))


@cache
def haarlem_streets() -> tuple[str, ...]:
    return _lines("haarlem_streets.txt")
