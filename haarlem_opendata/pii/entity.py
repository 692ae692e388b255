"""What the scanner knows about one kind of personal data, in one place.

Each recognizer module (``recognizers/nl/*``, ``recognizers/generic/*``) ends with one
``DEFINITION``; ``entities.py`` collects them, and every table the scanner uses is derived from
that collection: the analyzer's recognizers, the pre-filter gate, the whole-column rules, the
masks, the redaction placeholders and the Dutch labels in reports. This module holds only the
shape of a definition (no Presidio import), so it can be read without loading the analyzer.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np
    import pyarrow as pa

STARS = "***"


@dataclass(frozen=True)
class Prefilter:
    """Which texts the pre-filter gate lets through for one entity type (RE2 syntax, no
    look-around). Meant as a superset of what the recognizer reports above a score of 0.4.

    ``shape``: a text matching it may hold the entity (a function when the pattern is built
    from the lexicon on first use). ``weak``: a shape whose score stays below the threshold
    unless one of the recognizer's context words occurs in the text. ``valid``: a match of
    ``shape`` (its group ``value``) counts only where this is true, tested for all matches at
    once (the elfproef).
    ``ignore``: stretches removed before looking for ``shape`` (e-mail addresses, for URLs).
    ``rule``: the gate as a function over the whole batch, for types no pattern captures (names).
    """

    shape: str | Callable[[], str] | None = None
    weak: str | None = None
    valid: Callable[[pa.Array], np.ndarray] | None = None
    ignore: str | None = None
    rule: Callable[[pa.Array], np.ndarray] | None = None

    def shape_pattern(self) -> str | None:
        return self.shape() if callable(self.shape) else self.shape


@dataclass(frozen=True)
class EntityDefinition:
    """One entity type: how it is recognised, gated, masked, redacted and named in Dutch.

    ``recognizer`` builds the Presidio recognizer for a language; ``context`` are its context
    words. ``mask`` shows a found value without showing it (``j***@***.nl``): at most a first
    character and a non-identifying tail, never the value's length. ``header_words`` are column
    header words that say a column holds this type; ``column_shape`` is what each cell of such a
    column looks like.
    """

    type: str
    label_nl: str  # in reports: "3× telefoonnummer in kolom 'omschrijving'"
    placeholder: str  # what redaction writes in its place: "<TELEFOON>"
    recognizer: Callable[[str], Any]
    context: tuple[str, ...]
    mask: Callable[[str], str]
    prefilter: Prefilter
    header_words: frozenset[str] = frozenset()
    column_shape: re.Pattern[str] | None = None


def mask_first(value: str) -> str:
    """The first character, then stars: ``Z***``."""
    stripped = value.strip()
    return (stripped[:1] if stripped else "") + STARS


def mask_every_part(value: str) -> str:
    """Every run of letters and digits as stars, the separators kept: ``***-***-***``."""
    return re.sub(r"[0-9A-Za-z]+", STARS, value)[:24]


def top_level_domain(host: str) -> str:
    """``nl`` of ``ziggo.nl``; empty when the last label is not alphabetic."""
    tld = host.rsplit(".", 1)[-1] if "." in host else ""
    return tld if tld.isalpha() else ""


def alternation(words: Iterable[str]) -> str:
    """``words`` as one regex alternation, longest first (so ``Zijlweg`` wins over ``Zijl``)."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
