"""Shared fixtures: an isolated working folder per test, and the real local CKAN server.

Nothing in the tests reaches the network: the package validates e-mail domains against
tldextract's bundled snapshot (no suffix-list download), and every server a test talks to runs on
127.0.0.1. The fixtures set the environment and return the :class:`Settings` built from it, as an
entry point would.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

pytest_plugins = ["tests.fixtures_ckan"]

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def workspace(tmp_path, monkeypatch):
    """Work dir, portal and Dagster home in tmp_path; the shipped datasets and metadata; no CKAN."""
    monkeypatch.setenv("HAARLEM_OPENDATA_WORK_DIR", str(tmp_path / "work"))
    monkeypatch.setenv("HAARLEM_OPENDATA_PORTAL_DIR", str(tmp_path / "portal"))
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "dagster_home"))
    (tmp_path / "dagster_home").mkdir()
    monkeypatch.delenv("CKAN_URL", raising=False)
    monkeypatch.delenv("CKAN_API_TOKEN", raising=False)
    monkeypatch.delenv("HAARLEM_OPENDATA_SOURCE_MODE", raising=False)
    from haarlem_opendata.settings import Settings

    return Settings()


@pytest.fixture
def project_copy(tmp_path, monkeypatch, workspace):
    """A writable copy of datasets/ and metadata/, for tests that edit specs or source files."""
    datasets = tmp_path / "datasets"
    metadata = tmp_path / "metadata"
    shutil.copytree(PROJECT_ROOT / "datasets", datasets)
    shutil.copytree(PROJECT_ROOT / "metadata", metadata)
    monkeypatch.setenv("HAARLEM_OPENDATA_DATASETS_DIR", str(datasets))
    monkeypatch.setenv("HAARLEM_OPENDATA_METADATA_DIR", str(metadata))
    from haarlem_opendata.settings import Settings

    return Settings()
