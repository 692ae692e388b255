"""The embedded meldingen as the count-table benchmarks read them, and the former cube layout.

Shared by ``linkage_records.py`` and ``count_releases.py``: the 40,000 records through the real
load and combine stages (in a throw-away work dir), and the buurt × maand × hoofdcategorie layout
the count table had before it counted per buurt and maand.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATASETS = ROOT / "datasets"


def load():
    """(spec, records) of the embedded meldingen, before any protection."""
    from haarlem_opendata import stages
    from haarlem_opendata.catalog import load_catalog
    from haarlem_opendata.settings import Settings

    with tempfile.TemporaryDirectory() as tmp:
        cfg = Settings(work_dir=Path(tmp) / "work", portal_dir=Path(tmp) / "portal")
        spec = load_catalog(DATASETS)["meldingen"]
        raws = {s: stages.load_raw(spec, s, settings=cfg) for s in spec.sources}
        return spec, stages.combine_sources(spec, raws)


def cube(table):
    """``table`` (the spec's buurt × maand) split by hoofdcategorie too: the layout before."""
    category = {
        "name": "hoofdcategorie",
        "title": "Hoofdcategorie",
        "hierarchy": "categorie",
        "level": 1,
        "description": "De hoofdcategorie van de melding.",
    }
    dims = [*table.dimensions, type(table.dimensions[0]).model_validate(category)]
    return table.model_copy(update={"name": "per-buurt-maand-hoofdcategorie", "dimensions": dims})
