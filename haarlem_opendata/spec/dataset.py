"""One dataset spec (``datasets/<name>.yaml``) as a model: all that makes a dataset what it is.

A spec says its sources, its columns with Dutch titles and descriptions, which columns identify
people, how it is protected, its licence and the besluiten it supports — so that code never has to
special-case a dataset by name. Reading the YAML and the checks across specs live one layer up, in
:mod:`haarlem_opendata.catalog`; this module imports nothing of the project beyond ``spec``.
"""

from __future__ import annotations

import re
from enum import Enum
from pathlib import Path

from pydantic import Field, field_validator, model_validator

from haarlem_opendata.spec.base import Strict
from haarlem_opendata.spec.linkage import Populatie
from haarlem_opendata.spec.partitions import Partition, PartitionsSpec
from haarlem_opendata.spec.protection import ProtectionSpec
from haarlem_opendata.spec.sources import SourceSpec
from haarlem_opendata.spec.transforms import JoinTransform, SpatialAggregateTransform, Transform

NAME_PATTERN = r"^[a-z][a-z0-9_]*$"
DATASET_NAME_PATTERN = r"^[a-z][a-z0-9-]*$"


class ColumnType(str, Enum):
    string = "string"
    integer = "integer"
    number = "number"
    boolean = "boolean"
    date = "date"
    datetime = "datetime"
    geometry = "geometry"


class ColumnRole(str, Enum):
    """What a column is, for protection: this decides what may leave the raw stage."""

    key = "key"  # identifies the unit of observation when that is not a person (buurt, gemaal)
    region = "region"  # a region code (gemeente/wijk/buurt)
    direct_identifier = "direct_identifier"  # names, contact details: dropped before anything else
    quasi_identifier = "quasi_identifier"  # generalised by k-anonymity
    sensitive = "sensitive"  # l-diversity applies
    # counts of people: small-cell protection applies (the name shadows str.count, hence the ignore)
    count = "count"  # type: ignore[assignment]
    measure = "measure"  # other numbers (averages, percentages, flows)
    attribute = "attribute"  # descriptive, not about a person
    free_text = "free_text"  # scanned and redacted for personal data


class ColumnSpec(Strict):
    name: str = Field(pattern=NAME_PATTERN)
    source: str | None = None  # column name in the source data; defaults to ``name``
    type: ColumnType
    unit: str | None = None
    title: str = Field(min_length=1)  # Dutch
    description: str = Field(min_length=1)  # Dutch
    role: ColumnRole = ColumnRole.attribute
    derived: bool = False  # produced by the transform or by protection, not read from a source
    published: bool = True  # False: used inside the pipeline only (e.g. x/y before generalisation)
    # What a count counts and when: columns of the same population and peildatum are linked, and
    # the linkage audit checks what they reveal together (and with earlier versions).
    populatie: Populatie | None = None

    @property
    def source_name(self) -> str:
        return self.source or self.name


class TemporalCoverage(Strict):
    start: str  # ISO date
    end: str


