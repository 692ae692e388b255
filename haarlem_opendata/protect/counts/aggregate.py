"""Count records per region × dimension values, at the levels a count table spec names.

Labels come from the hierarchies the dataset declares for k-anonymity (a buurt code from the
spatial join of each point, a month, a hoofdcategorie), so a count table and the record-level
table speak the same language. Every region of the regions file gets a row, also those with no
record: a buurt without meldingen is a true 0, not a missing row.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from haarlem_opendata.errors import SpecError
from haarlem_opendata.protect.anonymity.hierarchy import EncodedQI, GeoLevels, build_hierarchy
from haarlem_opendata.protect.counts.shape import WideLayout, ordered_values
from haarlem_opendata.spec import REGION_COLUMNS, CountTableSpec


def _level(encoded: EncodedQI, level: str | int, where: str, source: str) -> int:
    if isinstance(level, int):
        if not 0 <= level < encoded.height:
            raise SpecError(
                source, where, f"niveau {level} bestaat niet (0 tot {encoded.height - 1})"
            )
        return level
    if level not in encoded.level_names:
        raise SpecError(
            source, where, f"niveau {level!r} bestaat niet; kies uit {encoded.level_names}"
        )
    return encoded.level_names.index(level)


def _row_labels(encoded: EncodedQI, level: int) -> np.ndarray:
    return encoded.labels(level)[encoded.level_maps[level][encoded.row_codes]]


def region_rows(geo: GeoLevels, spec: CountTableSpec, source: str) -> pd.DataFrame:
    """Every region at the spec's levels (coarsest first), with its parent region."""
    levels = spec.region.levels
    known = geo.region_levels
    if geo.regions is None or any(level not in known for level in levels):
        raise SpecError(source, "region.levels", f"de hiërarchie kent de regioniveaus {known}")
    if [known.index(level) for level in levels] != sorted(known.index(level) for level in levels):
        raise SpecError(source, "region.levels", "regioniveaus van fijn naar grof opgeven")
    frames = []
    for depth in reversed(range(len(levels))):
        level = levels[depth]
        parent = levels[depth + 1] if depth + 1 < len(levels) else None
        part = geo.regions[[level, *([parent] if parent else [])]].astype(str)
        part = part.drop_duplicates(level).sort_values(level)
        frames.append(
            pd.DataFrame(
                {
                    REGION_COLUMNS[0]: part[level].to_numpy(),
                    REGION_COLUMNS[1]: spec.region.level_name(level),
                    REGION_COLUMNS[2]: part[parent].to_numpy() if parent else None,
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def aggregate(
    records: pd.DataFrame,
    spec: CountTableSpec,
    hierarchies: dict,
    *,
    base_dir: str | Path,
    source: str,
) -> tuple[pd.DataFrame, WideLayout]:
    """The wide table of true counts (one row per region) and the layout of its columns."""
    geo = build_hierarchy(hierarchies[spec.region.hierarchy], base_dir)
    if not isinstance(geo, GeoLevels):
        raise SpecError(source, "region.hierarchy", "de regiohiërarchie moet van soort geo zijn")
    encoded = geo.encode(records, spec.region.hierarchy, source)
    finest = spec.region.levels[0]
    region = _row_labels(encoded, _level(encoded, finest, "region.levels", source))

    labels = []
    for i, dimension in enumerate(spec.dimensions):
        hierarchy = build_hierarchy(hierarchies[dimension.hierarchy], base_dir)
        enc = hierarchy.encode(records, dimension.hierarchy, source)
        labels.append(
            _row_labels(enc, _level(enc, dimension.level, f"dimensions[{i}].level", source))
        )
    layout = WideLayout(
        values=[ordered_values(v, spec.total_label) for v in labels],
        total_label=spec.total_label,
    )

    rows = region_rows(geo, spec, source)
    finest_codes = rows.loc[
        rows[REGION_COLUMNS[1]] == spec.region.level_name(finest), REGION_COLUMNS[0]
    ]
    row_of = {code: i for i, code in enumerate(finest_codes)}
    sizes = [len(v) for v in layout.values]
    cube = np.zeros((len(row_of), *sizes), dtype=np.int64)
    index = [np.fromiter((row_of[c] for c in region), dtype=np.int64, count=len(region))]
    for values, row_labels in zip(layout.values, labels, strict=True):
        position = {v: j for j, v in enumerate(values)}
        index.append(np.fromiter((position[str(v)] for v in row_labels), dtype=np.int64))
    np.add.at(cube, tuple(index), 1)
    for axis in range(1, cube.ndim):  # each total slot = Σ of that axis' values, in order
        totals = np.take(cube, range(sizes[axis - 1] - 1), axis=axis).sum(axis=axis)
        slicer: list[slice | int] = [slice(None)] * cube.ndim
        slicer[axis] = sizes[axis - 1] - 1
        cube[tuple(slicer)] = totals
    flat = pd.DataFrame(cube.reshape(len(row_of), -1), columns=layout.columns)
    flat.insert(0, REGION_COLUMNS[0], list(row_of))
    return _roll_up(rows, flat, spec), layout


def _roll_up(rows: pd.DataFrame, finest: pd.DataFrame, spec: CountTableSpec) -> pd.DataFrame:
    """Counts for every region: the finest level counted, each coarser one summed from its
    children."""
    code, _, parent = REGION_COLUMNS
    counts = finest.set_index(code)
    by_code = {c: counts.loc[c].to_numpy() for c in counts.index}
    for level in spec.region.levels[1:]:
        name = spec.region.level_name(level)
        for region_code in rows.loc[rows[REGION_COLUMNS[1]] == name, code]:
            kids = rows.loc[rows[parent] == region_code, code]
            zero = np.zeros(counts.shape[1], dtype=np.int64)
            by_code[region_code] = sum((by_code[k] for k in kids), zero)
    values = np.vstack([by_code[c] for c in rows[code]])
    return pd.concat(
        [rows.reset_index(drop=True), pd.DataFrame(values, columns=counts.columns)], axis=1
    )
