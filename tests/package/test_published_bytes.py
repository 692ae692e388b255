"""Characterisation: what the protection summaries publish stays byte for byte the same.

The protected stage's summary, the check outcomes, the ``privacy`` block of ``datapackage.json`` and
``privacy.md`` of every dataset on the embedded default are compared with golden files written by
the code before the summaries became typed models. Regenerate (only for an intended change) with
``HAARLEM_OPENDATA_WRITE_GOLDEN=1``.
"""

from __future__ import annotations

import json
import os

import pytest

from haarlem_opendata import stages
from haarlem_opendata.catalog import load_catalog
from haarlem_opendata.checks import run_check
from tests.package.helpers import PROJECT_ROOT, build

CATALOG = load_catalog(PROJECT_ROOT / "datasets")
GOLDEN = PROJECT_ROOT / "tests" / "fixtures" / "published"


def _published(name: str, tmp_path, settings) -> dict:
    spec = CATALOG[name]
    raws = {source: stages.load_raw(spec, source, settings=settings) for source in spec.sources}
    protected = stages.protect(spec, stages.combine_sources(spec, raws), settings=settings)
    protection = protected.protection.to_dict()
    checks = [run_check(n, spec, protected).to_dict() for n in stages.required_checks(spec)]
    bundle = build(
        spec,
        protected.table,
        tmp_path,
        protection=protected.protection,
        checks=checks,
        count_tables=protected.count_tables,
    )
    package = (bundle.path / "datapackage.json").read_text(encoding="utf-8")
    return {
        "protection": protection,
        "checks": checks,
        "datapackage.json": package,
        "privacy.md": (bundle.path / "privacy.md").read_text(encoding="utf-8"),
    }


@pytest.mark.parametrize("name", sorted(CATALOG))
def test_published_summaries_are_unchanged(name, tmp_path, workspace):
    got = _published(name, tmp_path, workspace)
    text = json.dumps(got, ensure_ascii=False, indent=1, default=str) + "\n"
    path = GOLDEN / f"{name}.json"
    if os.environ.get("HAARLEM_OPENDATA_WRITE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    want = json.loads(path.read_text(encoding="utf-8"))
    got = json.loads(text)
    for key in want:
        assert got[key] == want[key], key
    assert text == path.read_text(encoding="utf-8")
