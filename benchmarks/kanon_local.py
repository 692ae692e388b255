"""Global (optimal full-domain) versus local recoding (anonymity/local.py), on one loss scale.

Adult (30,162 rows, 6 QIs, ARX hierarchies) at k 5/10 x 0/1/5 % suppression, the embedded
meldingen (40,000 a year) with its spec's settings, and local recoding on 1 M Adult-like rows
(each column resampled independently). Reports time, suppressed records, information loss
(ARX Loss per record, suppressed = 1, the spec's weights) and, per QI, the share of records at
the finest level each method publishes. Writes ``benchmarks/results/kanon_local.json``.

    uv run python benchmarks/kanon_local.py [--million]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from haarlem_opendata.protect.anonymity import k_anonymize
from haarlem_opendata.protect.anonymity.local import local_recode
from haarlem_opendata.spec import ArxHierarchySpec

ROOT = Path(__file__).resolve().parent
DATA = ROOT / "data" / "adult_arx"
QIS = ["age", "education", "marital-status", "race", "sex", "native-country"]


def compare(
    df: pd.DataFrame, quasi_identifiers: dict, *, k: int, s: float, weights=None, base_dir
) -> dict:
    t = time.perf_counter()
    g = k_anonymize(
        df,
        quasi_identifiers=quasi_identifiers,
        k=k,
        max_suppression=s,
        weights=weights,
        base_dir=base_dir,
    )
    tg = time.perf_counter() - t
    t = time.perf_counter()
    loc = local_recode(
        df,
        quasi_identifiers=quasi_identifiers,
        k=k,
        max_suppression=s,
        weights=weights,
        base_dir=base_dir,
    )
    tl = time.perf_counter() - t
    return {
        "k": k,
        "max_suppression": s,
        "global": {
            "seconds": round(tg, 3),
            "levels": g.level_names,
            "suppressed": g.suppressed,
            "information_loss": round(g.information_loss, 4),
        },
        "local": {
            "seconds": round(tl, 3),
            "level_shares": loc.level_shares,
            "classes": loc.classes,
            "suppressed": loc.suppressed,
            "information_loss": round(loc.information_loss, 4),
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--million", action="store_true", help="also local recoding on 1 M rows")
    args = parser.parse_args()
    adult = pd.read_csv(DATA / "adult.csv", sep=";")
    specs = {q: ArxHierarchySpec(kind="arx_csv", path=f"adult_hierarchy_{q}.csv") for q in QIS}
    results: dict = {"benchmark": "kanon_local", "adult": []}
    for k in (5, 10):
        for s in (0.0, 0.01, 0.05):
            results["adult"].append(compare(adult, specs, k=k, s=s, base_dir=DATA))
            print(json.dumps(results["adult"][-1]))

    from haarlem_opendata.catalog import load_catalog

    datasets = ROOT.parent / "datasets"
    rules = load_catalog(datasets)["meldingen"].protection.anonymity
    meldingen = pd.read_parquet(datasets / "data" / "meldingen_2025.parquet")
    results["meldingen"] = compare(
        meldingen,
        dict(rules.quasi_identifiers),
        k=rules.k,
        s=rules.max_suppression,
        weights=rules.weights,
        base_dir=datasets,
    )
    print(json.dumps(results["meldingen"]))
    results["meldingen"]["rows"] = len(meldingen)

    if args.million:
        rng = np.random.default_rng(4)
        big = pd.DataFrame(
            {q: adult[q].to_numpy()[rng.integers(0, len(adult), 1_000_000)] for q in QIS}
        )
        t = time.perf_counter()
        res = local_recode(big, quasi_identifiers=specs, k=5, max_suppression=0.01, base_dir=DATA)
        results["local_1m"] = {
            "rows": len(big),
            "seconds": round(time.perf_counter() - t, 2),
            "classes": res.classes,
            "suppressed": res.suppressed,
            "information_loss": round(res.information_loss, 4),
        }
        print(json.dumps(results["local_1m"]))
    out = ROOT / "results" / "kanon_local.json"
    out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
