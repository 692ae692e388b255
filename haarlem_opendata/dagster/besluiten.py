"""Besluiten as external Dagster assets, downstream of the datasets they rest on.

Dagster does not materialize a besluit — the raad does — but drawing it in the asset graph lets a
steward follow one line in the UI from the source, through protection and publication, to the
decision, and see at a glance which besluiten a failing dataset touches.
"""

from __future__ import annotations

from collections.abc import Mapping

import dagster as dg

from haarlem_opendata.lineage.register import datasets_for
from haarlem_opendata.spec import BesluitenRegister, DatasetSpec, slug

GROUP = "besluiten"


def besluit_asset_key(identificatie: str) -> dg.AssetKey:
    return dg.AssetKey(["besluit", identificatie.lower().replace("-", "_")])


def besluit_external_assets(
    register: BesluitenRegister, catalog: Mapping[str, DatasetSpec]
) -> list[dg.AssetSpec]:
    """One external ``AssetSpec`` per besluit, depending on ``[<dataset>, "published"]``."""
    specs = []
    for besluit in register.besluiten:
        datasets = datasets_for(besluit.identificatie, catalog)
        voorbeeld = " (voorbeeld, fictief besluit)" if besluit.voorbeeld else ""
        description = (
            f"{besluit.titel}{voorbeeld}. {besluit.besluittype} van de "
            f"{besluit.bestuursorgaan.value}, genomen op {besluit.datum.isoformat()}, in werking "
            f"op {besluit.ingangsdatum.isoformat()}. Rust op: "
            + (", ".join(catalog[d].title for d in datasets) or "geen data")
            + f".\n\n{besluit.toelichting}"
        )
        metadata: dict[str, object] = {
            "identificatie": besluit.identificatie,
            "bestuursorgaan": besluit.bestuursorgaan.value,
            "besluittype": besluit.besluittype,
            "datum": besluit.datum.isoformat(),
            "ingangsdatum": besluit.ingangsdatum.isoformat(),
            "verantwoordelijkeOrganisatie": besluit.verantwoordelijkeOrganisatie,
            "datasets": dg.MetadataValue.json(datasets),
            "voorbeeld": besluit.voorbeeld,
        }
        for name, url in besluit.links.model_dump().items():
            if url:
                metadata[name] = dg.MetadataValue.url(url)
        specs.append(
            dg.AssetSpec(
                key=besluit_asset_key(besluit.identificatie),
                deps=[dg.AssetKey([slug(d), "published"]) for d in datasets],
                description=description,
                metadata=metadata,
                group_name=GROUP,
                kinds={"besluit"},
                tags={
                    "bestuursorgaan": "raad"
                    if besluit.bestuursorgaan.name == "gemeenteraad"
                    else "college"
                },
            )
        )
    return specs
