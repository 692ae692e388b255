"""Shared fixtures: an isolated working folder per test, and the real local CKAN server.

Nothing in the tests reaches the network: tldextract's suffix-list download is switched off before
Presidio is imported, and every server a test talks to runs on 127.0.0.1.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

os.environ["TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS"] = ""

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
    from haarlem_opendata.settings import settings

    return settings()


@pytest.fixture
def project_copy(tmp_path, monkeypatch, workspace):
    """A writable copy of datasets/ and metadata/, for tests that edit specs or source files."""
    datasets = tmp_path / "datasets"
    metadata = tmp_path / "metadata"
    shutil.copytree(PROJECT_ROOT / "datasets", datasets)
    shutil.copytree(PROJECT_ROOT / "metadata", metadata)
    monkeypatch.setenv("HAARLEM_OPENDATA_DATASETS_DIR", str(datasets))
    monkeypatch.setenv("HAARLEM_OPENDATA_METADATA_DIR", str(metadata))
    from haarlem_opendata.settings import settings

    return settings()
