"""Declarative settings for protecting a count table, embedded in a dataset spec at
``protection.cells``.

Kept apart from the algorithms so the dataset spec can validate a YAML file without importing
scipy or geopandas; every field has a safe default so a spec only names what differs.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from haarlem_opendata.spec.base import Strict


class Relation(Strict):
    """A column relation that holds in every row: ``total = sum(parts)``."""

    total: str
    parts: list[str] = Field(min_length=1)


class RegionHierarchySpec(Strict):
    """Where the region hierarchy comes from.

    ``parent_column`` None derives it from CBS codes: GMxxxx ⊃ WKxxxxyy ⊃ BUxxxxyyzz.
    """

    code_column: str = "regio_code"
    parent_column: str | None = None


class RuleSpec(Strict):
    """A primary rule for one column, written inline in a spec instead of taken from a rule pack.

    ``kind``: ``frequency`` hides 0 < value < threshold (and 0 when ``zeros_unsafe``);
    ``range`` hides ``min <= value <= max``; ``base`` hides the cell when the value of the
    ``base`` column in the same row is below ``min_base`` (averages, percentages).
    """

    id: str
    column: str
    kind: Literal["frequency", "range", "base"]
    description: str = ""
    threshold: int | None = None
    zeros_unsafe: bool = False
    min: float | None = None
    max: float | None = None
    base: str | None = None
    min_base: float | None = None


class CellProtectionSpec(Strict):
    """How one count table is protected before publication."""

    method: Literal["suppression", "rounding", "merge_areas"] = "suppression"
    counts: list[str] = Field(min_length=1)
    threshold: int = Field(10, gt=0)
    zeros_unsafe: bool = False
    protection_width: int | None = Field(None, gt=0)
    rule_pack: str | None = None
    rules: list[RuleSpec] = []
    relations: list[Relation] = []
    region: RegionHierarchySpec | None = None
    rounding_base: int = Field(5, gt=1)
    seed: int = 0
    area_id_column: str | None = None

    @model_validator(mode="after")
    def _consistent(self) -> CellProtectionSpec:
        for rel in self.relations:
            for col in [rel.total, *rel.parts]:
                if col not in self.counts:
                    raise ValueError(f"relation column {col!r} is not listed in counts")
        if self.method == "merge_areas" and not self.area_id_column:
            raise ValueError("merge_areas needs area_id_column")
        return self

    @property
    def width(self) -> int:
        """Minimum interval an attacker may narrow a primary cell to."""
        return self.protection_width if self.protection_width is not None else self.threshold
