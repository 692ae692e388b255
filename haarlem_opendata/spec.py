"""The dataset catalog: one YAML spec per dataset in ``datasets/``, validated on load.

A spec says everything that makes a dataset what it is — its sources, its columns with Dutch
titles and descriptions, which columns identify people, how it is protected, its licence and the
besluiten it supports — so that code never has to special-case a dataset by name. Validation
errors name the file and the key, because the person reading them is a data steward editing YAML.
"""

from __future__ import annotations

import re
from enum import Enum
from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from haarlem_opendata.errors import SpecError
from haarlem_opendata.pii.config import PiiSpec
from haarlem_opendata.protect.anonymity.config import AnonymitySpec
from haarlem_opendata.protect.cells.config import CellProtectionSpec
from haarlem_opendata.protect.counts.config import CountTableSpec
from haarlem_opendata.protect.linkage.config import LinkageSpec, Populatie

NAME_PATTERN = r"^[a-z][a-z0-9_]*$"
DATASET_NAME_PATTERN = r"^[a-z][a-z0-9-]*$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


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
    count = "count"  # counts of people: small-cell protection applies
    measure = "measure"  # other numbers (averages, percentages, flows)
    attribute = "attribute"  # descriptive, not about a person
    free_text = "free_text"  # scanned and redacted for personal data


class ColumnSpec(_Strict):
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


class CitationSpec(_Strict):
    """Where a source comes from, for the data package's ``sources`` and the lineage."""

    title: str
    publisher: str
    url: str | None = None
    table_id: str | None = None  # e.g. the CBS table identifier
    license: str | None = None  # SPDX id of the source's licence


class LocalSourceSpec(_Strict):
    adapter: Literal["cbs_kwb_csv", "file"]
    path: str  # relative to the datasets/ folder
    layer: str | None = None  # GeoPackage layer
    crs: str | None = None  # expected CRS for geodata, e.g. "EPSG:28992"


class RemoteSourceSpec(_Strict):
    adapter: Literal["cbs_odata", "pdok_ogc"]
    url: str
    table_id: str | None = None
    collection: str | None = None
    params: dict[str, str] = Field(default_factory=dict)
    crs: str | None = None


class PersonalColumnSpec(_Strict):
    """One column of a personal source: whether the pipeline needs it, and why (dataminimalisatie).

    ``nodig_voor: niets`` columns are dropped while the source is read and never stored;
    ``bescherming`` (coordinates that get generalised, residents that get summed) and
    ``publicatie`` (free text published after redaction) must say their ``doel``.
    """

    kolom: str = Field(min_length=1)
    soort: str = Field(min_length=1)  # Dutch: naam, e-mailadres, locatie, aantal bewoners …
    nodig_voor: Literal["bescherming", "publicatie", "niets"]
    doel: str | None = None  # Dutch: why the pipeline keeps it

    @model_validator(mode="after")
    def _kept_needs_purpose(self) -> PersonalColumnSpec:
        if self.nodig_voor != "niets" and not (self.doel or "").strip():
            raise ValueError(
                f"column {self.kolom!r} is kept ({self.nodig_voor}) without a doel: say why, "
                "or set nodig_voor: niets so it is dropped while the source is read"
            )
        return self

    @property
    def kept(self) -> bool:
        return self.nodig_voor != "niets"


class SourceSpec(_Strict):
    description: str = Field(min_length=1)
    local: LocalSourceSpec
    remote: RemoteSourceSpec | None = None
    citation: CitationSpec
    generated: bool = False  # produced by a seeded generator in this project: labelled as such
    personal_data: bool = False  # raw personal data: never leaves the raw stage as-is
    generator: str | None = None  # module:function that (re)generates the local file
    # personal sources: every personal column, kept (with its doel) or dropped at the door
    persoonsgegevens: list[PersonalColumnSpec] = Field(default_factory=list)

    @model_validator(mode="after")
    def _personal_columns_declared(self) -> SourceSpec:
        if self.personal_data and not self.persoonsgegevens:
            raise ValueError(
                "a source with personal_data must list its persoonsgegevens (kolom, soort, "
                "nodig_voor, doel)"
            )
        return self

    @property
    def dropped_columns(self) -> list[str]:
        """Columns never stored: dropped while the source is read."""
        return [p.kolom for p in self.persoonsgegevens if not p.kept]


