"""Declarative settings for a count table derived from record-level data
(``protection.count_tables``).

A count table says how many records fall in each region × category × period, at levels of the
hierarchies the dataset already declares for k-anonymity, so every label is one a reader knows.
Kept apart from the algorithms so a spec validates without pandas or scipy.
"""

from __future__ import annotations

from pydantic import Field, model_validator

from haarlem_opendata.spec.base import Strict

TABLE_NAME_PATTERN = r"^[a-z0-9][a-z0-9_-]*$"
COLUMN_NAME_PATTERN = r"^[a-z][a-z0-9_]*$"
# Region columns every count table publishes, ahead of its dimensions.
REGION_COLUMNS = ("regio_code", "regio_niveau", "bovenliggende_regio")
# The data package property of a count resource holding its layout (region levels, dimensions and
# the hierarchy levels they come from, the rule): a later version reads it to audit itself
# together with this one, also after the spec changed.
COUNT_LAYOUT = "x-teltabel"


class CountColumnSpec(Strict):
    """A published column of the count table: its name and what a reader sees."""

    name: str = Field(pattern=COLUMN_NAME_PATTERN)
    title: str = Field(min_length=1)
    description: str = Field(min_length=1)


class RegionDimensionSpec(Strict):
    """The rows of the table: regions from a geo hierarchy, finest level first (buurt, wijk,
    gemeente)."""

    hierarchy: str
    levels: list[str] = Field(min_length=1)
    # what a reader calls each level in the ``regio_niveau`` column, e.g. buurtcode: buurt
    level_names: dict[str, str] = {}

    @model_validator(mode="after")
    def _names_known_levels(self) -> RegionDimensionSpec:
        unknown = sorted(set(self.level_names) - set(self.levels))
        if unknown:
            raise ValueError(f"level_names name unknown levels: {unknown}")
        return self

    def level_name(self, level: str) -> str:
        return self.level_names.get(level, level)


class DimensionSpec(CountColumnSpec):
    """A classifying column: one level of a declared hierarchy (a month, a hoofdcategorie)."""

    hierarchy: str
    level: str | int


class CountTableSpec(Strict):
    """One protected count table, published as an extra resource of the dataset."""

    name: str = Field(pattern=TABLE_NAME_PATTERN)
    title: str = Field(min_length=1)
    description: str = Field(min_length=1)
    region: RegionDimensionSpec
    dimensions: list[DimensionSpec] = Field(min_length=1)
    count: CountColumnSpec
    total_label: str = Field("totaal", min_length=1)
    threshold: int = Field(5, gt=0)
    zeros_unsafe: bool = False
    protection_width: int | None = Field(None, gt=0)
    # Next to the dataset's published rows: how many rounds of hiding more cells the remedy may
    # take when counting the rows gives a hidden cell away (protect/counts/with_rows.py).
    joint_rounds: int = Field(12, gt=0)

    @model_validator(mode="after")
    def _distinct_columns(self) -> CountTableSpec:
        names = [*REGION_COLUMNS, *(d.name for d in self.dimensions), self.count.name]
        doubles = sorted({n for n in names if names.count(n) > 1})
        if doubles:
            raise ValueError(f"column names used twice in count table {self.name!r}: {doubles}")
        hierarchies = [self.region.hierarchy, *(d.hierarchy for d in self.dimensions)]
        if len(set(hierarchies)) != len(hierarchies):
            raise ValueError(f"count table {self.name!r} uses a hierarchy twice")
        return self

    @property
    def width(self) -> int:
        return self.protection_width if self.protection_width is not None else self.threshold


def count_resource_name(dataset: str, spec: CountTableSpec) -> str:
    """The name of a count table's resource in the dataset's data package."""
    return f"{dataset}-{spec.name}"
