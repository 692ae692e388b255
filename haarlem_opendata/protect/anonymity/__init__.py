"""k-anonymity and l-diversity for record-level data (engine added in following commits)."""

from haarlem_opendata.protect.anonymity.config import (
    AnonymitySpec,
    ArxHierarchySpec,
    CategoriesSpec,
    DateTimeSpec,
    GeoSpec,
    HierarchySpec,
    LDiversitySpec,
    NumericBandsSpec,
)

__all__ = [
    "AnonymitySpec",
    "ArxHierarchySpec",
    "CategoriesSpec",
    "DateTimeSpec",
    "GeoSpec",
    "HierarchySpec",
    "LDiversitySpec",
    "NumericBandsSpec",
]
