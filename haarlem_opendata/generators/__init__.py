"""Seeded generators for the embedded default's GENERATED data (see ``datasets/data/README.md``).

Each generator is deterministic for its seed: :func:`generate_all` rewrites the committed files
byte for byte, so a diff in ``datasets/data`` always means a generator changed.
"""

from __future__ import annotations

from pathlib import Path

CBS_CSV = "kwb2017_haarlem_GM0392.csv"
CBS_NL_CSV = "kwb2017_nl.csv"
GEMEENTEN_CSV = "cbs_gemeenten_2017.csv"
BOUNDARY_GEOJSON = "gemeente_2023_haarlem_and_neighbours.geojson"
REGIONS_GPKG = "buurten_wijken_haarlem.gpkg"


def generate_all(data_dir: Path) -> list[Path]:
    """Regenerate every generated file in ``data_dir`` (``datasets/data``) from the shipped real
    data."""
    from haarlem_opendata.generators import meldingen, regions, rioolbelasting, sociaal_domein

    boundary = data_dir / BOUNDARY_GEOJSON
    sociaal = sociaal_domein.write(
        data_dir / CBS_NL_CSV, data_dir / GEMEENTEN_CSV, data_dir / "sociaal_domein_2017.parquet"
    )
    # the register of rioolbelasting places residents in the buurt polygons: regions first
    regions_file = regions.write(data_dir / CBS_CSV, boundary, data_dir / REGIONS_GPKG)
    return [
        sociaal,
        regions_file,
        *rioolbelasting.write(boundary, data_dir, data_dir / CBS_CSV, regions_file),
        meldingen.write(boundary, data_dir / "meldingen_2025.parquet"),
    ]
