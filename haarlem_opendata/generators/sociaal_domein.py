"""Seeded municipal social-domain counts per buurt (Wmo, bijstand, jeugdhulp) — GENERATED data.

The real counts are personal data the municipality may not ship, so the embedded default uses
counts drawn per buurt from the real CBS population: Wmo ≈ 3 % of under-65s + 15 % of over-65s,
bijstand ≈ 3 % of 18–64-year-olds, jeugdhulp ≈ 10 % of under-18s (the CBS extract has no under-18
column, so a fixed share stands in). Binomial draws keep every count within its population and
leave many small buurt cells under 10 — exactly what small-cell protection must handle. Relations
hold exactly (totaal = man + vrouw = 0_64 + 65_plus) and wijk and gemeente rows are sums of
their buurten, so secondary suppression has real margins to protect.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from haarlem_opendata.sources.cbs import read_kwb_gemeenten

SEED = 20170101
SHARE_UNDER_18 = 0.23  # of the under-65s in Haarlem, roughly; this extract has no 0–18 band
RATES = {"wmo_0_64": 0.03, "wmo_65_plus": 0.15, "bijstand": 0.03, "jeugdhulp": 0.10}
SHARE_MAN = {"wmo": 0.40, "bijstand": 0.46, "jeugdhulp": 0.58}
COUNT_COLUMNS = [
    "wmo_totaal",
    "wmo_man",
    "wmo_vrouw",
    "wmo_0_64",
    "wmo_65_plus",
    "bijstand_totaal",
    "bijstand_man",
    "bijstand_vrouw",
    "jeugdhulp_totaal",
    "jeugdhulp_man",
    "jeugdhulp_vrouw",
]


def generate(cbs: pd.DataFrame, seed: int = SEED) -> pd.DataFrame:
    """Counts for every region row of a cleaned CBS table (see :func:`read_kwb_csv`)."""
    rng = np.random.default_rng(seed)
    buurten = cbs[cbs["soort_regio"] == "buurt"]
    rows = []
    for _, b in buurten.iterrows():
        total, old = b["AantalInwoners_5"], b["k_65JaarOfOuder_12"]
        if pd.isna(total) or pd.isna(old):
            # CBS kept the population secret: a small made-up population, still labelled generated.
            total = int(rng.integers(0, 40))
            old = int(rng.binomial(total, 0.2))
        total, old = int(total), min(int(old), int(total))
        young = total - old
        under_18 = int(rng.binomial(young, SHARE_UNDER_18))
        adults = young - under_18
        wmo_young = rng.binomial(young, RATES["wmo_0_64"])
        wmo_old = rng.binomial(old, RATES["wmo_65_plus"])
        wmo = wmo_young + wmo_old
        bijstand = rng.binomial(adults, RATES["bijstand"])
        jeugd = rng.binomial(under_18, RATES["jeugdhulp"])
        wmo_man = rng.binomial(wmo, SHARE_MAN["wmo"])
        bijstand_man = rng.binomial(bijstand, SHARE_MAN["bijstand"])
        jeugd_man = rng.binomial(jeugd, SHARE_MAN["jeugdhulp"])
        rows.append(
            {
                "regio_code": b["regio_code"],
                "wijk_code": b["wijk_code"],
                "gemeente_code": b["gemeente_code"],
                "wmo_totaal": wmo,
                "wmo_man": wmo_man,
                "wmo_vrouw": wmo - wmo_man,
                "wmo_0_64": wmo_young,
                "wmo_65_plus": wmo_old,
                "bijstand_totaal": bijstand,
                "bijstand_man": bijstand_man,
                "bijstand_vrouw": bijstand - bijstand_man,
                "jeugdhulp_totaal": jeugd,
                "jeugdhulp_man": jeugd_man,
                "jeugdhulp_vrouw": jeugd - jeugd_man,
            }
        )
    per_buurt = pd.DataFrame(rows)
    per_wijk = per_buurt.groupby("wijk_code", sort=False)[COUNT_COLUMNS].sum()
    per_gemeente = per_buurt.groupby("gemeente_code", sort=False)[COUNT_COLUMNS].sum()
    by_code = {
        **dict(per_buurt.set_index("regio_code")[COUNT_COLUMNS].iterrows()),
        **dict(per_wijk.iterrows()),
        **dict(per_gemeente.iterrows()),
    }
    # Same row order as the CBS file; a wijk without buurten gets zeros.
    out = pd.DataFrame(
        [by_code.get(code, pd.Series(0, index=COUNT_COLUMNS)) for code in cbs["regio_code"]]
    ).reset_index(drop=True)
    out.insert(0, "regio_code", cbs["regio_code"].astype(str).to_numpy())
    out["regio_code"] = out["regio_code"].astype("string")
    return out.astype(dict.fromkeys(COUNT_COLUMNS, "Int64"))


def generate_per_gemeente(tables: dict[str, pd.DataFrame], seed: int = SEED) -> pd.DataFrame:
    """Counts for every gemeente of a national file, each drawn on its own with the same seed.

    A gemeente's counts then depend on its own CBS rows only: publishing one gemeente or all of
    them gives the same numbers, and Haarlem's are those of a Haarlem-only file.
    """
    return pd.concat([generate(table, seed) for table in tables.values()], ignore_index=True)


def write(cbs_csv: Path, gemeenten_csv: Path, target: Path, seed: int = SEED) -> Path:
    """The national file: every gemeente of ``gemeenten_csv`` (CBS list) from ``cbs_csv``."""
    codes = pd.read_csv(gemeenten_csv, dtype=str)["code"].tolist()
    table = generate_per_gemeente(read_kwb_gemeenten(cbs_csv, codes), seed)
    table.to_parquet(target, index=False, compression="zstd")
    return target
