"""A cheap gate in front of the analyzer: which entity types could each text hold at all?

The Presidio analyzer costs about 0.15 ms per text; most meldingen text ("Boom omgevallen op de
Zijlweg") holds nothing. The gate runs RE2 regexes over the whole batch of texts at once
(pyarrow.compute: linear time, no Python per text) and returns the texts the analyzer must
see, each with the entity types whose recognizers must look at it. One coarse pattern (every
non-name gate at once) first sets aside the texts that need no more work; the per-entity
patterns and the vectorised elfproef then run on the rest only.

Each gate is meant to be a superset of what its recognizer can report above a threshold of
0.4, so the scan finds exactly what the plain analyzer finds (``tests/pii/test_fast_paths.py``
checks this on the seeded corpus). Shapes whose base score is below that (a bare date,
``2011ab``, ``ab-12-cd``, ``AB12CD``) only pass with one of the recognizer's context words in
the text, because only a context word can lift them over the threshold; nine-digit numbers
only pass when they satisfy the elfproef; phone numbers pass in every shape python-phonenumbers
accepts for NL. For names it mirrors the name rules: a cue word, initials, a lexicon given
name, or two capitalised words (with *tussenvoegsels* between) once known places and the
capitalised word after an article are removed. At or below a threshold of 0.4 the scanner does
not use the gate.

The patterns belong to the entity definitions (``Prefilter``, in each recognizer's module);
this module only runs them.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from haarlem_opendata.pii.batch_regex import any_of, match
from haarlem_opendata.pii.entities import BY_TYPE, DEFINITIONS
from haarlem_opendata.pii.entity import EntityDefinition, alternation

GATE_MIN_THRESHOLD = 0.4


@cache
def _context(entity: str) -> str:
    return "(?i)" + alternation(BY_TYPE[entity].context)


def _by_pattern() -> list[EntityDefinition]:
    """The types gated by patterns (all but those with a rule of their own)."""
    return [d for d in DEFINITIONS if d.prefilter.rule is None]


@cache
def _coarse() -> str:
    """One pattern that every pattern gate below implies: texts it misses need no more work.

    A weak shape passes only together with a context word, so the context word stands for it
    here (``[A-Z0-9]{6}`` alone would let nearly every text through).
    """
    parts = []
    for d in _by_pattern():
        shape = d.prefilter.shape_pattern()
        parts += [shape] if shape else []
        parts += [_context(d.type)] if d.prefilter.weak else []
    return any_of(parts)


def _validated(arr: pa.Array, definition: EntityDefinition) -> np.ndarray:
    """Which texts hold a match of the shape (its group ``value``) that passes ``valid``.

    Vectorised in rounds: take each text's first match, test all of them at once, blank the
    matches out (keeping a non-digit in their place) and go on with the texts that had one.
    """
    shape, valid = definition.prefilter.shape_pattern(), definition.prefilter.valid
    assert shape and valid
    found = np.zeros(len(arr), dtype=bool)
    pending = np.arange(len(arr))
    texts = arr
    while len(pending):
        values = pc.struct_field(pc.extract_regex(texts, shape), "value")
        has = ~np.asarray(pc.is_null(values).to_numpy(zero_copy_only=False), dtype=bool)
        if not has.any():
            break
        which = np.flatnonzero(has)
        passed = valid(values.filter(pa.array(has)))
        found[pending[which[passed]]] = True
        keep = which[~passed]
        texts = pc.replace_substring_regex(
            texts.take(pa.array(keep)), shape, " ", max_replacements=1
        )
        pending = pending[keep]
    return found


def _gate(arr: pa.Array, definition: EntityDefinition) -> np.ndarray:
    """The texts of ``arr`` that ``definition``'s pattern gate lets through."""
    gate = definition.prefilter
    shape = gate.shape_pattern()
    if gate.valid is not None:
        found = _validated(arr, definition)
    elif shape:
        texts = pc.replace_substring_regex(arr, gate.ignore, " ") if gate.ignore else arr
        found = match(texts, shape)
    else:
        found = np.zeros(len(arr), dtype=bool)
    if gate.weak:
        found |= match(arr, gate.weak) & match(arr, _context(definition.type))
    return found


def flagged_entities(texts: Sequence[str]) -> tuple[np.ndarray, list[list[str]]]:
    """The positions of the texts the analyzer must see, and per such text the entity types
    whose recognizers must look at it; every other text holds nothing above the threshold."""
    n = len(texts)
    if n == 0:
        return np.zeros(0, dtype=np.int64), []
    arr = pa.array(texts, type=pa.large_string())
    subset = np.flatnonzero(match(arr, _coarse()))
    sub = arr.take(pa.array(subset))
    masks: dict[str, np.ndarray] = {}
    for definition in DEFINITIONS:
        if definition.prefilter.rule is not None:  # its own rule, over every text
            masks[definition.type] = definition.prefilter.rule(arr)
        else:  # the pattern gates run on the texts the coarse pattern let through
            masks[definition.type] = np.zeros(n, dtype=bool)
            masks[definition.type][subset] = _gate(sub, definition)
    entities = list(masks)
    table = np.column_stack([masks[e] for e in entities])
    rows = np.flatnonzero(table.any(axis=1))
    names = np.array(entities, dtype=object)
    return rows, [names[row].tolist() for row in table[rows]]
