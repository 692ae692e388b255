"""CBS-style unbiased random rounding of counts to a base (default 5), seeded.

An alternative to suppression when every cell must be shown: each count becomes one of the two
nearest multiples of the base, rounded up with probability (remainder / base), so the expected
published value equals the true value. Totals are rounded on their own and need not add up.
The seed is never published: with it, the random draws could be replayed to narrow remainders.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from haarlem_opendata.errors import InputError
from haarlem_opendata.protect.summary import RoundingSummary


@dataclass
class RoundingResult:
    table: pd.DataFrame
    base: int
    columns: list[str]

    def summary(self) -> RoundingSummary:
        return RoundingSummary(
            base=self.base,
            columns=list(self.columns),
            explanation=(
                f"Elke telling is willekeurig afgerond op een veelvoud van {self.base}: naar boven "
                f"met kans (rest / {self.base}), anders naar beneden. Gemiddeld is de afronding "
                "zuiver; totalen zijn apart afgerond en zijn daardoor niet altijd gelijk aan de "
                "som van de delen."
            ),
        )

    def to_metadata(self) -> dict:
        return self.summary().to_dict()


def round_counts(
    table: pd.DataFrame,
    counts: list[str],
    *,
    base: int = 5,
    seed: int = 0,
    file: str | Path = "<tabel>",
) -> RoundingResult:
    """Round ``counts`` columns of ``table`` unbiasedly to multiples of ``base`` (seeded)."""
    if base < 2:
        raise ValueError("base must be at least 2")
    rng = np.random.default_rng(seed)
    out = table.copy()
    for col in counts:
        if col not in table.columns:
            raise InputError(file, "telkolom ontbreekt", column=col)
        values = pd.to_numeric(table[col], errors="coerce")
        if values.isna().any():
            raise InputError(
                file,
                "waarde ontbreekt of is geen getal",
                column=col,
                row=int(np.flatnonzero(values.isna().to_numpy())[0]) + 1,
            )
        x = values.to_numpy(dtype=float)
        for bad, what in (
            (x < 0, "negatieve telling"),
            (x != np.round(x), "telling is geen geheel getal"),
        ):
            if bad.any():
                raise InputError(file, what, column=col, row=int(np.flatnonzero(bad)[0]) + 1)
        x = x.astype(np.int64)
        rest = x % base
        up = rng.random(len(x)) * base < rest
        out[col] = pd.array(x - rest + base * up, dtype="Int64")
    return RoundingResult(table=out, base=base, columns=list(counts))
