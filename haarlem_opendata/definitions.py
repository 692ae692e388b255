"""The one Dagster ``Definitions`` of this code location (``workspace.yaml`` points here).

Built from the dataset catalog: one asset factory call per spec, plus the besluiten as external
assets downstream of the datasets they rest on. Resources are injected here; the CKAN URL and
token come from the environment (``EnvVar``), never from code or files.
"""

from __future__ import annotations

import os

import dagster as dg

from haarlem_opendata.factory import build_dataset_definitions
from haarlem_opendata.publish.resource import portal_resource_from_env
from haarlem_opendata.settings import settings
from haarlem_opendata.spec import load_catalog

os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")


def build_definitions() -> dg.Definitions:
    cfg = settings()
    catalog = load_catalog(cfg.datasets_dir, cfg.metadata_dir)
    per_dataset = [build_dataset_definitions(spec) for spec in catalog.values()]
    assets: list = [a for d in per_dataset for a in d.assets]
    besluit_assets = _besluit_assets(catalog, cfg)
    all_job = dg.define_asset_job(
        name="all_datasets_job",
        selection=dg.AssetSelection.groups(*[d.job.name.removesuffix("_job") for d in per_dataset]),
        description="Alle datasets: van bron tot publicatie.",
    )
    return dg.Definitions(
        assets=[*assets, *besluit_assets],
        asset_checks=[c for d in per_dataset for c in d.checks],
        jobs=[*[d.job for d in per_dataset], all_job],
        schedules=[d.schedule for d in per_dataset],
        resources={
            "portal": portal_resource_from_env(cfg.portal_dir),
            "io_manager": dg.FilesystemIOManager(base_dir=str(cfg.storage_dir)),
        },
    )


def _besluit_assets(catalog, cfg) -> list:
    from haarlem_opendata.lineage.dagster_assets import besluit_external_assets
    from haarlem_opendata.lineage.register import load_register, validate_register

    register = load_register(cfg.metadata_dir / "besluiten.yaml")
    validate_register(register, catalog)
    return besluit_external_assets(register, catalog)


defs = build_definitions()
