"""RE2 over a whole batch of texts at once (pyarrow.compute): linear time, no Python per text.

Shared by the pre-filter gate and the name gate (``recognizers/nl/person_name_gate.py``).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc


def match(arr: pa.Array, pattern: str) -> np.ndarray:
    """Per text in ``arr``: whether the RE2 ``pattern`` matches somewhere in it."""
    return pc.match_substring_regex(arr, pattern).to_numpy(zero_copy_only=False)


def any_of(patterns: Sequence[str]) -> str:
    """One pattern matching where any of ``patterns`` does."""
    # each in its own group, so a leading (?i) stays inside it
    return "|".join(f"(?:{p})" for p in patterns)
