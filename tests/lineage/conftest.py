"""Fixtures for the lineage tests: small dataset specs built here (independent of datasets/*.yaml),
the project's real besluiten register, and release histories written into tmp_path."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from haarlem_opendata.catalog import load_register
from haarlem_opendata.lineage.releases import Release, record_release, releases_path
from haarlem_opendata.settings import PACKAGE_DIR
from haarlem_opendata.spec import BesluitenRegister, DatasetSpec

REGISTER_FILE = PACKAGE_DIR.parent / "metadata" / "besluiten.yaml"

# The ids each dataset YAML lists under `besluiten:` (the one source of truth for the links).
SEEDED_LINKS = {
    "buurtcijfers": ["HLM-2018-RB-031"],
    "meldingen": ["HLM-2026-CB-007"],
    "rioolbelasting": ["HLM-2026-RB-014"],
}
COVERAGE = {
    "buurtcijfers": ("2017-01-01", "2017-12-31"),
    "meldingen": ("2025-01-01", "2025-12-31"),
    "rioolbelasting": ("2025-01-01", "2025-12-31"),
}


def make_spec(
    name: str,
    besluiten: list[str],
    start: str = "2025-01-01",
    end: str = "2025-12-31",
    file: Path | None = None,
) -> DatasetSpec:
    return DatasetSpec.model_validate(
        {
            "name": name,
            "title": f"Testdataset {name}",
            "description": "Een kleine dataset voor de lineage-tests.",
            "unit_of_observation": "buurt",
            "keywords": ["test"],
            "theme": "Bestuur",
            "license": "CC0-1.0",
            "temporal": {"start": start, "end": end},
            "sources": {
                "bron": {
                    "description": "Bron voor de test.",
                    "local": {"adapter": "file", "path": f"data/{name}.csv"},
                    "citation": {
                        "title": f"Bron van {name}",
                        "publisher": "Gemeente Haarlem",
                        "url": "https://www.haarlem.nl/",
                        "license": "CC0-1.0",
                    },
                }
            },
            "columns": [
                {
                    "name": "buurt",
                    "type": "string",
                    "role": "region",
                    "title": "Buurt",
                    "description": "Buurtcode.",
                },
                {
                    "name": "aantal",
                    "type": "integer",
                    "role": "count",
                    "title": "Aantal",
                    "description": "Een aantal.",
                },
            ],
            "besluiten": besluiten,
            "file": file or Path(f"datasets/{name}.yaml"),
        }
    )


@pytest.fixture
def catalog() -> dict[str, DatasetSpec]:
    return {name: make_spec(name, ids, *COVERAGE[name]) for name, ids in SEEDED_LINKS.items()}


@pytest.fixture
def register() -> BesluitenRegister:
    return load_register(REGISTER_FILE)


def make_release(
    dataset: str,
    version: str,
    published_at: str,
    *,
    portal: str = "local",
    besluiten: list[str] | None = None,
    run_id: str | None = None,
    seed: str = "",
) -> Release:
    import hashlib

    def h(text: str) -> str:
        return "sha256:" + hashlib.sha256(text.encode()).hexdigest()

    return Release(
        dataset=dataset,
        version=version,
        published_at=datetime.fromisoformat(published_at).replace(tzinfo=UTC),
        data_hash=h(f"data {dataset} {version} {seed}"),
        schema_hash=h(f"schema {dataset} {version.split('.')[0]}"),
        resources={f"{dataset}.csv": h(f"csv {dataset} {version} {seed}")},
        run_id=run_id or f"run-{dataset}-{version}",
        git_commit="0123456789abcdef0123456789abcdef01234567",
        portal=portal,
        portal_url=(
            f"http://ckan.test/dataset/haarlem-{dataset}"
            if portal == "ckan"
            else f"portal/{dataset}/"
        ),
        besluiten=besluiten or [],
    )


@pytest.fixture
def history(tmp_path: Path) -> Path:
    """A release history in which each dataset was published before its besluit, and
    republished (a newer version) after it."""
    path = releases_path(tmp_path / "work")
    for release in [
        make_release("buurtcijfers", "1.0.0", "2018-03-01T09:00:00"),
        make_release("buurtcijfers", "1.1.0", "2018-06-28T08:00:00"),  # on the decision day itself
        make_release("buurtcijfers", "2.0.0", "2019-01-15T10:00:00"),
        make_release("meldingen", "1.0.0", "2026-02-01T10:00:00"),
        make_release("meldingen", "1.0.0", "2026-02-01T10:05:00", portal="ckan"),
        make_release("rioolbelasting", "1.0.0", "2026-01-05T10:00:00"),
        make_release("rioolbelasting", "1.1.0", "2026-05-01T10:00:00"),
    ]:
        assert record_release(path, release)
    return path