class JoinTransform(_Strict):
    """Left-join named sources on a key column."""

    kind: Literal["join"]
    left: str
    right: list[str]
    key: str  # ("on" would be read as a boolean by YAML 1.1)


class DerivedColumn(_Strict):
    name: str
    from_column: str
    factor: float


class SpatialAggregateTransform(_Strict):
    """Count points (and sum their columns) per polygon area via a spatial join."""

    kind: Literal["spatial_aggregate"]
    points: str
    areas: str
    area_columns: list[str]  # area attributes kept, the first is the area id
    count_as: str
    sums: dict[str, str] = Field(default_factory=dict)  # point column -> output column
    derived: list[DerivedColumn] = Field(default_factory=list)


Transform = Annotated[JoinTransform | SpatialAggregateTransform, Field(discriminator="kind")]


class ProtectionSpec(_Strict):
    cells: CellProtectionSpec | None = None
    anonymity: AnonymitySpec | None = None
    pii: PiiSpec = Field(default_factory=PiiSpec)
    # Record-level tables get a fresh sequence number in this column after protection (sorted by
    # the published values), so no source id — which often encodes time order — is published.
    renumber: str | None = None
    # Count tables derived from the records, published as extra resources of the dataset; their
    # dimensions are levels of the quasi-identifier hierarchies declared under ``anonymity``.
    count_tables: list[CountTableSpec] = []
    # Where region-coded rows lie for the linkage audit, and its threshold (default: the cells').
    linkage: LinkageSpec = Field(default_factory=LinkageSpec)

    @model_validator(mode="after")
    def _count_tables_use_declared_hierarchies(self) -> ProtectionSpec:
        declared = {} if self.anonymity is None else self.anonymity.quasi_identifiers
        names = [t.name for t in self.count_tables]
        if len(set(names)) != len(names):
            raise ValueError(f"count_tables: names used twice: {names}")
        for table in self.count_tables:
            used = [table.region.hierarchy, *(d.hierarchy for d in table.dimensions)]
            unknown = [h for h in used if h not in declared]
            if unknown:
                raise ValueError(
                    f"count table {table.name!r} names hierarchies {unknown} that are not declared "
                    "under protection.anonymity.quasi_identifiers"
                )
            if getattr(declared[table.region.hierarchy], "kind", None) != "geo":
                raise ValueError(
                    f"count table {table.name!r}: region hierarchy must be of kind geo"
                )
            regions = set(getattr(declared[table.region.hierarchy], "region_levels", []) or [])
            missing = [level for level in table.region.levels if level not in regions]
            if missing:
                raise ValueError(
                    f"count table {table.name!r}: region levels {missing} are not region_levels "
                    f"of {table.region.hierarchy!r}"
                )
        return self


class TemporalCoverage(_Strict):
    start: str  # ISO date
    end: str


