"""Small hand-made specs, tables and run info for the package and FAIR tests."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace

import geopandas as gpd
import pandas as pd
from shapely.geometry import Polygon

from haarlem_opendata.spec import DatasetSpec

PROJECT_ROOT = Path(__file__).resolve().parents[2]
METADATA_DIR = PROJECT_ROOT / "metadata"
RUN = SimpleNamespace(
    run_id="run-0001",
    git_commit="0123456789abcdef",
    pipeline_version="0.1.0",
    started_at=datetime(2026, 3, 1, 4, 0, tzinfo=UTC),
)

CBS_SOURCE = {
    "description": "CBS Kerncijfers wijken en buurten, uitsnede Haarlem.",
    "local": {"adapter": "cbs_kwb_csv", "path": "data/kwb.csv"},
    "citation": {
        "title": "Kerncijfers wijken en buurten 2017",
        "publisher": "CBS",
        "url": "https://opendata.cbs.nl/statline/#/CBS/nl/dataset/83765NED/table",
        "table_id": "83765NED",
        "license": "CC-BY-4.0",
    },
}
MUNICIPAL_SOURCE = {
    "description": "Tellingen sociaal domein per buurt (gegenereerd).",
    "local": {"adapter": "file", "path": "data/sd.parquet"},
    "generated": True,
    "personal_data": True,
    "persoonsgegevens": [
        {
            "kolom": "wmo_totaal",
            "soort": "aantal Wmo-cliënten per buurt",
            "nodig_voor": "bescherming",
            "doel": "Kleine aantallen worden onderdrukt voordat de tabel wordt gepubliceerd.",
        },
    ],
    "citation": {
        "title": "Tellingen sociaal domein",
        "publisher": "Gemeente Haarlem",
        "license": "CC0-1.0",
    },
}


def counts_spec_dict(**overrides) -> dict:
    spec = {
        "name": "wijkcijfers",
        "title": "Wijkcijfers Haarlem (test)",
        "description": "Aantal inwoners en het aantal inwoners met een Wmo-voorziening per "
        "gemeente, wijk en buurt van Haarlem; kleine aantallen zijn afgeschermd.",
        "unit_of_observation": "regio",
        "keywords": ["buurt", "wijk", "Wmo"],
        "theme": "Zorg en gezondheid",
        "license": "CC-BY-4.0",
        "temporal": {"start": "2017-01-01", "end": "2017-12-31"},
        "sources": {"cbs": CBS_SOURCE, "sociaal_domein": MUNICIPAL_SOURCE},
        "betrokkenen": ["inwoners met een Wmo-voorziening"],
        "transform": {
            "kind": "join",
            "left": "cbs",
            "right": ["sociaal_domein"],
            "key": "regio_code",
        },
        "primary_key": ["regio_code"],
        "columns": [
            {
                "name": "regio_code",
                "type": "string",
                "role": "region",
                "title": "Regiocode",
                "description": "CBS-code van de gemeente, wijk of buurt.",
            },
            {
                "name": "naam_contactpersoon",
                "type": "string",
                "role": "direct_identifier",
                "title": "Contactpersoon",
                "description": "Naam van de contactpersoon; wordt nooit gepubliceerd.",
            },
            {
                "name": "aantal_inwoners",
                "type": "integer",
                "unit": "personen",
                "role": "measure",
                "title": "Aantal inwoners",
                "description": "Aantal inwoners op 1 januari volgens het CBS.",
            },
            {
                "name": "wmo_totaal",
                "type": "integer",
                "unit": "personen",
                "role": "count",
                "title": "Inwoners met Wmo",
                "description": "Aantal inwoners met een Wmo-voorziening.",
            },
            {
                "name": "gemiddeld_inkomen",
                "type": "number",
                "unit": "x 1000 euro",
                "role": "measure",
                "title": "Gemiddeld inkomen",
                "description": "Gemiddeld inkomen per inwoner in duizenden euro's.",
            },
        ],
        "protection": {"cells": {"counts": ["wmo_totaal"], "threshold": 10}},
    }
    spec.update(overrides)
    return spec


def counts_spec(**overrides) -> DatasetSpec:
    return DatasetSpec.model_validate(counts_spec_dict(**overrides))


def counts_table() -> pd.DataFrame:
    """A protected table: two suppressed Wmo cells (empty), one CBS-secret income (empty)."""
    return pd.DataFrame(
        {
            "regio_code": ["GM0392", "WK039201", "BU03920101", "BU03920102"],
            "aantal_inwoners": pd.array([159229, 13830, 1885, 3150], dtype="Int64"),
            "wmo_totaal": pd.array([4210, 380, None, None], dtype="Int64"),
            "gemiddeld_inkomen": [28.4, 36.5, 36.4, None],
        }
    )


def protection_dict() -> dict:
    """Shaped like the protected stage's summary (cells.to_metadata(), pii report), no raw
    values."""
    return {
        "identifiers_dropped": ["naam_contactpersoon"],
        "cells": {
            "methode": "celonderdrukking",
            "method": "suppression",
            "n_primair": 1,
            "n_secundair": 1,
            "n_verborgen_cellen": 2,
            "smalste_interval": 11.0,
            "smalste_interval_primair": 11.0,
            "beschermingsbreedte": 10,
            "alle_primaire_intervallen_breed_genoeg": True,
            "geen_cel_exact_herleidbaar": True,
            "audit_geslaagd": True,
            "auditmethode": "lp",
            "regels": [
                {
                    "id": "klein-aantal",
                    "beschrijving": "Aantallen van 1 tot en met 9 zijn geheim.",
                    "n_cellen": 1,
                }
            ],
            "regelset": None,
        },
        "free_text": {"redacted_columns": [], "dropped_columns": []},
    }


def checks_list() -> list[dict]:
    return [
        {
            "name": "pii_scan",
            "passed": True,
            "blocking": True,
            "metadata": {
                "passed": True,
                "threshold": 0.5,
                "cells_scanned": 16,
                "columns_scanned": ["regio_code"],
                "findings": [],
            },
        },
        {
            "name": "cells_audit",
            "passed": True,
            "blocking": True,
            "metadata": {"audit_geslaagd": True},
        },
    ]


def geo_spec(**overrides) -> DatasetSpec:
    spec = {
        "name": "gebieden",
        "title": "Inwoners per bemalingsgebied (test)",
        "description": "Per bemalingsgebied het aantal inwoners en de droogweerafvoer; gebieden "
        "met weinig inwoners zijn samengevoegd. Dit zijn gegenereerde voorbeeldgegevens.",
        "unit_of_observation": "bemalingsgebied",
        "keywords": ["riolering", "gemaal", "droogweerafvoer"],
        "theme": "Ruimte en infrastructuur",
        "license": "CC0-1.0",
        "temporal": {"start": "2025-01-01", "end": "2025-12-31"},
        "sources": {
            "gebieden": {
                "description": "Bemalingsgebieden (gegenereerd).",
                "local": {
                    "adapter": "file",
                    "path": "data/g.gpkg",
                    "layer": "g",
                    "crs": "EPSG:28992",
                },
                "generated": True,
                "citation": {
                    "title": "Bemalingsgebieden",
                    "publisher": "Gemeente Haarlem",
                    "license": "CC0-1.0",
                },
            }
        },
        "primary_key": ["gemaal_id"],
        "columns": [
            {
                "name": "gemaal_id",
                "type": "string",
                "role": "key",
                "title": "Gemaal",
                "description": "Code van het gemaal.",
            },
            {
                "name": "aantal_bewoners",
                "type": "integer",
                "unit": "personen",
                "role": "count",
                "title": "Aantal inwoners",
                "description": "Aantal bewoners in het gebied.",
            },
            {
                "name": "dwa_liter_per_uur",
                "type": "number",
                "unit": "liter per uur",
                "role": "measure",
                "title": "Droogweerafvoer",
                "description": "Inwoners maal 12 liter per uur.",
            },
            {
                "name": "geometry",
                "type": "geometry",
                "title": "Gebied",
                "description": "Begrenzing van het gebied.",
            },
        ],
    }
    spec.update(overrides)
    return DatasetSpec.model_validate(spec)


def geo_table() -> gpd.GeoDataFrame:
    # Clockwise exterior rings on purpose: RFC 7946 output must re-orient them counterclockwise.
    return gpd.GeoDataFrame(
        {
            "gemaal_id": ["GML-001", "GML-002"],
            "aantal_bewoners": pd.array([120, 85], dtype="Int64"),
            "dwa_liter_per_uur": [1440.0, 1020.0],
        },
        geometry=[
            Polygon([(103000, 487000), (103000, 488000), (104000, 488000), (104000, 487000)]),
            Polygon([(104000, 487000), (104000, 488000), (105000, 488000), (105000, 487000)]),
        ],
        crs="EPSG:28992",
    )


def build(
    spec,
    table,
    out_dir,
    *,
    previous=None,
    protection=None,
    checks=None,
    run=RUN,
    besluiten=None,
    count_tables=None,
):
    from haarlem_opendata.package import build_bundle

    return build_bundle(
        spec,
        table,
        out_dir=out_dir,
        protection=protection if protection is not None else protection_dict(),
        checks=checks if checks is not None else checks_list(),
        run=run,
        previous=previous,
        besluiten=besluiten,
        metadata_dir=METADATA_DIR,
        count_tables=count_tables,
    )
