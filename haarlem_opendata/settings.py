"""Where the pipeline reads and writes, and how it reaches a portal: one settings object.

Built once at an entry point (the CLI, the Dagster code location, a benchmark) from the
environment, then passed to the stages; nothing below the entry points reads the environment
for these. Everything defaults to folders inside the project directory so a fresh clone runs with
no configuration; a steward overrides them with the variables the README lists — each
``HAARLEM_OPENDATA_<FIELD>``, plus ``DAGSTER_HOME``, ``CKAN_URL`` and ``CKAN_API_TOKEN`` under
the names those tools and the README have always used. Secrets are ``SecretStr``: their value
never appears in a repr, a log line or Dagster's config.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import AliasChoices, Field, SecretStr, ValidationInfo, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PACKAGE_DIR = Path(__file__).resolve().parent
# What a folder of PII name lists must hold (``pii_names_dir``; pii.lexicon reads them).
PII_NAME_FILES = ("given_names.txt", "surnames.txt")


def _default_project_root() -> Path:
    source_tree = PACKAGE_DIR.parent
    if (source_tree / "datasets").is_dir():
        return source_tree
    return Path.cwd()


# Typed as Any on purpose: the field validators below replace it by a derived Path before the model
# exists, so no Settings ever holds None where a Path is declared.
_DERIVED: Any = None


class Settings(BaseSettings):
    """Resolved locations, the source mode, the raw store keys and the CKAN portal."""

    model_config = SettingsConfigDict(
        env_prefix="HAARLEM_OPENDATA_",
        env_ignore_empty=True,
        populate_by_name=True,
        validate_default=True,
        frozen=True,
    )

    # Order matters: each default below is derived from the fields validated before it.
    project_root: Path = Field(
        default=_DERIVED, validation_alias=AliasChoices("HAARLEM_OPENDATA_HOME", "project_root")
    )
    work_dir: Path = Field(default=_DERIVED)
    datasets_dir: Path = Field(default=_DERIVED)
    metadata_dir: Path = Field(default=_DERIVED)
    portal_dir: Path = Field(default=_DERIVED)
    dagster_home: Path = Field(
        default=_DERIVED, validation_alias=AliasChoices("DAGSTER_HOME", "dagster_home")
    )
    raw_dir: Path = Field(default=_DERIVED)  # the private raw store (all before `protected`)
    source_mode: Literal["local", "remote"] = "local"  # shipped files, or CBS OData and PDOK
    raw_keys: SecretStr | None = None  # Fernet keys, comma-separated, newest first
    ckan_url: str | None = Field(
        default=None, validation_alias=AliasChoices("CKAN_URL", "ckan_url")
    )
    ckan_api_token: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("CKAN_API_TOKEN", "ckan_api_token")
    )
    pii_names_dir: Path | None = None  # own name lists for the PII scan; None: the shipped ones
    # How the CLI runs a job: in this process (default), one process per step, or as Celery
    # tasks picked up by `haarlem-opendata werker` processes (any machine sharing the folders).
    executor: Literal["in_process", "multiprocess", "celery"] = "in_process"
    celery_broker: str = "redis://localhost:6379/0"  # Redis (already there for CKAN)
    celery_backend: str = "redis://localhost:6379/1"

    @field_validator("project_root", mode="before")
    @classmethod
    def _root(cls, value: Any) -> Any:
        return _default_project_root() if value is None else value

    @field_validator("work_dir", "datasets_dir", "metadata_dir", "portal_dir", mode="before")
    @classmethod
    def _under_root(cls, value: Any, info: ValidationInfo) -> Any:
        if value is not None or "project_root" not in info.data:
            return value
        return info.data["project_root"] / str(info.field_name).removesuffix("_dir")

    @field_validator("dagster_home", "raw_dir", mode="before")
    @classmethod
    def _under_work(cls, value: Any, info: ValidationInfo) -> Any:
        if value is not None or "work_dir" not in info.data:
            return value
        folder = "dagster_home" if info.field_name == "dagster_home" else "raw"
        return info.data["work_dir"] / folder

    @field_validator(
        "project_root",
        "work_dir",
        "datasets_dir",
        "metadata_dir",
        "portal_dir",
        "dagster_home",
        "raw_dir",
    )
    @classmethod
    def _absolute(cls, value: Path) -> Path:
        return value.resolve()

    @field_validator("source_mode", mode="before")
    @classmethod
    def _mode(cls, value: Any) -> Any:
        mode = (value.strip().lower() or "local") if isinstance(value, str) else value
        if mode not in {"local", "remote"}:
            raise ValueError(
                f"HAARLEM_OPENDATA_SOURCE_MODE must be 'local' or 'remote', not {mode!r}"
            )
        return mode

    @field_validator("ckan_url", "pii_names_dir", mode="before")
    @classmethod
    def _blank_is_unset(cls, value: Any) -> Any:
        return (value.strip() or None) if isinstance(value, str) else value

    @field_validator("pii_names_dir")
    @classmethod
    def _name_lists(cls, value: Path | None) -> Path | None:
        # checked here, at the entry point, so a typo stops the run before any scan starts
        if value is None:
            return None
        missing = [name for name in PII_NAME_FILES if not (value / name).is_file()]
        if missing:
            raise ValueError(
                f"HAARLEM_OPENDATA_PII_NAMES_DIR must be a folder with "
                f"{' and '.join(PII_NAME_FILES)}; {value} has no {', '.join(missing)}"
            )
        return value.resolve()

    @property
    def storage_dir(self) -> Path:
        """Raw and intermediate stage storage (the Dagster IO manager's base dir)."""
        return self.work_dir / "storage"

    @property
    def bundles_dir(self) -> Path:
        """Release bundles (data package + files) waiting to be published."""
        return self.work_dir / "bundles"

    @property
    def raw_encrypted(self) -> bool:
        """Whether the raw store encrypts at rest (``HAARLEM_OPENDATA_RAW_KEYS`` is set)."""
        return self.raw_keys is not None
