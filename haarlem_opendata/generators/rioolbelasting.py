"""Seeded gemalen, bemalingsgebieden and addresses with residents in Haarlem — GENERATED data.

"Poepers per put": the sewer department sizes pumps by the residents in each catchment area
(bemalingsgebied). The real inputs are BAG addresses with BRP resident counts — personal data —
so the embedded default draws them: gemalen at seeded points inside the real gemeente boundary,
their Voronoi cells clipped to it as catchment areas (no gaps, no overlaps), and a few thousand
addresses whose density varies per area. A handful of areas are business parks or green space
with almost no addresses, so that some areas hold fewer than 10 residents.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from haarlem_opendata.generators.geo import (
    RD_NEW,
    gemeente_boundary,
    points_in,
    voronoi_cells,
    write_gpkg,
)

SEED = 20250392
N_ADDRESSES = 3200
GEMAAL_NAMEN = [
    "Zijlweg",
    "Schoterweg",
    "Rijksstraatweg",
    "Amsterdamsevaart",
    "Spaarndamseweg",
    "Kleverparkweg",
    "Leidsevaart",
    "Schalkwijkerstraat",
    "Europaweg",
    "Prins Bernhardlaan",
    "Oudeweg",
    "Waarderweg",
    "Jan Gijzenkade",
    "Houtplein",
    "Dreef",
    "Bakenessergracht",
    "Vondelweg",
    "Marnixplein",
    "Delftplein",
    "Orionweg",
    "Planetenlaan",
    "Boerhaavelaan",
    "Floresstraat",
    "Pijlslaan",
    "Kennemerplein",
    "Zuiderpolder",
    "Molenwijk",
    "Meerwijk",
    "Slachthuisbuurt",
    "Garenkokerskwartier",
    "Ramplaan",
    "Westergracht",
    "Zaanenlaan",
    "Kleine Houtweg",
    "Dedemsvaartweg",
    "Kamperlaan",
]
N_GEMALEN = 32
N_SPARSE = 4  # bedrijventerrein / park: a few addresses at most
# Residents per address 0..8: empty (commercial), singles, couples, families.
BEWONERS_P = [0.07, 0.34, 0.29, 0.12, 0.105, 0.045, 0.015, 0.01, 0.005]
POSTCODE_LETTERS = list("ABCDEGHJKLMNPRSTVWXZ")  # PostNL skips F, I, O, Q, U, Y


def generate(
    boundary_geojson: Path, seed: int = SEED
) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """(bemalingsgebieden, gemalen, adressen), all in EPSG:28992."""
    rng = np.random.default_rng(seed)
    boundary = gemeente_boundary(boundary_geojson)
    seeds = points_in(boundary, N_GEMALEN - N_SPARSE, rng)
    # Sparse areas: a gemaal close to another one gives a small cell between them.
    near = seeds[rng.choice(len(seeds), N_SPARSE, replace=False)]
    seeds = np.vstack([seeds, [_neighbour(p, boundary, rng) for p in near]])
    order = np.lexsort((seeds[:, 0], -seeds[:, 1]))  # north to south, then west to east
    seeds = seeds[order]
    sparse = np.isin(order, np.arange(N_GEMALEN - N_SPARSE, N_GEMALEN))
    ids = [f"GML-{i + 1:03d}" for i in range(N_GEMALEN)]
    names = [f"Gemaal {n}" for n in rng.choice(GEMAAL_NAMEN, N_GEMALEN, replace=False)]
    cells = voronoi_cells(seeds, boundary)
    gebieden = gpd.GeoDataFrame(
        {"gemaal_id": ids, "gemaal_naam": names}, geometry=cells, crs=RD_NEW
    )
    gemalen = gpd.GeoDataFrame(
        {"gemaal_id": ids, "gemaal_naam": names},
        geometry=gpd.points_from_xy(seeds[:, 0], seeds[:, 1]),
        crs=RD_NEW,
    )
    adressen = _addresses(gebieden, sparse, rng)
    return gebieden, gemalen, adressen


def _neighbour(point: np.ndarray, boundary, rng: np.random.Generator) -> np.ndarray:
    """A point 250–450 m from ``point``, inside the boundary."""
    while True:
        angle, dist = rng.uniform(0, 2 * np.pi), rng.uniform(250, 450)
        candidate = np.round(point + dist * np.array([np.cos(angle), np.sin(angle)]), 2)
        if shapely.contains_xy(boundary, candidate[0], candidate[1]):
            return candidate


def _addresses(
    gebieden: gpd.GeoDataFrame, sparse: np.ndarray, rng: np.random.Generator
) -> gpd.GeoDataFrame:
    area_km2 = gebieden.area.to_numpy() / 1e6
    density = rng.gamma(2.0, 1.0, len(gebieden))  # some neighbourhoods are much denser
    weights = np.where(sparse, 0.0, area_km2 * density)
    counts = rng.multinomial(N_ADDRESSES, weights / weights.sum())
    counts = np.where(sparse, rng.integers(0, 3, len(gebieden)), counts)
    # Postcode 4-digit part: Haarlem runs 2011–2037, roughly north (low) to south (high).
    rank = np.argsort(np.argsort(-gebieden.centroid.y.to_numpy()))
    pc4 = 2011 + np.round(rank * (2037 - 2011) / max(1, len(gebieden) - 1)).astype(int)
    frames = []
    for i, (geom, n) in enumerate(zip(gebieden.geometry, counts)):
        if n == 0:
            continue
        xy = points_in(geom, int(n), rng)
        letters = rng.choice(POSTCODE_LETTERS, size=(n, 2))
        frames.append(
            pd.DataFrame(
                {
                    "postcode": [f"{pc4[i]} {a}{b}" for a, b in letters],
                    "huisnummer": rng.integers(1, 181, n),
                    "bewoners": rng.choice(len(BEWONERS_P), size=n, p=BEWONERS_P),
                    "x": xy[:, 0],
                    "y": xy[:, 1],
                }
            )
        )
    table = pd.concat(frames, ignore_index=True)
    table.insert(0, "adres_id", [f"ADR-{i + 1:06d}" for i in range(len(table))])
    table = table.astype({"huisnummer": "int32", "bewoners": "int32"})
    return gpd.GeoDataFrame(
        table.drop(columns=["x", "y"]),
        geometry=gpd.points_from_xy(table["x"], table["y"]),
        crs=RD_NEW,
    )


def write(boundary_geojson: Path, data_dir: Path, seed: int = SEED) -> list[Path]:
    gebieden, gemalen, adressen = generate(boundary_geojson, seed)
    return [
        write_gpkg(
            data_dir / "rioolbelasting_bemalingsgebieden.gpkg",
            {"bemalingsgebieden": gebieden, "gemalen": gemalen},
        ),
        write_gpkg(data_dir / "rioolbelasting_adressen.gpkg", {"adressen": adressen}),
    ]
