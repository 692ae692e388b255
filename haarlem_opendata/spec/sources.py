"""Where a dataset's data comes from: the local file, the remote service, the citation, and which
personal columns the pipeline keeps and why (dataminimalisatie)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from haarlem_opendata.spec.base import Strict


class CitationSpec(Strict):
    """Where a source comes from, for the data package's ``sources`` and the lineage."""

    title: str
    publisher: str
    url: str | None = None
    table_id: str | None = None  # e.g. the CBS table identifier
    license: str | None = None  # SPDX id of the source's licence


class LocalSourceSpec(Strict):
    adapter: Literal["cbs_kwb_csv", "file"]
    path: str  # relative to the datasets/ folder
    layer: str | None = None  # GeoPackage layer
    crs: str | None = None  # expected CRS for geodata, e.g. "EPSG:28992"


class RemoteSourceSpec(Strict):
    adapter: Literal["cbs_odata", "pdok_ogc"]
    url: str
    table_id: str | None = None
    collection: str | None = None
    params: dict[str, str] = Field(default_factory=dict)
    crs: str | None = None


class PersonalColumnSpec(Strict):
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


class SourceSpec(Strict):
    description: str = Field(min_length=1)
    local: LocalSourceSpec
    remote: RemoteSourceSpec | None = None
    citation: CitationSpec
    generated: bool = False  # produced by a seeded generator in this project: labelled as such
    personal_data: bool = False  # raw personal data: never leaves the raw stage as-is
    generator: str | None = None  # module:function that (re)generates the local file
    # In a partitioned dataset: the column with CBS region codes (GM/WK/BU) by which the rows of
    # the partition's gemeente are kept on load; the rest of the file never enters the raw stage.
    gemeente_column: str | None = None
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
