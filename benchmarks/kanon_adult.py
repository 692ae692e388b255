"""Adult (30,162 records): our optimal k-anonymity search side by side with anjana, same run.

Quasi-identifiers age, education, marital-status, race, sex, native-country with the shipped ARX
hierarchies; k = 5, 10; suppression budgets 0 %, 1 %, 5 %. Both tools' outputs are scored with
our information-loss metric (ARX "loss", suppressed records fully generalised) from the rows,
and both are re-checked with ``verify_anonymity``. Writes ``benchmarks/results/kanon_adult.json``.

    uv run python benchmarks/kanon_adult.py [--repeats 5]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import platform
import statistics
import time
from pathlib import Path

import numpy as np
import pandas as pd
from anjana.anonymity._k_anonymity import k_anonymity_inner

from haarlem_opendata.protect.anonymity import k_anonymize, verify_anonymity
from haarlem_opendata.protect.anonymity.hierarchy import EncodedQI, build_hierarchy
from haarlem_opendata.protect.anonymity.metrics import QICosts, qi_costs
from haarlem_opendata.spec import ArxHierarchySpec

ROOT = Path(__file__).resolve().parent
DATA = ROOT / "data" / "adult_arx"
QIS = ["age", "education", "marital-status", "race", "sex", "native-country"]
SETTINGS = [(k, s) for k in (5, 10) for s in (0.0, 0.01, 0.05)]
METRIC = "loss"


def published_loss(
    qis: list[EncodedQI], costs: list[QICosts], levels: tuple[int, ...], kept: np.ndarray
) -> float:
    """Loss of publishing the rows ``kept`` at ``levels`` (others suppressed), straight from rows.

    Row by row rather than via the search's decomposition, so other tools' outputs (and the
    search's own claim) can be scored on the same scale.
    """
    total = 0.0
    for qi, cost, level in zip(qis, costs, levels, strict=True):
        full = cost.gain[0][qi.row_codes]  # a record's cost at the top level (level 0 costs 0)
        at_level = full - cost.gain[level][qi.level_maps[level][qi.row_codes]]
        total += float(np.where(kept, at_level, full).sum())
    max_cost = float(sum(c.base[-1] for c in costs))
    return total / max_cost if max_cost > 0 else 0.0


def scorer(df: pd.DataFrame):
    specs = {q: ArxHierarchySpec(kind="arx_csv", path=f"adult_hierarchy_{q}.csv") for q in QIS}
    qis = [build_hierarchy(specs[q], DATA).encode(df, q, "adult.csv") for q in QIS]
    costs = [qi_costs(qi, np.bincount(qi.row_codes), METRIC) for qi in qis]

    def score(levels: dict[str, int], kept: np.ndarray) -> float:
        return published_loss(qis, costs, tuple(levels[q] for q in QIS), kept)

    return specs, score


def run_ours(df, specs, k, s):
    result = k_anonymize(
        df, quasi_identifiers=specs, k=k, max_suppression=s, metric=METRIC, base_dir=DATA
    )
    return result


def run_anjana(df, k, s):
    hierarchies = {
        q: dict(pd.read_csv(DATA / f"adult_hierarchy_{q}.csv", sep=";", header=None)) for q in QIS
    }
    with contextlib.redirect_stdout(io.StringIO()):  # anjana prints progress
        return k_anonymity_inner(df, [], QIS, k, s * 100, hierarchies)


def timed(fn, repeats):
    times, out = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), times, out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    df = pd.read_csv(DATA / "adult.csv", sep=";")
    specs, score = scorer(df)
    rows = []
    for k, s in SETTINGS:
        ours_median, ours_times, ours = timed(
            lambda k=k, s=s: run_ours(df, specs, k, s), args.repeats
        )
        searches = [run_ours(df, specs, k, s).timings["search_s"] for _ in range(args.repeats)]
        anj_median, anj_times, (anj_data, anj_supp, anj_levels) = timed(
            lambda k=k, s=s: run_anjana(df, k, s), args.repeats
        )
        anj_kept = np.ones(len(df), dtype=bool)
        if anj_supp:
            anj_kept[:] = False
            anj_kept[anj_data["index"].to_numpy()] = True
        anj_check = verify_anonymity(anj_data, quasi_identifier_columns=QIS, k=k)
        ours_check = verify_anonymity(ours.data, quasi_identifier_columns=QIS, k=k)
        ours_kept = df.index.isin(ours.data.index)
        row = {
            "k": k,
            "max_suppression": s,
            "ours": {
                "wall_s_median": round(ours_median, 4),
                "wall_s_all": [round(t, 4) for t in ours_times],
                "search_s_median": round(statistics.median(searches), 4),
                "levels": ours.levels,
                "suppressed": ours.suppressed,
                "information_loss_claimed": round(ours.information_loss, 6),
                "information_loss": round(score(ours.levels, ours_kept), 6),
                "nodes_evaluated": ours.nodes_evaluated,
                "lattice_size": ours.lattice_size,
                "verified_k": ours_check.k,
                "verified": ours_check.passed,
            },
            "anjana": {
                "wall_s_median": round(anj_median, 4),
                "wall_s_all": [round(t, 4) for t in anj_times],
                "levels": {q: int(v) for q, v in anj_levels.items()},
                "suppressed": int(anj_supp),
                "information_loss": round(score(anj_levels, anj_kept), 6),
                "verified_k": anj_check.k,
                "verified": anj_check.passed,
            },
        }
        row["speedup"] = round(anj_median / ours_median, 1)
        row["loss_not_worse"] = (
            row["ours"]["information_loss"] <= row["anjana"]["information_loss"] + 1e-9
        )
        rows.append(row)
        print(
            f"k={k:>2} supp={s:.0%}: ours {ours_median * 1000:7.1f} ms (search "
            f"{row['ours']['search_s_median'] * 1000:5.1f} ms, "
            f"{ours.nodes_evaluated}/{ours.lattice_size} "
            f"nodes) loss {row['ours']['information_loss']:.4f} supp {ours.suppressed:>5} | anjana "
            f"{anj_median:6.2f} s loss {row['anjana']['information_loss']:.4f} "
            f"supp {anj_supp:>5} | "
            f"{row['speedup']}x",
            flush=True,
        )
    out = {
        "benchmark": "kanon_adult",
        "dataset": "Adult (benchmarks/data/adult_arx/adult.csv)",
        "records": len(df),
        "quasi_identifiers": QIS,
        "metric": "ARX loss (generalisation intensity), suppressed records fully generalised",
        "repeats": args.repeats,
        "machine": {"python": platform.python_version(), "cpus": __import__("os").cpu_count()},
        "results": rows,
    }
    path = ROOT / "results" / "kanon_adult.json"
    path.write_text(json.dumps(out, indent=2) + "\n")
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
