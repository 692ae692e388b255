"""Every configuration model of the project, and nothing else: the leaf every other layer builds on.

The modules here import only the standard library and pydantic — no other part of the project, no
pandas, scipy or Presidio — so validating a spec is cheap and nothing can import its way back in
(``lint-imports`` checks it). Reading YAML into these models is :mod:`haarlem_opendata.catalog`.
"""

from haarlem_opendata.spec.anonymity import (
    AnonymitySpec,
    ArxHierarchySpec,
    CategoriesSpec,
    DateTimeSpec,
    GeoSpec,
    HierarchySpec,
    LDiversitySpec,
    Metric,
    NumericBandsSpec,
)
from haarlem_opendata.spec.base import Strict
from haarlem_opendata.spec.besluiten import (
    HAARLEM_RSIN,
    Besluit,
    BesluitenRegister,
    BesluitLinks,
    Bestuursorgaan,
    rsin_is_valid,
)
from haarlem_opendata.spec.cells import CellProtectionSpec, RegionHierarchySpec, Relation, RuleSpec
from haarlem_opendata.spec.counts import (
    COUNT_LAYOUT,
    REGION_COLUMNS,
    CountColumnSpec,
    CountTableSpec,
    DimensionSpec,
    RegionDimensionSpec,
    count_resource_name,
)
from haarlem_opendata.spec.dataset import (
    ColumnRole,
    ColumnSpec,
    ColumnType,
    DatasetSpec,
    TemporalCoverage,
    slug,
)
from haarlem_opendata.spec.linkage import LinkageRegionsSpec, LinkageSpec, Populatie
from haarlem_opendata.spec.partitions import PLACEHOLDERS, Partition, PartitionsSpec
from haarlem_opendata.spec.pii import ENTITY_TYPES, AllowListEntry, EntityType, PiiSpec
from haarlem_opendata.spec.protection import ProtectionSpec
from haarlem_opendata.spec.rules import PackRule, RulePack
from haarlem_opendata.spec.sources import (
    CitationSpec,
    LocalSourceSpec,
    PersonalColumnSpec,
    RemoteSourceSpec,
    SourceSpec,
)
from haarlem_opendata.spec.transforms import (
    DerivedColumn,
    JoinTransform,
    SpatialAggregateTransform,
    Transform,
)

__all__ = [
    "ENTITY_TYPES",
    "HAARLEM_RSIN",
    "PLACEHOLDERS",
    "Partition",
    "PartitionsSpec",
    "COUNT_LAYOUT",
    "REGION_COLUMNS",
    "count_resource_name",
    "AllowListEntry",
    "AnonymitySpec",
    "ArxHierarchySpec",
    "Besluit",
    "BesluitLinks",
    "BesluitenRegister",
    "Bestuursorgaan",
    "CategoriesSpec",
    "CellProtectionSpec",
    "CitationSpec",
    "ColumnRole",
    "ColumnSpec",
    "ColumnType",
    "CountColumnSpec",
    "CountTableSpec",
    "DatasetSpec",
    "DateTimeSpec",
    "DerivedColumn",
    "DimensionSpec",
    "EntityType",
    "GeoSpec",
    "HierarchySpec",
    "JoinTransform",
    "LDiversitySpec",
    "LinkageRegionsSpec",
    "LinkageSpec",
    "LocalSourceSpec",
    "Metric",
    "NumericBandsSpec",
    "PackRule",
    "PersonalColumnSpec",
    "PiiSpec",
    "Populatie",
    "ProtectionSpec",
    "RegionDimensionSpec",
    "RegionHierarchySpec",
    "Relation",
    "RemoteSourceSpec",
    "RulePack",
    "RuleSpec",
    "SourceSpec",
    "SpatialAggregateTransform",
    "Strict",
    "TemporalCoverage",
    "Transform",
    "rsin_is_valid",
    "slug",
]
