"""Transforms that combine a dataset's sources into its one raw table, as declared in the spec."""

from __future__ import annotations

import pandas as pd

from haarlem_opendata.spec import JoinTransform, SpatialAggregateTransform

__all__ = ["apply_transform"]


def apply_transform(
    transform: JoinTransform | SpatialAggregateTransform, sources: dict[str, pd.DataFrame]
) -> pd.DataFrame:
    """Apply a spec's transform to the loaded sources (by source name)."""
    if isinstance(transform, JoinTransform):
        from haarlem_opendata.transform.join import join

        return join(
            sources[transform.left],
            [sources[n] for n in transform.right],
            transform.key,
            names=[transform.left, *transform.right],
        )
    if isinstance(transform, SpatialAggregateTransform):
        from haarlem_opendata.transform.spatial_aggregate import spatial_aggregate

        return spatial_aggregate(
            sources[transform.points],
            sources[transform.areas],
            area_columns=transform.area_columns,
            count_as=transform.count_as,
            sums=transform.sums,
            derived={d.name: (d.from_column, d.factor) for d in transform.derived},
        )
    raise TypeError(f"unknown transform {type(transform).__name__}")
