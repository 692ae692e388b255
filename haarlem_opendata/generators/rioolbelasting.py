"""Seeded gemalen, bemalingsgebieden and a resident register for Haarlem — GENERATED data.

"Poepers per put": the sewer department sizes pumps by the residents in each catchment area
(bemalingsgebied). The real inputs are BAG addresses with BRP resident counts — personal data —
so the embedded default draws them: gemalen at seeded points inside the real gemeente boundary,
their Voronoi cells clipped to it as catchment areas (no gaps, no overlaps), and one address
register whose residents per buurt add up to the CBS figure the buurtcijfers publish (2017),
with every address inside its (shipped) buurt polygon. Buurt tables and sewer-area tables then
count one population, as they do in reality (both come from the BRP) — which is what makes the
linkage audit's risk real. A handful of areas are business parks or green space with at most a
couple of addresses, so that some areas hold fewer than 10 residents.
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
    boundary_geojson: Path, buurten: gpd.GeoDataFrame, inwoners: pd.Series, seed: int = SEED
) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """(bemalingsgebieden, gemalen, adressen), all in EPSG:28992.

    ``buurten`` are the buurt polygons (``buurtcode``), ``inwoners`` the residents per buurtcode.
    """
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
    adressen = _addresses(gebieden, sparse, buurten, inwoners, rng)
    return gebieden, gemalen, adressen


def _neighbour(point: np.ndarray, boundary, rng: np.random.Generator) -> np.ndarray:
    """A point 250–450 m from ``point``, inside the boundary."""
    while True:
        angle, dist = rng.uniform(0, 2 * np.pi), rng.uniform(250, 450)
        candidate = np.round(point + dist * np.array([np.cos(angle), np.sin(angle)]), 2)
        if shapely.contains_xy(boundary, candidate[0], candidate[1]):
            return candidate


def _residents(target: int, rng: np.random.Generator) -> np.ndarray:
    """Residents per address, drawn from ``BEWONERS_P``, adding up to exactly ``target``."""
    mean = float(np.dot(np.arange(len(BEWONERS_P)), BEWONERS_P))
    values = rng.choice(len(BEWONERS_P), size=max(1, round(target / mean)), p=BEWONERS_P)
    diff = target - int(values.sum())
    while diff != 0:
        step = 1 if diff > 0 else -1
        room = values < len(BEWONERS_P) - 1 if step > 0 else values > 0
        pick = rng.choice(np.flatnonzero(room), size=min(abs(diff), int(room.sum())), replace=False)
        values[pick] += step
        diff -= step * len(pick)
    return values


def _addresses(
    gebieden: gpd.GeoDataFrame,
    sparse: np.ndarray,
    buurten: gpd.GeoDataFrame,
    inwoners: pd.Series,
    rng: np.random.Generator,
) -> gpd.GeoDataFrame:
    """The register: per buurt its CBS residents on addresses inside the buurt, parks left empty."""
    blocked = shapely.union_all(gebieden.geometry.to_numpy()[sparse])
    buurten = buurten.sort_values("buurtcode").reset_index(drop=True)
    # Postcode 4-digit part: Haarlem runs 2011–2037, roughly north (low) to south (high).
    rank = np.argsort(np.argsort(-buurten.centroid.y.to_numpy()))
    pc4 = 2011 + np.round(rank * (2037 - 2011) / max(1, len(buurten) - 1)).astype(int)
    frames = []
    for i, (code, geom) in enumerate(zip(buurten["buurtcode"], buurten.geometry, strict=True)):
        target = int(inwoners.get(code, 0) or 0)
        if target <= 0:
            continue
        bewoners = _residents(target, rng)
        living = geom.difference(blocked)
        if living.area < 0.05 * geom.area:  # a buurt that is all park still houses its residents
            living = geom
        xy = points_in(living, len(bewoners), rng)
        letters = rng.choice(POSTCODE_LETTERS, size=(len(bewoners), 2))
        frames.append(
            pd.DataFrame(
                {
                    "postcode": [f"{pc4[i]} {a}{b}" for a, b in letters],
                    "huisnummer": rng.integers(1, 181, len(bewoners)),
                    "bewoners": bewoners,
                    "x": xy[:, 0],
                    "y": xy[:, 1],
                    "_buurt": code,
                }
            )
        )
    table = pd.concat(frames, ignore_index=True)
    _move_into_parks(table, gebieden.geometry.to_numpy()[sparse], buurten, rng)
    table = table.drop(columns="_buurt")
    table.insert(0, "adres_id", [f"ADR-{i + 1:06d}" for i in range(len(table))])
    table = table.astype({"huisnummer": "int32", "bewoners": "int32"})
    return gpd.GeoDataFrame(
        table.drop(columns=["x", "y"]),
        geometry=gpd.points_from_xy(table["x"], table["y"]),
        crs=RD_NEW,
    )


def _move_into_parks(table: pd.DataFrame, parks, buurten, rng: np.random.Generator) -> None:
    """0–2 addresses per park (a caretaker's house): moved within their own buurt, so sums hold."""
    for park in parks:
        for _ in range(int(rng.integers(0, 3))):
            inside = [
                (code, geom.intersection(park))
                for code, geom in zip(buurten["buurtcode"], buurten.geometry, strict=True)
                if geom.intersection(park).area > 1.0
            ]
            candidates = [(c, g) for c, g in inside if (table["_buurt"] == c).any()]
            if not candidates:
                return
            code, spot = candidates[int(rng.integers(len(candidates)))]
            row = rng.choice(np.flatnonzero((table["_buurt"] == code).to_numpy()))
            xy = points_in(spot, 1, rng)[0]
            table.loc[row, ["x", "y"]] = xy


def write(
    boundary_geojson: Path, data_dir: Path, cbs_csv: Path, regions_gpkg: Path, seed: int = SEED
) -> list[Path]:
    from haarlem_opendata.sources.cbs import read_kwb_csv

    cbs = read_kwb_csv(cbs_csv)
    inwoners = cbs.loc[cbs["soort_regio"] == "buurt"].set_index("regio_code")["AantalInwoners_5"]
    buurten = gpd.read_file(regions_gpkg, layer="buurten")
    gebieden, gemalen, adressen = generate(boundary_geojson, buurten, inwoners.fillna(0), seed)
    return [
        write_gpkg(
            data_dir / "rioolbelasting_bemalingsgebieden.gpkg",
            {"bemalingsgebieden": gebieden, "gemalen": gemalen},
        ),
        _write_geoparquet(adressen, data_dir / "rioolbelasting_adressen.parquet"),
    ]


def _write_geoparquet(table: gpd.GeoDataFrame, path: Path) -> Path:
    """GeoParquet: the 75,000-address register is a quarter of its GeoPackage size."""
    table.to_parquet(path, index=False, compression="zstd")
    return path
