"""Generalisation hierarchies, encoded once as integer lookup arrays.

The search never touches labels or rows: each quasi-identifier is reduced to a code per row for its
distinct raw value plus, per level, an integer array mapping raw code → generalised code. Labels
are only materialised for the one level that is published. Which levels *nest* (each value at
level a has one parent at level b) is measured on the data; the search infers only along those.

Kinds: ARX-format CSV, categories (chain of mappings), numeric bands, datetime truncation, and
geography (point → nested grid cells → region codes from polygons → ``*``).
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from haarlem_opendata.errors import InputError, SpecError
from haarlem_opendata.spec import (
    ArxHierarchySpec,
    CategoriesSpec,
    DateTimeSpec,
    GeoSpec,
    NumericBandsSpec,
)

TOP = "*"


@dataclass
class EncodedQI:
    """One quasi-identifier reduced to integers.

    ``row_codes[i]`` is the raw-value code of row i; ``level_maps[l][raw]`` the code at level l
    (level 0 is the identity); ``level_labels(l)`` the labels of level-l codes, built lazily.
    """

    name: str
    input_columns: tuple[str, ...]
    row_codes: np.ndarray
    level_maps: list[np.ndarray]
    level_names: list[str]
    label_fn: Callable[[int], np.ndarray]
    _labels: dict[int, np.ndarray] = field(default_factory=dict, repr=False)
    _refines: np.ndarray | None = field(default=None, repr=False)

    @property
    def height(self) -> int:
        return len(self.level_maps)

    @property
    def domain_size(self) -> int:
        return len(self.level_maps[0])

    def cardinality(self, level: int) -> int:
        codes = self.level_maps[level]
        return int(codes.max()) + 1 if len(codes) else 0

    def labels(self, level: int) -> np.ndarray:
        if level not in self._labels:
            self._labels[level] = np.asarray(self.label_fn(level), dtype=object)
        return self._labels[level]

    def up_map(self, src: int, dst: int) -> np.ndarray:
        """Array mapping level-``src`` codes to level-``dst`` codes (meaningful if src refines
        dst)."""
        out = np.empty(self.cardinality(src), dtype=np.int64)
        out[self.level_maps[src]] = self.level_maps[dst]
        return out

    def refinement(self) -> np.ndarray:
        """``R[a, b]``: every level-a value lies in exactly one level-b value (a refines b).

        Computed on the data, so hierarchies whose levels do not nest everywhere (grid cells vs
        buurten, ISO weeks vs months) are still handled exactly: the search only infers along
        pairs of levels that do nest, and only rolls up from tables that refine the target.
        """
        if self._refines is None:
            h = self.height
            refines = np.eye(h, dtype=bool)
            for a in range(h):
                for b in range(a + 1, h):
                    parent = self.up_map(a, b)
                    refines[a, b] = bool(
                        np.array_equal(parent[self.level_maps[a]], self.level_maps[b])
                    )
            self._refines = refines
        return self._refines

    def nests(self) -> bool:
        return bool(all(self.refinement()[a, a + 1] for a in range(self.height - 1)))


class Hierarchy:
    """Something that can encode one quasi-identifier of a DataFrame."""

    def encode(self, df: pd.DataFrame, name: str, source: str) -> EncodedQI:  # pragma: no cover
        raise NotImplementedError


def _factorize_column(df: pd.DataFrame, column: str, source: str) -> tuple[np.ndarray, pd.Index]:
    if column not in df.columns:
        raise InputError(source, "quasi-identifier column is missing", column=column)
    codes, uniques = pd.factorize(df[column], use_na_sentinel=True)
    if len(codes) and codes.min() < 0:
        row = int(np.argmax(codes < 0)) + 1
        raise InputError(source, "missing value in a quasi-identifier", column=column, row=row)
    return codes.astype(np.int64, copy=False), pd.Index(uniques)


def _first_row(codes: np.ndarray, bad_uniques: np.ndarray) -> int:
    """1-based row of the first occurrence of any of the given raw codes."""
    mask = np.zeros(int(codes.max()) + 1, dtype=bool)
    mask[bad_uniques] = True
    return int(np.argmax(mask[codes])) + 1


def _as_keys(uniques: pd.Index) -> list[str]:
    """Raw values as hierarchy keys: integral numbers without a trailing ``.0``."""
    if pd.api.types.is_numeric_dtype(uniques.dtype) and not pd.api.types.is_bool_dtype(
        uniques.dtype
    ):
        values = uniques.to_numpy(dtype=float)
        if np.all(np.mod(values, 1) == 0):
            return [str(int(v)) for v in values]
    return [str(v) for v in uniques]


def _factorize(values) -> np.ndarray:
    return pd.factorize(np.asarray(values), use_na_sentinel=False)[0].astype(np.int64)


def _labels_from_codes(codes: np.ndarray, values: Sequence[str]) -> np.ndarray:
    out = np.empty(int(codes.max()) + 1 if len(codes) else 0, dtype=object)
    out[codes] = np.asarray(values, dtype=object)
    return out


class TableHierarchy(Hierarchy):
    """A value → [level-1 label, level-2 label, ...] table (ARX CSV or category chain)."""

    def __init__(
        self, table: dict[str, list[str]], source: str, level_names: list[str] | None = None
    ):
        self.table = table
        self.source = source
        depth = len(next(iter(table.values()))) if table else 0
        self.level_names = level_names or ["exact", *[f"level {i}" for i in range(1, depth + 1)]]

    @classmethod
    def from_arx_csv(cls, path: str | Path) -> TableHierarchy:
        path = Path(path)
        if not path.is_file():
            raise SpecError(path, "path", "hierarchy file not found")
        with path.open(newline="", encoding="utf-8") as fh:
            rows = [row for row in csv.reader(fh, delimiter=";") if row]
        if not rows:
            raise InputError(path, "hierarchy file is empty")
        width = len(rows[0])
        table: dict[str, list[str]] = {}
        parents: list[dict[str, str]] = [{} for _ in range(width)]
        for number, row in enumerate(rows, start=1):
            if len(row) != width:
                raise InputError(
                    path,
                    f"ragged hierarchy: {len(row)} columns where row 1 has {width}",
                    row=number,
                )
            if row[0] in table:
                raise InputError(
                    path, "raw value listed twice", row=number, column="level 0", shown_value=row[0]
                )
            for level in range(1, width):
                known = parents[level].setdefault(row[level - 1], row[level])
                if known != row[level]:
                    raise InputError(
                        path,
                        f"inconsistent hierarchy: a level-{level - 1} value maps to two different "
                        f"level-{level} values",
                        row=number,
                        column=f"level {level}",
                        shown_value=row[level - 1],
                    )
            table[row[0]] = row[1:]
        if width == 1 or len({r[-1] for r in rows}) > 1:
            table = {key: [*chain, TOP] for key, chain in table.items()}
        return cls(table, str(path))

    @classmethod
    def from_categories(cls, levels: list[dict[str, str]], source: str) -> TableHierarchy:
        table: dict[str, list[str]] = {}
        for raw in levels[0]:
            chain, value = [], raw
            for depth, mapping in enumerate(levels):
                if value not in mapping:
                    raise SpecError(
                        source,
                        f"levels[{depth}]",
                        f"no parent for {value!r} (from raw value {raw!r})",
                    )
                value = mapping[value]
                chain.append(value)
            table[raw] = [*chain, TOP]
        return cls(table, source)

    def encode(self, df: pd.DataFrame, name: str, source: str) -> EncodedQI:
        codes, uniques = _factorize_column(df, name, source)
        keys = _as_keys(uniques)
        missing = [i for i, key in enumerate(keys) if key not in self.table]
        if missing:
            raise InputError(
                self.source,
                "value not in the hierarchy",
                column=name,
                row=_first_row(codes, np.asarray(missing)),
                shown_value=keys[missing[0]],
            )
        chains = [self.table[key] for key in keys]
        depth = len(chains[0]) if chains else 0
        columns = [keys] + [[chain[i] for chain in chains] for i in range(depth)]
        level_maps = [np.arange(len(keys), dtype=np.int64)] + [_factorize(c) for c in columns[1:]]
        labels = [_labels_from_codes(m, c) for m, c in zip(level_maps, columns, strict=True)]
        names = (
            list(self.level_names)
            if len(self.level_names) == len(level_maps)
            else ["exact", *[f"level {i}" for i in range(1, len(level_maps))]]
        )
        if len(names) > 1 and list(labels[-1]) == [TOP]:
            names[-1] = TOP
        return EncodedQI(name, (name,), codes, level_maps, names, lambda level: labels[level])


def _format_number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


class NumericBands(Hierarchy):
    """Bands ``lo-hi`` of the given widths (each a multiple of the previous), then ``*``."""

    def __init__(self, widths: list[int]):
        self.widths = widths

    def encode(self, df: pd.DataFrame, name: str, source: str) -> EncodedQI:
        codes, uniques = _factorize_column(df, name, source)
        values = pd.to_numeric(pd.Series(uniques), errors="coerce").to_numpy(dtype=float)
        bad = np.flatnonzero(~np.isfinite(values))
        if len(bad):
            raise InputError(
                source,
                "not a number (numeric bands need numbers)",
                column=name,
                row=_first_row(codes, bad),
            )
        integral = bool(np.all(np.mod(values, 1) == 0))
        lows = [np.floor(values / w) * w for w in self.widths]
        level_maps = [np.arange(len(values), dtype=np.int64)] + [_factorize(lo) for lo in lows]
        level_maps.append(np.zeros(len(values), dtype=np.int64))

        def label(level: int) -> np.ndarray:
            if level == 0:
                return np.array([_format_number(v) for v in values], dtype=object)
            if level == len(self.widths) + 1:
                return np.array([TOP], dtype=object)
            width = self.widths[level - 1]
            lo = lows[level - 1]
            text = [
                f"{_format_number(a)}-{_format_number(a + width - 1)}"
                if integral
                else f"[{_format_number(a)}, {_format_number(a + width)})"
                for a in lo
            ]
            return _labels_from_codes(level_maps[level], text)

        names = ["exact", *[f"{w}" for w in self.widths], TOP]
        return EncodedQI(name, (name,), codes, level_maps, names, label)


_DT_FORMATS = {"hour": "%Y-%m-%d %H:00", "day": "%Y-%m-%d", "month": "%Y-%m", "year": "%Y"}


class DateTimeLevels(Hierarchy):
    """Timestamps truncated to hour/day/ISO week/month/year, then ``*``."""

    def __init__(self, levels: Sequence[str]):
        self.levels = list(levels)

    @staticmethod
    def _truncate(ts: pd.DatetimeIndex, level: str) -> pd.DatetimeIndex | pd.Index:
        if level == "hour":
            return ts.floor("h")
        if level == "day":
            return ts.floor("D")
        if level == "week":
            iso = ts.isocalendar()
            return pd.Index(iso["year"].to_numpy() * 100 + iso["week"].to_numpy())
        if level == "month":
            return pd.Index(ts.year * 100 + ts.month)
        return pd.Index(ts.year)

    def encode(self, df: pd.DataFrame, name: str, source: str) -> EncodedQI:
        codes, uniques = _factorize_column(df, name, source)
        ts = pd.DatetimeIndex(pd.to_datetime(pd.Series(uniques), errors="coerce"))
        bad = np.flatnonzero(ts.isna())
        if len(bad):
            raise InputError(source, "not a date/time", column=name, row=_first_row(codes, bad))
        truncated = [self._truncate(ts, level) for level in self.levels]
        level_maps = [np.arange(len(ts), dtype=np.int64)] + [_factorize(t) for t in truncated]
        level_maps.append(np.zeros(len(ts), dtype=np.int64))

        def label(level: int) -> np.ndarray:
            if level == 0:
                return np.asarray(ts.map(lambda t: t.isoformat()), dtype=object)
            if level == len(self.levels) + 1:
                return np.array([TOP], dtype=object)
            kind = self.levels[level - 1]
            if kind == "week":
                text = [f"{v // 100}-W{v % 100:02d}" for v in truncated[level - 1]]
            else:
                text = list(ts.strftime(_DT_FORMATS[kind]))
            return _labels_from_codes(level_maps[level], text)

        return EncodedQI(name, (name,), codes, level_maps, ["exact", *self.levels, TOP], label)


class GeoLevels(Hierarchy):
    """RD New point → grid cells → region codes → ``*``.

    Regions are looked up once per distinct point (one spatial join), so a published buurt is the
    buurt the point really lies in. Grid cells and regions need not nest; the search knows.
    """

    def __init__(
        self,
        x: str,
        y: str,
        grid_sizes: list[int],
        regions=None,  # GeoDataFrame or None
        region_levels: list[str] | None = None,
        regions_source: str = "<regions>",
    ):
        self.x, self.y = x, y
        self.grid_sizes = list(grid_sizes)
        self.regions = regions
        self.region_levels = list(region_levels or []) if regions is not None else []
        self.regions_source = regions_source
        if regions is not None:
            self._check_regions()

    @classmethod
    def from_spec(cls, spec: GeoSpec, base_dir: Path) -> GeoLevels:
        regions = None
        source = "<regions>"
        if spec.regions is not None:
            import geopandas as gpd

            path = base_dir / spec.regions
            if not path.is_file():
                raise SpecError(path, "regions", "regions file not found")
            regions = gpd.read_file(path, layer=spec.layer) if spec.layer else gpd.read_file(path)
            source = str(path)
        return cls(spec.x, spec.y, spec.grid_sizes, regions, spec.region_levels, source)

    def _check_regions(self) -> None:
        regions = self.regions
        for column in self.region_levels:
            if column not in regions.columns:
                raise InputError(self.regions_source, "region code column missing", column=column)
        if regions.crs is None:
            raise InputError(self.regions_source, "regions have no CRS (expected EPSG:28992)")
        if regions.crs.to_epsg() != 28992:
            self.regions = regions = regions.to_crs(28992)
        for finer, coarser in zip(self.region_levels, self.region_levels[1:], strict=False):
            parent: dict[str, str] = {}
            for number, (a, b) in enumerate(zip(regions[finer], regions[coarser], strict=True), 1):
                if parent.setdefault(str(a), str(b)) != str(b):
                    raise InputError(
                        self.regions_source,
                        f"{finer} lies in two different {coarser} values",
                        row=number,
                        column=coarser,
                        shown_value=str(a),
                    )

    def _coordinates(self, df: pd.DataFrame, column: str, source: str) -> np.ndarray:
        if column not in df.columns:
            raise InputError(source, "coordinate column is missing", column=column)
        values = pd.to_numeric(df[column], errors="coerce").to_numpy(dtype=float)
        bad = ~np.isfinite(values)
        if bad.any():
            raise InputError(
                source,
                "missing or non-numeric coordinate",
                column=column,
                row=int(np.argmax(bad)) + 1,
            )
        return values

    def _region_codes(self, px: np.ndarray, py: np.ndarray, row_codes: np.ndarray, source: str):
        """Region codes (one column per region level) for the given points, via one spatial join."""
        import geopandas as gpd

        points = gpd.GeoDataFrame(
            {"_i": np.arange(len(px))}, geometry=gpd.points_from_xy(px, py), crs=28992
        )
        right = self.regions[[*self.region_levels, "geometry"]]
        hit = gpd.sjoin(points, right, how="inner", predicate="intersects")
        hit = hit.sort_values("_i", kind="stable").drop_duplicates("_i")
        joined = hit.set_index("_i").reindex(np.arange(len(px)))
        outside = np.flatnonzero(joined[self.region_levels[0]].isna().to_numpy())
        if len(outside):
            raise InputError(
                source,
                "location lies outside every region polygon",
                column=f"{self.x}/{self.y}",
                row=_first_row(row_codes, outside),
            )
        return [joined[level].astype(str).to_numpy() for level in self.region_levels]

    def encode(self, df: pd.DataFrame, name: str, source: str) -> EncodedQI:
        xs = self._coordinates(df, self.x, source)
        ys = self._coordinates(df, self.y, source)
        cx, ux = pd.factorize(xs)
        cy, uy = pd.factorize(ys)
        codes, pair = pd.factorize(cx.astype(np.int64) * len(uy) + cy)
        codes = codes.astype(np.int64)
        px = np.asarray(ux)[pair // len(uy)]
        py = np.asarray(uy)[pair % len(uy)]

        level_maps = [np.arange(len(px), dtype=np.int64)]
        names = ["point"]
        cells = []
        for size in self.grid_sizes:
            ix = np.floor(px / size).astype(np.int64)
            iy = np.floor(py / size).astype(np.int64)
            cells.append((size, ix, iy))
            level_maps.append(_factorize(ix * (1 << 32) + (iy - iy.min())))
            names.append(f"grid_{size}m")

        region_values = []
        if self.regions is not None:
            region_values = self._region_codes(px, py, codes, source)
            for level, values in zip(self.region_levels, region_values, strict=True):
                level_maps.append(_factorize(values))
                names.append(level)
        level_maps.append(np.zeros(len(px), dtype=np.int64))
        names.append(TOP)
        n_grid = len(self.grid_sizes)

        def label(level: int) -> np.ndarray:
            if level == 0:
                return np.array(
                    [
                        f"{_format_number(a)};{_format_number(b)}"
                        for a, b in zip(px, py, strict=True)
                    ],
                    dtype=object,
                )
            if level <= n_grid:
                size, ix, iy = cells[level - 1]
                text = [f"E{a * size}N{b * size}_{size}m" for a, b in zip(ix, iy, strict=True)]
                return _labels_from_codes(level_maps[level], text)
            if level < len(level_maps) - 1:
                return _labels_from_codes(level_maps[level], region_values[level - n_grid - 1])
            return np.array([TOP], dtype=object)

        return EncodedQI(name, (self.x, self.y), codes, level_maps, names, label)


def build_hierarchy(spec, base_dir: str | Path) -> Hierarchy:
    """Turn a hierarchy spec (or an already built :class:`Hierarchy`) into a :class:`Hierarchy`."""
    base = Path(base_dir)
    if isinstance(spec, Hierarchy):
        return spec
    if isinstance(spec, ArxHierarchySpec):
        return TableHierarchy.from_arx_csv(base / spec.path)
    if isinstance(spec, CategoriesSpec):
        return TableHierarchy.from_categories(spec.levels, "<categories>")
    if isinstance(spec, NumericBandsSpec):
        return NumericBands(spec.widths)
    if isinstance(spec, DateTimeSpec):
        return DateTimeLevels(spec.levels)
    if isinstance(spec, GeoSpec):
        return GeoLevels.from_spec(spec, base)
    raise TypeError(f"not a hierarchy spec: {type(spec).__name__}")
