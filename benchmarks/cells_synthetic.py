"""Count tables on the REAL national region hierarchy, for the national cell-suppression benchmark.

The hierarchy and buurt populations are the real CBS *Kerncijfers wijken en buurten 2017*
(datasets/data/kwb2017_nl.csv, CC-BY 4.0 CBS); the counts are generated from those populations,
so the benchmark has the real shape (387 gemeenten, 3,067 wijken, 13,198 buurten, the real
spread of buurt sizes) without real personal data. Two kinds of counts:

* ``sex_age``: 6 columns, total = man + vrouw and total = 0-17 + 18-64 + 65+ (two overlapping
  relations on one total);
* ``sociaal_domein``: the project's 11 columns (haarlem_opendata/generators/sociaal_domein.py).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from haarlem_opendata.generators.sociaal_domein import COUNT_COLUMNS, generate
from haarlem_opendata.spec import Relation

NL_CSV = Path(__file__).resolve().parents[1] / "datasets/data/kwb2017_nl.csv"

SOCIAAL_DOMEIN_COUNTS = COUNT_COLUMNS
SOCIAAL_DOMEIN_RELATIONS = [
    Relation(total="wmo_totaal", parts=["wmo_man", "wmo_vrouw"]),
    Relation(total="wmo_totaal", parts=["wmo_0_64", "wmo_65_plus"]),
    Relation(total="bijstand_totaal", parts=["bijstand_man", "bijstand_vrouw"]),
    Relation(total="jeugdhulp_totaal", parts=["jeugdhulp_man", "jeugdhulp_vrouw"]),
]
SEX_AGE_COUNTS = ["totaal", "man", "vrouw", "leeftijd_0_17", "leeftijd_18_64", "leeftijd_65_plus"]
SEX_AGE_RELATIONS = [
    Relation(total="totaal", parts=["man", "vrouw"]),
    Relation(total="totaal", parts=["leeftijd_0_17", "leeftijd_18_64", "leeftijd_65_plus"]),
]


def national_regions(path: Path = NL_CSV) -> pd.DataFrame:
    """Gemeente, wijk and buurt rows of the CBS file (NL00 dropped), in file order.

    Columns: regio_code, soort_regio, wijk_code, gemeente_code, AantalInwoners_5,
    k_65JaarOfOuder_12 (Int64, NA where CBS kept the value secret or left it empty).
    """
    raw = pd.read_csv(path, dtype=str, encoding="utf-8-sig", keep_default_na=False)
    code = raw["WijkenEnBuurten"].str.strip()
    # Rows without SoortRegio are a gemeente CBS lists without data (14 rows): not in the shape.
    keep = code.str.match(r"^(GM\d{4}|WK\d{6}|BU\d{8})$") & raw["SoortRegio_2"].str.strip().ne("")
    out = pd.DataFrame({"regio_code": code[keep].to_numpy()})
    kind = out["regio_code"].str[:2].map({"GM": "gemeente", "WK": "wijk", "BU": "buurt"})
    out["soort_regio"] = kind
    out["wijk_code"] = np.where(kind == "gemeente", None, "WK" + out["regio_code"].str[2:8])
    out["gemeente_code"] = "GM" + out["regio_code"].str[2:6]
    for col in ("AantalInwoners_5", "k_65JaarOfOuder_12"):
        v = raw.loc[keep, col].str.strip().replace({".": "", "": None})
        out[col] = pd.to_numeric(v, errors="coerce").astype("Int64").to_numpy()
    return out


def _with_region_totals(regions: pd.DataFrame, per_buurt: pd.DataFrame, counts: list[str]):
    """One row per region of ``regions``: buurt counts, wijk/gemeente rows as exact sums."""
    b = per_buurt.set_index("regio_code")[counts]
    wijk = b.groupby(regions.set_index("regio_code").loc[b.index, "wijk_code"].to_numpy()).sum()
    gem = b.groupby(regions.set_index("regio_code").loc[b.index, "gemeente_code"].to_numpy()).sum()
    allrows = pd.concat([b, wijk, gem])
    out = allrows.reindex(regions["regio_code"].to_numpy(), fill_value=0).reset_index(drop=True)
    out.insert(0, "regio_code", regions["regio_code"].to_numpy())
    return out.astype(dict.fromkeys(counts, "int64"))


def sex_age_table(regions: pd.DataFrame, seed: int = 2017, rate: float = 0.05) -> pd.DataFrame:
    """Clients of a service (``rate`` of the population) by sex and by 0-17 / 18-64 / 65+."""
    rng = np.random.default_rng(seed)
    bu = regions[regions["soort_regio"] == "buurt"]
    pop = bu["AantalInwoners_5"].to_numpy(dtype=float, na_value=np.nan)
    old = bu["k_65JaarOfOuder_12"].to_numpy(dtype=float, na_value=np.nan)
    secret = np.isnan(pop) | np.isnan(old)
    pop = np.where(secret, rng.integers(0, 40, len(bu)), pop).astype(int)
    old = np.minimum(np.where(secret, rng.binomial(pop, 0.2), old), pop).astype(int)
    total = rng.binomial(pop, rate)
    man = rng.binomial(total, 0.48)
    share_old = np.divide(old, pop, out=np.zeros(len(pop)), where=pop > 0)
    p_young = (1 - share_old) * 0.23
    ages = np.array(
        [
            rng.multinomial(t, [py, 1 - so - py, so])
            for t, py, so in zip(total, p_young, share_old, strict=True)
        ]
    ).reshape(-1, 3)
    per_buurt = pd.DataFrame(
        {
            "regio_code": bu["regio_code"].to_numpy(),
            "totaal": total,
            "man": man,
            "vrouw": total - man,
            "leeftijd_0_17": ages[:, 0],
            "leeftijd_18_64": ages[:, 1],
            "leeftijd_65_plus": ages[:, 2],
        }
    )
    return _with_region_totals(regions, per_buurt, SEX_AGE_COUNTS)


def sociaal_domein_table(regions: pd.DataFrame) -> pd.DataFrame:
    """The project's generator (real buurt populations, its own seed) on the national regions."""
    table = generate(regions)
    return table.astype(dict.fromkeys(SOCIAAL_DOMEIN_COUNTS, "int64"))
