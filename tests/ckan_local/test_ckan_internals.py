"""Fails loudly when the CKAN internals the pgsearch plugin replaces change.

The plugin patches module attributes of CKAN 2.12.0 (the search index/query
lookups) and honours the contracts of package_search, package_show and
model_dictize. The probe runs inside the CKAN venv (CKAN is never importable
from the project env) and lists every assumption that no longer holds.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.fixtures_ckan import ROOT, VENV

pytestmark = pytest.mark.ckan

CKAN_PYTHON = VENV / "bin" / "python"
PROBE = Path(__file__).with_name("ckan_internals_probe.py")
PINNED = "2.12.0"


@pytest.fixture(scope="module")
def probe(ckan_server) -> dict:
    # ckan_server guarantees the CKAN venv exists (it installs it if needed).
    done = subprocess.run(
        [str(CKAN_PYTHON), str(PROBE)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        check=False,
    )
    assert done.returncode == 0, f"probe crashed:\n{done.stderr[-3000:]}"
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_ckan_is_the_pinned_version(probe):
    assert probe["version"] == PINNED, (
        f"CKAN {probe['version']} installed, but pgsearch was written against {PINNED}: "
        "re-check every internal in ckan_internals_probe.py before bumping the pin"
    )


def test_ckan_internals_replaced_by_pgsearch_are_unchanged(probe):
    assert probe["problems"] == [], (
        "CKAN internals that scripts/ckanext-pgsearch relies on changed:\n  "
        + "\n  ".join(probe["problems"])
    )


def test_script_pins_the_same_version():
    script = (ROOT / "scripts" / "ckan-local").read_text()
    assert f"CKAN_VERSION={PINNED}\n" in script
