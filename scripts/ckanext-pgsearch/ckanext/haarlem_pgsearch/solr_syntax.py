"""Parse the small part of Solr query syntax that CKAN itself sends.

CKAN's views and actions build `q`/`fq` strings such as
``+capacity:public organization:"haarlem" +state:(active OR draft)``.
To answer them from PostgreSQL we only need those fielded clauses plus free
words; anything else is refused with a clear message rather than guessed at.
Pure functions, no CKAN imports, so they are testable on their own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_CLAUSE = re.compile(
    r"""(?P<sign>[+-]?)
        (?P<field>[A-Za-z_][\w.\-]*):
        (?P<value>"(?:[^"\\]|\\.)*"|\([^)]*\)|[^\s()"]+)""",
    re.VERBOSE,
)
_OR_SPLIT = re.compile(r"\s+OR\s+")
MATCH_ALL = {"", "*:*", '""', "''", "*"}


class SyntaxRefused(ValueError):
    """A query uses Solr syntax this local replacement does not answer."""


@dataclass(frozen=True)
class Clause:
    field: str
    values: tuple[str, ...]
    negated: bool = False


def _unquote(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] == '"':
        value = value[1:-1]
    return value.replace('\\"', '"').replace("\\:", ":")


def _values(raw: str) -> tuple[str, ...]:
    if raw.startswith("(") and raw.endswith(")"):
        parts = _OR_SPLIT.split(raw[1:-1].strip())
        return tuple(_unquote(p) for p in parts if p.strip())
    return (_unquote(raw),)


def parse(text: str) -> tuple[list[Clause], list[str]]:
    """Split a q/fq string into fielded clauses and the remaining free words."""
    clauses: list[Clause] = []
    if text.strip() in MATCH_ALL:
        return clauses, []
    rest: list[str] = []
    pos = 0
    for m in _CLAUSE.finditer(text):
        rest.append(text[pos : m.start()])
        pos = m.end()
        clauses.append(
            Clause(
                field=m.group("field"),
                values=_values(m.group("value")),
                negated=m.group("sign") == "-",
            )
        )
    rest.append(text[pos:])
    words = []
    for word in " ".join(rest).split():
        word = word.strip('"')
        if word in {"AND", "&&", "+", ""} or word in MATCH_ALL:
            continue
        if word in {"OR", "NOT", "||", "-"} or word[0] in "({[" or ":" in word:
            raise SyntaxRefused(
                f"pgsearch (local CKAN without Solr) does not support the query syntax {word!r}"
            )
        words.append(word.lstrip("+"))
    return clauses, words


@dataclass(frozen=True)
class SortKey:
    field: str
    descending: bool


def parse_sort(sort: str) -> list[SortKey]:
    """`metadata_modified desc, name asc` → sort keys (score is dropped)."""
    keys = []
    for part in sort.split(","):
        bits = part.split()
        if not bits:
            continue
        if len(bits) > 2 or (len(bits) == 2 and bits[1].lower() not in {"asc", "desc"}):
            raise SyntaxRefused(f'Invalid "sort" parameter: {part.strip()!r}')
        direction = bits[1].lower() if len(bits) == 2 else "asc"
        keys.append(SortKey(bits[0], direction == "desc"))
    return keys
