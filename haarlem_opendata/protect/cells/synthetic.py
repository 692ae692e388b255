"""Seeded synthetic count tables with the shape of CBS wijken en buurten, for tests and benchmarks.

Shapes follow the Dutch hierarchy (gemeente ⊃ wijk ⊃ buurt, CBS codes) and the municipal
social-domain columns (Wmo by sex and by age band, bijstand and jeugdhulp by sex), so the
protection code can be exercised at Haarlem and at national scale without real personal data.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from haarlem_opendata.generators.sociaal_domein import COUNT_COLUMNS
from haarlem_opendata.protect.cells.config import Relation

SOCIAAL_DOMEIN_COUNTS = COUNT_COLUMNS  # the generator's columns, at national scale
SOCIAAL_DOMEIN_RELATIONS = [
    Relation(total="wmo_totaal", parts=["wmo_man", "wmo_vrouw"]),
    Relation(total="wmo_totaal", parts=["wmo_0_64", "wmo_65_plus"]),
    Relation(total="bijstand_totaal", parts=["bijstand_man", "bijstand_vrouw"]),
    Relation(total="jeugdhulp_totaal", parts=["jeugdhulp_man", "jeugdhulp_vrouw"]),
]


def buurt_counts(inwoners: np.ndarray, rng: np.random.Generator) -> pd.DataFrame:
    """Social-domain counts per buurt from its population; every column relation holds."""
    n = len(inwoners)
    wmo = rng.poisson(inwoners * rng.uniform(0.03, 0.09, n))
    wmo_man = rng.binomial(wmo, 0.42)
    wmo_oud = rng.binomial(wmo, 0.6)
    bijstand = rng.poisson(inwoners * rng.uniform(0.01, 0.06, n))
    bijstand_man = rng.binomial(bijstand, 0.47)
    jeugd = rng.poisson(inwoners * rng.uniform(0.01, 0.05, n))
    jeugd_man = rng.binomial(jeugd, 0.55)
    return pd.DataFrame(
        {
            "wmo_totaal": wmo,
            "wmo_man": wmo_man,
            "wmo_vrouw": wmo - wmo_man,
            "wmo_0_64": wmo - wmo_oud,
            "wmo_65_plus": wmo_oud,
            "bijstand_totaal": bijstand,
            "bijstand_man": bijstand_man,
            "bijstand_vrouw": bijstand - bijstand_man,
            "jeugdhulp_totaal": jeugd,
            "jeugdhulp_man": jeugd_man,
            "jeugdhulp_vrouw": jeugd - jeugd_man,
        }
    )


def add_region_totals(
    buurten: pd.DataFrame, counts: list[str], code_column: str = "regio_code"
) -> pd.DataFrame:
    """Append wijk and gemeente rows (sums of their buurten), ordered gemeente, wijk, buurten."""
    b = buurten.copy()
    b["_wijk"] = "WK" + b[code_column].str[2:8]
    b["_gem"] = "GM" + b[code_column].str[2:6]
    wijk = (
        b.groupby("_wijk", sort=True)[counts]
        .sum()
        .reset_index()
        .rename(columns={"_wijk": code_column})
    )
    gem = (
        b.groupby("_gem", sort=True)[counts]
        .sum()
        .reset_index()
        .rename(columns={"_gem": code_column})
    )
    parts = [gem, wijk, b.drop(columns=["_wijk", "_gem"])]
    out = pd.concat(parts, ignore_index=True)
    sort_key = out[code_column].str[2:].str.ljust(8, "0") + out[code_column].str[:2].map(
        {"GM": "0", "WK": "1", "BU": "2"}
    )
    order = np.lexsort((out[code_column].to_numpy(), sort_key.to_numpy()))
    return out.iloc[order].reset_index(drop=True)[
        [code_column, *counts, *[c for c in out.columns if c not in counts and c != code_column]]
    ]


def national_table(
    n_gemeenten: int = 350, wijken: int = 3300, buurten: int = 14000, seed: int = 0
) -> pd.DataFrame:
    """A country-shaped table: ``n_gemeenten`` with about ``wijken`` wijken and ``buurten`` buurten."""
    rng = np.random.default_rng(seed)
    wijk_per_gem = 1 + rng.multinomial(
        wijken - n_gemeenten, rng.dirichlet(np.ones(n_gemeenten) * 2)
    )
    wijk_per_gem = np.minimum(wijk_per_gem, 99)
    n_wijk = int(wijk_per_gem.sum())
    buurt_per_wijk = 1 + rng.multinomial(buurten - n_wijk, rng.dirichlet(np.ones(n_wijk) * 2))
    buurt_per_wijk = np.minimum(buurt_per_wijk, 99)
    codes = []
    k = 0
    for g in range(n_gemeenten):
        for w in range(wijk_per_gem[g]):
            for b in range(buurt_per_wijk[k]):
                codes.append(f"BU{g + 1:04d}{w:02d}{b:02d}")
            k += 1
    inwoners = np.round(rng.lognormal(np.log(900), 1.0, len(codes))).astype(int)
    table = buurt_counts(inwoners, rng)
    table.insert(0, "regio_code", codes)
    return add_region_totals(table, SOCIAAL_DOMEIN_COUNTS)