class DatasetSpec(Strict):
    name: str = Field(pattern=DATASET_NAME_PATTERN)
    title: str = Field(min_length=1)
    description: str = Field(min_length=1)
    unit_of_observation: str = Field(min_length=1)
    keywords: list[str] = Field(min_length=1)
    theme: str  # a label from the overheid:taxonomiebeleidsagenda list (metadata/)
    license: str  # SPDX id: CC0-1.0 for municipal data, CC-BY-4.0 where the source requires it
    temporal: TemporalCoverage
    spatial: str = "GM0392"  # CBS code of the area covered
    sources: dict[str, SourceSpec] = Field(min_length=1)
    transform: Transform | None = None
    columns: list[ColumnSpec] = Field(min_length=1)
    primary_key: list[str] = Field(default_factory=list)
    protection: ProtectionSpec = Field(default_factory=ProtectionSpec)
    besluiten: list[str] = Field(default_factory=list)
    schedule: str = "0 4 1 * *"  # monthly, off by default in Dagster
    # how long the raw stages may be kept: "<n> dagen|weken|maanden" or "tot volgende publicatie"
    bewaartermijn: str = Field(
        default="30 dagen",
        pattern=(
            r"^(?:[1-9]\d{0,3} (?:dag|dagen|week|weken|maand|maanden)|tot volgende publicatie)$"
        ),
    )
    betrokkenen: list[str] = Field(default_factory=list)  # Dutch: whose data (melders, bewoners)
    update_frequency: str = "monthly"
    # Published per gemeente × jaar (see spec/partitions.py); the catalog renders each partition.
    partitions: PartitionsSpec | None = None
    file: Path | None = Field(default=None, exclude=True)
    # Set by the catalog on a partitioned spec: the partition rendered, and the YAML it came from.
    partition: Partition | None = Field(default=None, exclude=True)
    template: dict | None = Field(default=None, exclude=True, repr=False)

    @field_validator("keywords")
    @classmethod
    def _keywords_not_blank(cls, value: list[str]) -> list[str]:
        if any(not k.strip() for k in value):
            raise ValueError("keywords must not be blank")
        return value

    @model_validator(mode="after")
    def _references_exist(self) -> DatasetSpec:
        names = [c.name for c in self.columns]
        duplicates = sorted({n for n in names if names.count(n) > 1})
        if duplicates:
            raise ValueError(f"duplicate column names: {duplicates}")
        known = set(names)
        for key in self.primary_key:
            if key not in known:
                raise ValueError(f"primary_key names unknown column {key!r}")
        if self.transform is None and len(self.sources) != 1:
            raise ValueError("more than one source needs a transform that combines them")
        if isinstance(self.transform, JoinTransform):
            for src in [self.transform.left, *self.transform.right]:
                if src not in self.sources:
                    raise ValueError(f"transform names unknown source {src!r}")
        if isinstance(self.transform, SpatialAggregateTransform):
            for src in (self.transform.points, self.transform.areas):
                if src not in self.sources:
                    raise ValueError(f"transform names unknown source {src!r}")
        cells = self.protection.cells
        if cells is not None:
            for col in cells.counts:
                if col not in known:
                    raise ValueError(f"protection.cells.counts names unknown column {col!r}")
        if self.protection.renumber is not None and self.protection.renumber not in known:
            raise ValueError(
                f"protection.renumber names unknown column {self.protection.renumber!r}"
            )
        personal = [s for s in self.sources.values() if s.personal_data]
        if personal and not self.betrokkenen:
            raise ValueError("a dataset with a personal source must name its betrokkenen")
        for name, source in self.sources.items():
            for i, entry in enumerate(source.persoonsgegevens):
                if not entry.kept and entry.kolom in {c.source_name for c in self.columns}:
                    raise ValueError(
                        f"sources.{name}.persoonsgegevens[{i}]: column {entry.kolom!r} is "
                        "dropped at the door (nodig_voor: niets) but declared in columns"
                    )
        for col in self.protection.pii.redact_columns:
            if col not in known:
                raise ValueError(f"protection.pii.redact_columns names unknown column {col!r}")
        for i, allowed in enumerate(self.protection.pii.allow_list):
            if allowed.column is not None and allowed.column not in known:
                raise ValueError(
                    f"protection.pii.allow_list[{i}].column names unknown column {allowed.column!r}"
                )
        linked = [c for c in self.columns if c.populatie is not None]
        for column in linked:
            if column.role not in (ColumnRole.count, ColumnRole.measure) or not column.published:
                raise ValueError(f"column {column.name!r}: populatie is for published counts only")
        regions = self.protection.linkage.regions
        if linked and regions is None and not self.is_geodata:
            raise ValueError(
                "columns with a populatie need rows the linkage audit can place: a geometry "
                "column or protection.linkage.regions"
            )
        if regions is not None and regions.code_column not in known:
            raise ValueError(
                "protection.linkage.regions.code_column names unknown column "
                f"{regions.code_column!r}"
            )
        anonymity = self.protection.anonymity
        if anonymity is not None:
            for rule in anonymity.l_diversity:
                if rule.column not in known:
                    raise ValueError(
                        f"protection.anonymity.l_diversity names unknown column {rule.column!r}"
                    )
        return self

    # --- views used by the stages -------------------------------------------------------------

    def columns_with_role(self, *roles: ColumnRole) -> list[ColumnSpec]:
        return [c for c in self.columns if c.role in roles]

    @property
    def direct_identifiers(self) -> list[str]:
        return [c.name for c in self.columns_with_role(ColumnRole.direct_identifier)]

    @property
    def published_columns(self) -> list[ColumnSpec]:
        """Columns of the published table, in order (never direct identifiers)."""
        return [
            c for c in self.columns if c.published and c.role is not ColumnRole.direct_identifier
        ]

    @property
    def source_columns(self) -> list[ColumnSpec]:
        """Columns read from the sources (not derived by the transform or protection)."""
        return [c for c in self.columns if not c.derived]

    @property
    def is_geodata(self) -> bool:
        return any(c.type is ColumnType.geometry for c in self.published_columns)

    @property
    def is_generated(self) -> bool:
        return any(s.generated for s in self.sources.values())

    def column(self, name: str) -> ColumnSpec:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)


def slug(name: str) -> str:
    """A dataset name as a Python/Dagster identifier (``rioolbelasting`` stays, ``a-b`` →
    ``a_b``)."""
    return re.sub(r"[^a-z0-9_]", "_", name.lower())
