"""The exact bytes of release bundles, pinned by sha256 per file.

A refactoring of the package stage must leave every published file byte-identical; the hashes in
``tests/fixtures/bundles.json`` were taken from bundles the pipeline wrote. Regenerate them only
for a deliberate change of the published output: ``uv run --frozen python -m tests.package.golden``
(the embedded default takes a few minutes: meldingen's protection is slow).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from tests.package.helpers import PROJECT_ROOT

GOLDEN = PROJECT_ROOT / "tests" / "fixtures" / "bundles.json"


def file_hashes(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(Path(folder).iterdir())
        if p.is_file()
    }


def expected_hashes(case: str) -> dict[str, str]:
    return json.loads(GOLDEN.read_text(encoding="utf-8"))[case]


def _regenerate() -> None:
    import os
    import tempfile

    from haarlem_opendata import stages
    from haarlem_opendata.catalog import load_catalog
    from haarlem_opendata.settings import Settings
    from tests.package.helpers import build, counts_spec, counts_table, geo_spec, geo_table

    cases = {}
    with tempfile.TemporaryDirectory() as tmp:
        for var, sub in (
            ("HAARLEM_OPENDATA_WORK_DIR", "work"),
            ("HAARLEM_OPENDATA_PORTAL_DIR", "portal"),
        ):
            os.environ[var] = str(Path(tmp) / sub)
        for case, (spec, table) in {
            "counts": (counts_spec(), counts_table()),
            "geo": (geo_spec(), geo_table()),
        }.items():
            cases[case] = file_hashes(build(spec, table, Path(tmp) / case).path)
        for name, spec in sorted(load_catalog(PROJECT_ROOT / "datasets").items()):
            cfg = Settings()
            raws = {source: stages.load_raw(spec, source, settings=cfg) for source in spec.sources}
            protected = stages.protect(spec, stages.combine_sources(spec, raws), settings=cfg)
            checks = [
                {"name": n, "passed": True, "metadata": {}} for n in stages.required_checks(spec)
            ]
            bundle = build(
                spec,
                protected.table,
                Path(tmp) / name,
                protection=protected.protection,
                checks=checks,
                count_tables=protected.count_tables,
            )
            cases[name] = file_hashes(bundle.path)
    GOLDEN.write_text(json.dumps(cases, indent=1, sort_keys=True) + "\n", encoding="utf-8")


if __name__ == "__main__":
    _regenerate()
