"""The spec models and the catalog load without the heavy engines (issue 18).

import-linter checks the import statements; this checks what an import really loads, so a lazy
or dynamic import that pulls in pandas, scipy or Presidio behind a spec is caught too.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

HEAVY = {"pandas", "numpy", "scipy", "geopandas", "presidio_analyzer", "spacy", "dagster"}


def _loaded_after(module: str) -> set[str]:
    """Every module in sys.modules after a fresh interpreter imports ``module``."""
    code = f"import sys, {module}; print(' '.join(sys.modules))"
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(run.stdout.split())


@pytest.mark.parametrize("module", ["haarlem_opendata.spec", "haarlem_opendata.catalog"])
def test_loads_nothing_heavy(module):
    assert {m.split(".")[0] for m in _loaded_after(module)} & HEAVY == set()


def test_spec_loads_nothing_of_the_project_but_itself():
    ours = {m for m in _loaded_after("haarlem_opendata.spec") if m.startswith("haarlem_opendata")}
    assert {m for m in ours if not m.startswith("haarlem_opendata.spec")} == {"haarlem_opendata"}
