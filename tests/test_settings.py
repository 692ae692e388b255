"""The settings object: every variable the README documents, secrets hidden, no import-time
writes."""

from __future__ import annotations

import ast
import subprocess
import sys

import pytest

from haarlem_opendata.settings import Settings
from tests.conftest import PROJECT_ROOT

VARIABLES = (
    "CKAN_URL",
    "CKAN_API_TOKEN",
    "DAGSTER_HOME",
    "HAARLEM_OPENDATA_HOME",
    "HAARLEM_OPENDATA_SOURCE_MODE",
    "HAARLEM_OPENDATA_WORK_DIR",
    "HAARLEM_OPENDATA_RAW_DIR",
    "HAARLEM_OPENDATA_RAW_KEYS",
    "HAARLEM_OPENDATA_PORTAL_DIR",
    "HAARLEM_OPENDATA_DATASETS_DIR",
    "HAARLEM_OPENDATA_METADATA_DIR",
    "HAARLEM_OPENDATA_PII_NAMES_DIR",
)


@pytest.fixture
def clean_env(monkeypatch):
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_defaults_are_folders_in_the_project(clean_env):
    s = Settings()
    assert s.project_root == PROJECT_ROOT
    assert (s.datasets_dir, s.metadata_dir) == (
        PROJECT_ROOT / "datasets",
        PROJECT_ROOT / "metadata",
    )
    assert (s.work_dir, s.portal_dir) == (PROJECT_ROOT / "work", PROJECT_ROOT / "portal")
    assert (s.raw_dir, s.dagster_home) == (s.work_dir / "raw", s.work_dir / "dagster_home")
    assert s.source_mode == "local" and s.ckan_url is None and not s.raw_encrypted
    assert s.pii_names_dir is None  # the shipped name lists


def test_every_documented_variable_is_read(clean_env, tmp_path):
    values = {
        "HAARLEM_OPENDATA_HOME": tmp_path,
        "HAARLEM_OPENDATA_WORK_DIR": tmp_path / "w",
        "HAARLEM_OPENDATA_RAW_DIR": tmp_path / "r",
        "HAARLEM_OPENDATA_PORTAL_DIR": tmp_path / "p",
        "HAARLEM_OPENDATA_DATASETS_DIR": tmp_path / "d",
        "HAARLEM_OPENDATA_METADATA_DIR": tmp_path / "m",
        "DAGSTER_HOME": tmp_path / "dh",
        "HAARLEM_OPENDATA_PII_NAMES_DIR": tmp_path / "names",
    }
    (tmp_path / "names").mkdir()
    for lists in ("given_names.txt", "surnames.txt"):
        (tmp_path / "names" / lists).write_text("Zyrah\n", encoding="utf-8")
    for name, value in values.items():
        clean_env.setenv(name, str(value))
    clean_env.setenv("HAARLEM_OPENDATA_SOURCE_MODE", " Remote ")
    clean_env.setenv("CKAN_URL", " https://data.example.nl ")
    clean_env.setenv("CKAN_API_TOKEN", "token-9f3a")
    clean_env.setenv("HAARLEM_OPENDATA_RAW_KEYS", "key-1,key-0")
    s = Settings()
    assert s.project_root == tmp_path
    assert (s.work_dir, s.raw_dir, s.portal_dir) == (tmp_path / "w", tmp_path / "r", tmp_path / "p")
    assert (s.datasets_dir, s.metadata_dir) == (tmp_path / "d", tmp_path / "m")
    assert s.dagster_home == tmp_path / "dh" and s.pii_names_dir == tmp_path / "names"
    assert s.source_mode == "remote" and s.ckan_url == "https://data.example.nl"
    assert s.ckan_api_token.get_secret_value() == "token-9f3a"
    assert s.raw_keys.get_secret_value() == "key-1,key-0" and s.raw_encrypted
    assert "token-9f3a" not in repr(s) and "key-1" not in repr(s) and "key-1" not in str(s)


def test_work_dir_moves_what_lives_under_it_and_empty_means_unset(clean_env, tmp_path):
    clean_env.setenv("HAARLEM_OPENDATA_WORK_DIR", str(tmp_path))
    clean_env.setenv("CKAN_URL", "  ")
    clean_env.setenv("HAARLEM_OPENDATA_PORTAL_DIR", "")
    s = Settings()
    assert (s.raw_dir, s.dagster_home) == (tmp_path / "raw", tmp_path / "dagster_home")
    assert s.ckan_url is None and s.portal_dir == PROJECT_ROOT / "portal"


def test_an_unknown_source_mode_names_the_variable(clean_env):
    clean_env.setenv("HAARLEM_OPENDATA_SOURCE_MODE", "ftp")
    with pytest.raises(
        ValueError, match="HAARLEM_OPENDATA_SOURCE_MODE must be 'local' or 'remote'"
    ):
        Settings()


def test_a_names_dir_without_the_lists_names_the_variable(clean_env, tmp_path):
    (tmp_path / "given_names.txt").write_text("Zyrah\n", encoding="utf-8")
    clean_env.setenv("HAARLEM_OPENDATA_PII_NAMES_DIR", str(tmp_path))
    with pytest.raises(
        ValueError, match="HAARLEM_OPENDATA_PII_NAMES_DIR must be .* no surnames.txt"
    ):
        Settings()
    clean_env.setenv("HAARLEM_OPENDATA_PII_NAMES_DIR", "  ")
    assert Settings().pii_names_dir is None  # blank means unset


def test_importing_the_entry_points_writes_no_environment():
    probe = (
        "import os\n"
        "before = dict(os.environ)\n"
        "import haarlem_opendata.cli, haarlem_opendata.dagster.definitions\n"
        "import haarlem_opendata.pii.analyzer\n"
        "changed = sorted(k for k in set(before) | set(os.environ)"
        " if before.get(k) != os.environ.get(k))\n"
        "assert not changed, changed\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=PROJECT_ROOT, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]


# The entry points: each builds the settings once, from the environment, and passes them down.
BUILD_SETTINGS = {
    "cli.py",
    "dagster/celery_app.py",  # a Celery worker process
    "dagster/definitions.py",
    "lineage/cli.py",
    "net/cli.py",
    "pii/cli.py",
    "raw/cli.py",
}
_ENV_NAMES = {"environ", "environb", "getenv", "getenvb", "putenv", "unsetenv"}


def _environment_reads(tree: ast.AST) -> tuple[list[int], list[int]]:
    """Lines that touch ``os.environ``/``os.getenv`` (or import them), and lines that build
    a ``Settings``."""
    env, builds = [], []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in _ENV_NAMES:
            env.append(node.lineno)
        elif isinstance(node, ast.ImportFrom) and node.module == "os":
            env += [node.lineno for alias in node.names if alias.name in _ENV_NAMES]
        elif isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
            if name == "Settings":
                builds.append(node.lineno)
    return env, builds


def test_nothing_below_the_entry_points_reads_the_environment():
    """Only settings.py knows the variables, and only the entry points build a Settings."""
    package = PROJECT_ROOT / "haarlem_opendata"
    env_reads, settings_built = [], []
    for path in sorted(package.rglob("*.py")):
        where = path.relative_to(package).as_posix()
        env, builds = _environment_reads(ast.parse(path.read_text(encoding="utf-8")))
        env_reads += [f"{where}:{line}" for line in env]
        if where not in BUILD_SETTINGS:
            settings_built += [f"{where}:{line}" for line in builds]
    assert env_reads == []
    assert settings_built == []
