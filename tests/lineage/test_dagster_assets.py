"""Besluiten appear in a real Dagster asset graph downstream of the published datasets."""

from __future__ import annotations

import dagster as dg

from haarlem_opendata.dagster.besluiten import besluit_external_assets
from haarlem_opendata.lineage.register import datasets_for


def test_each_besluit_is_an_external_asset_after_its_published_datasets(register, catalog):
    specs = besluit_external_assets(register, catalog)
    published = [dg.AssetSpec(key=[name, "published"], group_name=name) for name in catalog]
    defs = dg.Definitions(assets=[*published, *specs])
    graph = defs.resolve_asset_graph()

    assert len(specs) == len(register.besluiten)
    for besluit in register.besluiten:
        key = dg.AssetKey(["besluit", besluit.identificatie.lower().replace("-", "_")])
        node = graph.get(key)
        assert not node.is_materializable  # external: the raad decides, not Dagster
        assert node.group_name == "besluiten"
        assert node.parent_keys == {
            dg.AssetKey([d, "published"]) for d in datasets_for(besluit.identificatie, catalog)
        }
        assert besluit.titel in node.description
        assert "voorbeeld" in node.description
        assert node.metadata["datum"] == besluit.datum.isoformat()
        assert node.metadata["identificatie"] == besluit.identificatie


def test_links_become_url_metadata(register, catalog):
    from haarlem_opendata.spec import Besluit, BesluitenRegister

    linked = Besluit.model_validate(
        {
            **register.get("HLM-2026-RB-014").model_dump(),
            "links": {"gemeenteblad": "https://zoek.officielebekendmakingen.nl/gmb-2026-7.html"},
        }
    )
    [spec] = list(besluit_external_assets(BesluitenRegister(besluiten=[linked]), catalog))
    assert spec.metadata["gemeenteblad"] == dg.MetadataValue.url(
        "https://zoek.officielebekendmakingen.nl/gmb-2026-7.html"
    )
