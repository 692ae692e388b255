"""Declarative configuration for k-anonymity / l-diversity, embedded in a dataset spec.

Lives apart from the engine so a dataset YAML can be validated (``protection.anonymity``) without
loading numpy-heavy search code, and so every hierarchy choice is visible and reviewable in the
spec. Levels need not nest (100 m cells do not nest into 250 m cells or buurten, ISO weeks do not
nest into months): the search measures on the data which levels nest and infers only along those,
so it stays exact; nested chains just let it prune more.
"""

from __future__ import annotations

import itertools
from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator

from haarlem_opendata.spec.base import Strict

_DATETIME_ORDER = ["hour", "day", "week", "month", "year"]


class ArxHierarchySpec(Strict):
    """A hierarchy CSV in ARX's format: ``;``-separated, column 0 the raw value, column i level
    i."""

    kind: Literal["arx_csv"]
    path: str = Field(description="path relative to the datasets/ directory")


class NumericBandsSpec(Strict):
    """Numeric bands of growing width (e.g. age 5 → 10 → 20 years), then ``*``.

    Widths must each be a multiple of the previous so a band is never split (a published age band
    that straddles a coarser one would confuse readers)."""

    kind: Literal["numeric_bands"]
    widths: list[int] = Field(min_length=1)

    @field_validator("widths")
    @classmethod
    def _nested(cls, widths: list[int]) -> list[int]:
        for smaller, larger in itertools.pairwise(widths):
            if smaller <= 0 or larger % smaller != 0 or larger <= smaller:
                raise ValueError(
                    f"band widths must be positive, increasing and each a multiple of the previous "
                    f"so bands nest; got {widths}"
                )
        if widths[0] <= 0:
            raise ValueError(f"band widths must be positive; got {widths}")
        return widths


class DateTimeSpec(Strict):
    """Timestamps truncated to hour → day → ISO week → month → year (any increasing subset),
    then ``*``. Weeks do not nest into months/years; the search accounts for that."""

    kind: Literal["datetime"]
    levels: list[Literal["hour", "day", "week", "month", "year"]] = Field(min_length=1)

    @field_validator("levels")
    @classmethod
    def _ordered(cls, levels: list[str]) -> list[str]:
        ranks = [_DATETIME_ORDER.index(level) for level in levels]
        if ranks != sorted(set(ranks)):
            raise ValueError(
                f"datetime levels must be distinct and go from fine to coarse; got {levels}"
            )
        return levels


class CategoriesSpec(Strict):
    """Category hierarchy as a chain of mappings: ``levels[0]`` maps raw values to level-1 labels,
    ``levels[1]`` maps level-1 labels to level-2 labels, and so on; ``*`` follows the last level."""

    kind: Literal["categories"]
    levels: list[dict[str, str]] = Field(min_length=1)


class GeoSpec(Strict):
    """Point location (RD New, EPSG:28992) → grid cells → regions (buurt → wijk → gemeente) → ``*``.

    The published column is the quasi-identifier's key; ``x``/``y`` are replaced by it. Grid
    cell labels look like ``E103500N487250_250m`` (lower-left corner). Region codes come from one
    spatial join per distinct point, so the published buurt is the one the point lies in.
    """

    kind: Literal["geo"]
    x: str
    y: str
    grid_sizes: list[int] = Field(default_factory=lambda: [100, 250, 500])
    regions: str | None = Field(
        default=None, description="GeoPackage/GeoJSON with region polygons, relative to datasets/"
    )
    layer: str | None = None
    region_levels: list[str] = Field(
        default_factory=lambda: ["buurtcode", "wijkcode", "gemeentecode"],
        description="region code columns in the regions file, finest first",
    )

    @field_validator("grid_sizes")
    @classmethod
    def _grid_nested(cls, sizes: list[int]) -> list[int]:
        for smaller, larger in itertools.pairwise(sizes):
            if larger <= smaller:
                raise ValueError(f"grid sizes must increase; got {sizes}")
        if any(size <= 0 for size in sizes):
            raise ValueError(f"grid sizes must be positive; got {sizes}")
        return sizes


HierarchySpec = Annotated[
    ArxHierarchySpec | NumericBandsSpec | DateTimeSpec | CategoriesSpec | GeoSpec,
    Field(discriminator="kind"),
]


class LDiversitySpec(Strict):
    """l-diversity on one sensitive column: distinct, entropy, or recursive (c, l)."""

    column: str
    l: int = Field(ge=1)
    kind: Literal["distinct", "entropy", "recursive"] = "distinct"
    c: float | None = Field(default=None, gt=0)

    @model_validator(mode="after")
    def _c_for_recursive(self) -> LDiversitySpec:
        if self.kind == "recursive" and self.c is None:
            raise ValueError("recursive (c, l)-diversity needs c")
        if self.kind != "recursive" and self.c is not None:
            raise ValueError("c only applies to recursive (c, l)-diversity")
        return self


Metric = Literal["loss", "precision", "entropy"]


class AnonymitySpec(Strict):
    """``protection.anonymity`` in a dataset spec."""

    k: int = Field(default=5, ge=1)
    max_suppression: float = Field(default=0.0, ge=0.0, lt=1.0)
    quasi_identifiers: dict[str, HierarchySpec] = Field(min_length=1)
    l_diversity: list[LDiversitySpec] = Field(default_factory=list)
    metric: Metric = "loss"
    # global: one level per quasi-identifier for the whole table (optimal full-domain search);
    # local: each group of records only as coarse as it needs (top-down, see anonymity/local.py)
    recoding: Literal["global", "local"] = "global"
    weights: dict[str, float] = Field(
        default_factory=dict,
        description="relative weight of each quasi-identifier in the information loss (default 1)",
    )

    @model_validator(mode="after")
    def _weights_name_quasi_identifiers(self) -> AnonymitySpec:
        unknown = sorted(set(self.weights) - set(self.quasi_identifiers))
        if unknown:
            raise ValueError(f"weights name unknown quasi-identifiers: {unknown}")
        if any(w <= 0 for w in self.weights.values()):
            raise ValueError("weights must be positive")
        return self
