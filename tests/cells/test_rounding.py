"""Unbiased random rounding to base 5: unbiased on average, reproducible per seed."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from haarlem_opendata.errors import InputError
from haarlem_opendata.protect.cells import protect_count_table, round_counts
from haarlem_opendata.spec import CellProtectionSpec

TRUE = [0, 1, 3, 4, 5, 7, 12, 98]


def test_rounding_is_unbiased_over_many_seeds():
    table = pd.DataFrame({"n": TRUE})
    draws = np.array(
        [round_counts(table, ["n"], seed=s).table["n"].to_numpy(dtype=float) for s in range(2000)]
    )
    # Standard error of the mean is at most 2.5 / sqrt(2000) ≈ 0.056; allow well over 4 of them.
    assert np.abs(draws.mean(axis=0) - np.array(TRUE)).max() < 0.25
    assert (draws % 5 == 0).all()
    assert (np.abs(draws - np.array(TRUE)) < 5).all()
    assert (draws[:, 0] == 0).all() and (draws[:, 4] == 5).all()  # multiples of 5 stay put


def test_same_seed_same_result_and_seeds_differ():
    table = pd.DataFrame({"n": TRUE * 5, "m": list(range(40))})
    a = round_counts(table, ["n", "m"], seed=3).table
    b = round_counts(table, ["n", "m"], seed=3).table
    c = round_counts(table, ["n", "m"], seed=4).table
    pd.testing.assert_frame_equal(a, b)
    assert not a.equals(c)
    assert a["n"].dtype == "Int64"


def test_rounding_via_spec_states_it_in_the_metadata_without_the_seed():
    spec = CellProtectionSpec(method="rounding", counts=["n"], seed=11)
    result = protect_count_table(pd.DataFrame({"n": TRUE}), spec, metadata_dir=".")
    meta = result.to_metadata()
    assert meta["method"] == "rounding" and meta["basis"] == 5
    assert "seed" not in str(meta).lower()


def test_negative_count_is_refused():
    with pytest.raises(InputError) as err:
        round_counts(pd.DataFrame({"n": [3, -2]}), ["n"])
    assert err.value.row == 2 and err.value.column == "n"
