"""ensure_room: a small hidden cell gets enough hidden mass next to it in every relation."""

from __future__ import annotations

import numpy as np
import pandas as pd

from haarlem_opendata.protect.cells.audit import feasible_intervals
from haarlem_opendata.protect.cells.model import build_model, check_counts
from haarlem_opendata.protect.cells.room import ensure_room
from haarlem_opendata.spec import Relation

COLUMNS = ["totaal", "a", "b", "c", "d"]


def _model(row: dict):
    table = pd.DataFrame([row])
    relations = [Relation(total="totaal", parts=["a", "b", "c", "d"])]
    model = build_model(table, region=None, counts=COLUMNS, relations=relations)
    return model, check_counts(table, model)


def _mask(*names: str) -> np.ndarray:
    return np.array([c in names for c in COLUMNS])


def test_a_small_partner_is_not_enough_so_the_smallest_large_enough_part_is_hidden():
    model, values = _model({"totaal": 26, "a": 1, "b": 2, "c": 9, "d": 14})
    added = ensure_room(model, values, _mask("a", "b"), _mask("a"), width=5)
    assert [COLUMNS[i] for i in np.flatnonzero(added)] == ["c"]  # 9 >= 5 - 1 - 2; 14 is larger
    # and the attacker's interval for a is now at least 5 wide (an independent LP check)
    hidden = np.flatnonzero(_mask("a", "b") | added)
    iv = feasible_intervals(model.A, values, hidden)
    assert iv.width[list(hidden).index(1)] >= 5


def test_enough_room_or_a_hidden_total_adds_nothing():
    model, values = _model({"totaal": 26, "a": 1, "b": 6, "c": 5, "d": 14})
    assert not ensure_room(model, values, _mask("a", "b"), _mask("a"), width=5).any()
    model, values = _model({"totaal": 26, "a": 1, "b": 2, "c": 9, "d": 14})
    assert not ensure_room(model, values, _mask("a", "totaal"), _mask("a"), width=5).any()


def test_without_a_large_enough_part_the_largest_is_taken_and_the_next_pass_adds_more():
    model, values = _model({"totaal": 10, "a": 1, "b": 1, "c": 2, "d": 6})
    added = ensure_room(model, values, _mask("a", "b"), _mask("a"), width=10)
    # need 9, room 1: d (6) is the largest; still short, so c (2) follows in the next pass
    assert set(np.array(COLUMNS)[added]) == {"c", "d"}
