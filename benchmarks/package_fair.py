"""Package every dataset on the embedded default and measure the data-package stage.

Per dataset: time to build the bundle and to validate it (frictionless), the files and their
sizes, the FAIR score with the checks that passed, and SHACL conformance of the DCAT-AP-DONL
export. Also: does an identical second build give identical bytes? Protection runs first (timed
apart, it is not this stage's cost). Run: ``uv run python benchmarks/package_fair.py``.
"""

from __future__ import annotations

import json
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULT = ROOT / "benchmarks" / "results" / "package_fair.json"


def main() -> None:
    from haarlem_opendata import stages
    from haarlem_opendata.catalog import load_catalog
    from haarlem_opendata.fair.jsonld import dcat_graph
    from haarlem_opendata.fair.shacl import validate_dcat
    from haarlem_opendata.package import build_bundle, validate_bundle
    from haarlem_opendata.settings import Settings

    metadata_dir = ROOT / "metadata"
    from haarlem_opendata.runinfo import RunInfo

    run = RunInfo(run_id="benchmark", started_at=datetime(2026, 1, 1, tzinfo=UTC))
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        cfg = Settings(work_dir=Path(tmp) / "work")
        for name, spec in load_catalog(ROOT / "datasets").items():
            t0 = time.perf_counter()
            raws = {s: stages.load_raw(spec, s, settings=cfg) for s in spec.sources}
            protected = stages.protect(spec, stages.combine_sources(spec, raws), settings=cfg)
            t_protect = time.perf_counter() - t0
            checks = [{"name": n, "passed": True} for n in stages.required_checks(spec)]
            builds = []
            for i in range(2):
                t0 = time.perf_counter()
                bundle = build_bundle(
                    spec,
                    protected.table,
                    out_dir=Path(tmp) / f"b{i}" / name,
                    protection=protected.protection,
                    checks=checks,
                    run=run,
                    previous=None,
                    metadata_dir=metadata_dir,
                )
                builds.append((time.perf_counter() - t0, bundle))
            t0 = time.perf_counter()
            report = validate_bundle(builds[0][1].path)
            t_validate = time.perf_counter() - t0
            a, b = builds[0][1].path, builds[1][1].path
            identical = all(
                (a / p.name).read_bytes() == (b / p.name).read_bytes() for p in a.iterdir()
            )
            shacl = validate_dcat(
                dcat_graph(builds[0][1].package, metadata_dir=metadata_dir), metadata_dir
            )
            fair = builds[0][1].fair
            results[name] = {
                "rows": len(protected.table),
                "protect_s": round(t_protect, 3),
                "build_s": round(builds[0][0], 3),
                "validate_s": round(t_validate, 3),
                "valid": report.valid,
                "files": {p.name: p.stat().st_size for p in sorted(a.iterdir())},
                "identical_bytes_on_rebuild": identical,
                "shacl_conforms": shacl.conforms,
                "fair_score": fair.score,
                "fair_checks": {c.id: c.passed for c in fair.checks},
            }
            print(name, json.dumps(results[name], ensure_ascii=False))
    RESULT.parent.mkdir(parents=True, exist_ok=True)
    RESULT.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
