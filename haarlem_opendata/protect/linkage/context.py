"""Gather what a dataset's linkage audit needs: the register, the linked tables, earlier versions.

Plain functions on explicit paths (the stages pass them in): the register is loaded through the
caller's raw-stage loader, and every linked table is read from its bundles (``protect.earlier``).
In a run, the Dagster shell orders a dataset after the data packages of
the datasets it is audited against (see ``groups.upstream``), so their new bundles are there too.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from haarlem_opendata.catalog.linkage import LinkageGroup, linkage_groups
from haarlem_opendata.errors import InputError
from haarlem_opendata.protect.earlier import PublishedVersion, published_versions
from haarlem_opendata.protect.linkage.cells import CellSet, point_region_codes
from haarlem_opendata.protect.linkage.protect import Geography, LinkageInputs

DEFAULT_THRESHOLD = 10


def _weights(points: pd.DataFrame, column: str | None, file: str) -> np.ndarray:
    if column is None:
        return np.ones(len(points))
    if column not in points.columns:
        raise InputError(file, "kolom van het register ontbreekt", column=column)
    values = pd.to_numeric(points[column], errors="coerce").to_numpy(dtype=float)
    bad = np.isnan(values) | (values < 0)
    if bad.any():  # no value shown: residents per address are personal data
        raise InputError(
            file, "geen geldig aantal", column=column, row=int(np.flatnonzero(bad)[0]) + 1
        )
    return values


def geography(spec, datasets_dir: Path, points: gpd.GeoSeries) -> Geography:
    regions = spec.protection.linkage.regions
    if regions is None:
        return Geography(key_column=spec.primary_key[0])
    polygons = gpd.read_file(Path(datasets_dir) / regions.file, layer=regions.layer)
    return Geography(regions.code_column, point_region_codes(points, polygons, regions.levels))


def _same_population(version: PublishedVersion, column: str, key: tuple[str, str]) -> bool:
    """False when the version's own schema says the column counted another population or date."""
    package = version.package()
    for resource in package.get("resources", []):
        for field in (resource.get("schema") or {}).get("fields", []):
            declared = field.get("populatie")
            if field.get("name") == column and declared:
                return (declared.get("naam"), declared.get("peildatum")) == key
    return True  # declared before populatie existed: assume the same people (the safe side)


def build_inputs(
    spec,
    catalog: dict,
    *,
    datasets_dir: Path,
    bundles_dir: Path,
    load_register: Callable[[object, str], gpd.GeoDataFrame],
) -> list[LinkageInputs]:
    """One :class:`LinkageInputs` per population ``spec`` counts; [] when it counts none."""
    inputs = []
    for group in linkage_groups(catalog):
        column = group.column_of(spec.name)
        if column is None:
            continue
        inputs.append(
            _group_inputs(spec, catalog, group, column, datasets_dir, bundles_dir, load_register)
        )
    return inputs


def _group_inputs(
    spec, catalog, group: LinkageGroup, column, datasets_dir, bundles_dir, load_register
) -> LinkageInputs:
    register_spec = catalog[group.register.dataset]
    points = load_register(register_spec, group.register.source)
    file = str(points.attrs.get("source_file", f"{register_spec.name}/{group.register.source}"))
    weights = _weights(points, group.register.weight, file)
    geometry = points.geometry.reset_index(drop=True)
    geographies = {}
    others: list[CellSet] = []
    for name in group.datasets():
        other = catalog[name]
        geographies[name] = geography(other, datasets_dir, geometry)
        other_column = group.column_of(name)
        assert other_column is not None  # name is one of the group's members
        for version in published_versions(bundles_dir, name):
            if not _same_population(version, other_column, group.population.key):
                continue
            table = version.table(other.is_geodata)
            others.append(
                geographies[name].cell_set(
                    table,
                    geometry,
                    publication=version.label,
                    column=other_column,
                    candidate=False,
                )
            )
    protection = spec.protection
    threshold = protection.linkage.threshold or (
        protection.cells.threshold if protection.cells is not None else DEFAULT_THRESHOLD
    )
    return LinkageInputs(
        population=group.population.label(),
        column=column,
        publication=f"{spec.name} (nieuwe versie)",
        threshold=threshold,
        points=geometry,
        weights=weights,
        geography=geographies[spec.name],
        others=others,
        linked=[(n, catalog[n].title) for n in group.datasets() if n != spec.name],
    )