class DatasetSpec(_Strict):
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
        pattern=r"^(?:[1-9]\d{0,3} (?:dag|dagen|week|weken|maand|maanden)|tot volgende publicatie)$",
    )
    betrokkenen: list[str] = Field(default_factory=list)  # Dutch: whose data (melders, bewoners)
    update_frequency: str = "monthly"
    file: Path | None = Field(default=None, exclude=True)

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
        for name, src in self.sources.items():
            for i, entry in enumerate(src.persoonsgegevens):
                if not entry.kept and entry.kolom in {c.source_name for c in self.columns}:
                    raise ValueError(
                        f"sources.{name}.persoonsgegevens[{i}]: column {entry.kolom!r} is "
                        "dropped at the door (nodig_voor: niets) but declared in columns"
                    )
        for col in self.protection.pii.redact_columns:
            if col not in known:
                raise ValueError(f"protection.pii.redact_columns names unknown column {col!r}")
        for i, entry in enumerate(self.protection.pii.allow_list):
            if entry.column is not None and entry.column not in known:
                raise ValueError(
                    f"protection.pii.allow_list[{i}].column names unknown column {entry.column!r}"
                )
        linked = [c for c in self.columns if c.populatie is not None]
        for col in linked:
            if col.role not in (ColumnRole.count, ColumnRole.measure) or not col.published:
                raise ValueError(f"column {col.name!r}: populatie is for published counts only")
        regions = self.protection.linkage.regions
        if linked and regions is None and not self.is_geodata:
            raise ValueError(
                "columns with a populatie need rows the linkage audit can place: a geometry "
                "column or protection.linkage.regions"
            )
        if regions is not None and regions.code_column not in known:
            raise ValueError(
                f"protection.linkage.regions.code_column names unknown column {regions.code_column!r}"
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


def key_path(loc: tuple) -> str:
    """A pydantic error location as a steward reads it: ``columns[2].type``."""
    parts: list[str] = []
    for item in loc:
        if isinstance(item, int):
            parts.append(f"[{item}]")
        else:
            parts.append(("." if parts else "") + str(item))
    return "".join(parts) or "(top level)"


def read_yaml_mapping(path: Path, what: str, *, allow_empty: bool = False) -> dict:
    """A YAML file that must hold a mapping; problems raise :class:`SpecError` naming the file."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SpecError(path, "(file)", "file not found") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else "(yaml)"
        raise SpecError(path, where, f"not valid YAML: {getattr(exc, 'problem', exc)}") from None
    if raw is None and allow_empty:
        return {}
    if not isinstance(raw, dict):
        raise SpecError(path, "(top level)", f"{what} must be a mapping")
    return raw


def validation_error(path: Path, exc: ValidationError) -> SpecError:
    """The first pydantic error as a :class:`SpecError` naming the file and the key."""
    first = exc.errors()[0]
    more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
    return SpecError(path, key_path(tuple(first["loc"])), f"{first['msg']}{more}")


def load_spec(path: str | Path) -> DatasetSpec:
    """Load and validate one dataset spec; a problem raises :class:`SpecError` naming file and key."""
    path = Path(path)
    raw = read_yaml_mapping(path, "a dataset spec")
    try:
        spec = DatasetSpec.model_validate({**raw, "file": path})
    except ValidationError as exc:
        raise validation_error(path, exc) from None
    expected = path.stem
    if spec.name != expected:
        raise SpecError(path, "name", f"must equal the file name {expected!r}, got {spec.name!r}")
    return spec


def load_catalog(
    datasets_dir: str | Path, metadata_dir: str | Path | None = None
) -> dict[str, DatasetSpec]:
    """All dataset specs in a folder, by name, in a stable order.

    With ``metadata_dir`` the portal metadata is checked too (theme and licence from the DCAT-AP-DONL
    value lists, Dutch descriptions), so a spec the portal would reject fails at load time.
    """
    datasets_dir = Path(datasets_dir)
    files = sorted(datasets_dir.glob("*.yaml"))
    if not files:
        raise SpecError(datasets_dir, "(folder)", "no dataset specs (*.yaml) found")
    catalog = {}
    for file in files:
        spec = load_spec(file)
        if metadata_dir is not None:
            from haarlem_opendata.fair import validate_spec_metadata

            validate_spec_metadata(spec, Path(metadata_dir))
        catalog[spec.name] = spec
    from haarlem_opendata.protect.linkage.groups import linkage_groups

    linkage_groups(catalog)  # every linked population has a register to audit with
    return catalog


def slug(name: str) -> str:
    """A dataset name as a Python/Dagster identifier (``rioolbelasting`` stays, ``a-b`` → ``a_b``)."""
    return re.sub(r"[^a-z0-9_]", "_", name.lower())
