"""Scale: Adult-like records (each column independently resampled, so combinations are
nearly independent and the distinct-combination table is large) at 1 M and 10 M rows.

Each size runs in its own subprocess so peak memory (``ru_maxrss``) is that run's alone. Columns
are plain object (string) columns, as read from a CSV. Reports generation time, k_anonymize time
split into encode / search / publish, nodes evaluated, distinct combinations, and peak RSS.
Writes ``benchmarks/results/kanon_scale.json``.

    uv run python benchmarks/kanon_scale.py [--sizes 1000000 10000000]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent
DATA = ROOT / "data" / "adult_arx"
QIS = ["age", "education", "marital-status", "race", "sex", "native-country"]
SETTINGS = [(5, 0.01), (10, 0.0)]


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def child(n: int) -> dict:
    import numpy as np
    import pandas as pd

    from haarlem_opendata.protect.anonymity import k_anonymize
    from haarlem_opendata.spec import ArxHierarchySpec

    start = time.perf_counter()
    adult = pd.read_csv(DATA / "adult.csv", sep=";")
    rng = np.random.default_rng(4)
    df = pd.DataFrame(
        {c: adult[c].to_numpy(dtype=object)[rng.integers(0, len(adult), n)] for c in adult.columns}
    )
    generated = time.perf_counter() - start
    rss_data = rss_mb()
    specs = {q: ArxHierarchySpec(kind="arx_csv", path=f"adult_hierarchy_{q}.csv") for q in QIS}
    runs = []
    for k, s in SETTINGS:
        t0 = time.perf_counter()
        result = k_anonymize(df, quasi_identifiers=specs, k=k, max_suppression=s, base_dir=DATA)
        total = time.perf_counter() - t0
        runs.append(
            {
                "k": k,
                "max_suppression": s,
                "total_s": round(total, 2),
                **{key: round(v, 3) for key, v in result.timings.items()},
                "levels": result.levels,
                "suppressed": result.suppressed,
                "information_loss": round(result.information_loss, 6),
                "nodes_evaluated": result.nodes_evaluated,
                "lattice_size": result.lattice_size,
                "k_achieved": result.k,
            }
        )
        del result
    return {
        "rows": n,
        "generate_s": round(generated, 2),
        "peak_rss_after_data_mb": round(rss_data),
        "peak_rss_mb": round(rss_mb()),
        "runs": runs,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000_000, 10_000_000])
    parser.add_argument("--child", type=int)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child)))
        return
    results = []
    for n in args.sizes:
        out = subprocess.run(
            [sys.executable, __file__, "--child", str(n)],
            capture_output=True,
            text=True,
            check=True,
        )
        row = json.loads(out.stdout.strip().splitlines()[-1])
        results.append(row)
        for run in row["runs"]:
            print(
                f"{n:>10,} rows k={run['k']} supp={run['max_suppression']:.0%}: "
                f"total {run['total_s']:6.2f} s "
                f"(encode {run['encode_s']:.2f}, search {run['search_s']:.2f}, "
                f"publish {run['publish_s']:.2f}; "
                f"{run['nodes_evaluated']}/{run['lattice_size']} nodes) "
                f"peak RSS {row['peak_rss_mb']} MB "
                f"(data alone {row['peak_rss_after_data_mb']} MB)",
                flush=True,
            )
    path = ROOT / "results" / "kanon_scale.json"
    path.write_text(
        json.dumps(
            {
                "benchmark": "kanon_scale",
                "data": "Adult columns resampled independently (object/string dtype)",
                "quasi_identifiers": QIS,
                "results": results,
            },
            indent=2,
        )
        + "\n"
    )
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
