"""How several sources become one table: a join on a key, or points counted per area."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from haarlem_opendata.spec.base import Strict


class JoinTransform(Strict):
    """Left-join named sources on a key column."""

    kind: Literal["join"]
    left: str
    right: list[str]
    key: str  # ("on" would be read as a boolean by YAML 1.1)


class DerivedColumn(Strict):
    name: str
    from_column: str
    factor: float


class SpatialAggregateTransform(Strict):
    """Count points (and sum their columns) per polygon area via a spatial join."""

    kind: Literal["spatial_aggregate"]
    points: str
    areas: str
    area_columns: list[str]  # area attributes kept, the first is the area id
    count_as: str
    sums: dict[str, str] = Field(default_factory=dict)  # point column -> output column
    derived: list[DerivedColumn] = Field(default_factory=list)


Transform = Annotated[JoinTransform | SpatialAggregateTransform, Field(discriminator="kind")]
