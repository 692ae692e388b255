"""The besluiten register: which council and college decisions rest on which published data.

``metadata/besluiten.yaml`` holds the metadata of each besluit, with field names taken from the VNG
ZGW Besluiten API (``identificatie``, ``verantwoordelijkeOrganisatie``, ``datum``, ``ingangsdatum``,
``toelichting``, ``besluittype``) so an entry can later be filled from, or linked to, the
municipality's own Besluiten API without renaming anything.

Which datasets a besluit rests on is NOT stored here: the dataset specs' ``besluiten`` lists are
the one source of truth, and :func:`validate_register` checks the two files agree, so a raadslid
never sees a besluit pointing at data that does not point back.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from enum import Enum
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from haarlem_opendata.checksums import elfproef
from haarlem_opendata.errors import SpecError
from haarlem_opendata.lineage.releases import Release
from haarlem_opendata.spec import DatasetSpec, read_yaml_mapping, validation_error

HAARLEM_RSIN = "001005650"
IDENTIFICATIE_PATTERN = r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$"
GEMEENTEBLAD_PATTERN = r"^https://zoek\.officielebekendmakingen\.nl/gmb-\d{4}-\d+\.html$"
ORI_PATTERN = r"^https://id\.openraadsinformatie\.nl/\S+$"


class Bestuursorgaan(str, Enum):
    gemeenteraad = "gemeenteraad"
    college = "college van B&W"


def rsin_is_valid(rsin: str) -> bool:
    """The RSIN eleven-test: the BSN's elfproef."""
    return elfproef(rsin)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class BesluitLinks(_Strict):
    raadsinformatie: str | None = Field(default=None, pattern=ORI_PATTERN)
    gemeenteblad: str | None = Field(default=None, pattern=GEMEENTEBLAD_PATTERN)
    besluiten_api: str | None = Field(default=None, pattern=r"^https://\S+$")


class Besluit(_Strict):
    identificatie: str = Field(pattern=IDENTIFICATIE_PATTERN, max_length=50)
    verantwoordelijkeOrganisatie: str = HAARLEM_RSIN
    titel: str = Field(min_length=1)
    bestuursorgaan: Bestuursorgaan
    besluittype: str = Field(min_length=1)  # omschrijving, e.g. "Raadsbesluit"
    datum: date
    ingangsdatum: date
    vervaldatum: date | None = None
    toelichting: str = Field(min_length=1, max_length=1000)
    links: BesluitLinks = Field(default_factory=BesluitLinks)
    voorbeeld: bool = False  # a seeded, fictitious example: shown as such everywhere

    @field_validator("verantwoordelijkeOrganisatie")
    @classmethod
    def _rsin(cls, value: str) -> str:
        if not rsin_is_valid(value):
            raise ValueError("must be a valid RSIN (9 digits passing the eleven-test)")
        return value

    @model_validator(mode="after")
    def _dates_in_order(self) -> Besluit:
        if self.ingangsdatum < self.datum:
            raise ValueError("ingangsdatum lies before datum")
        if self.vervaldatum is not None and self.vervaldatum < self.ingangsdatum:
            raise ValueError("vervaldatum lies before ingangsdatum")
        return self

    @property
    def slug(self) -> str:
        """For file names, CKAN group names and URLs: ``HLM-2026-RB-014`` → ``hlm-2026-rb-014``."""
        return self.identificatie.lower()

    @property
    def asset_name(self) -> str:
        """For Dagster asset keys, which allow no hyphens."""
        return self.slug.replace("-", "_")


class BesluitenRegister(_Strict):
    besluiten: list[Besluit] = Field(default_factory=list)
    file: Path | None = Field(default=None, exclude=True)

    @model_validator(mode="after")
    def _unique_ids(self) -> BesluitenRegister:
        ids = [b.identificatie for b in self.besluiten]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ValueError(f"duplicate identificatie: {duplicates}")
        return self

    def get(self, identificatie: str) -> Besluit:
        for besluit in self.besluiten:
            if besluit.identificatie == identificatie:
                return besluit
        raise KeyError(identificatie)

    def __contains__(self, identificatie: object) -> bool:
        return any(b.identificatie == identificatie for b in self.besluiten)

    def index_of(self, identificatie: str) -> int:
        return [b.identificatie for b in self.besluiten].index(identificatie)


def load_register(path: str | Path) -> BesluitenRegister:
    """Load and validate ``besluiten.yaml``; a problem raises :class:`SpecError` naming file and key."""
    path = Path(path)
    raw = read_yaml_mapping(path, "the register (a mapping with key 'besluiten')", allow_empty=True)
    try:
        return BesluitenRegister.model_validate({**raw, "file": path})
    except ValidationError as exc:
        raise validation_error(path, exc) from None


# --- the links, both ways ---------------------------------------------------------------------


def datasets_for(identificatie: str, catalog: Mapping[str, DatasetSpec]) -> list[str]:
    """Datasets whose spec names this besluit, in catalog order (the one source of truth)."""
    return [name for name, spec in catalog.items() if identificatie in spec.besluiten]


def besluiten_for(
    dataset: str, register: BesluitenRegister, catalog: Mapping[str, DatasetSpec]
) -> list[Besluit]:
    """The register's besluiten a dataset supports, in the order its spec lists them."""
    return [register.get(i) for i in catalog[dataset].besluiten if i in register]


def _spec_file(spec: DatasetSpec) -> str:
    return str(spec.file) if spec.file is not None else f"datasets/{spec.name}.yaml"


def register_problems(
    register: BesluitenRegister,
    catalog: Mapping[str, DatasetSpec],
    releases: Iterable[Release] | None = None,
) -> list[SpecError]:
    """Every disagreement between register, dataset specs and (optionally) release history.

    The release check (a besluit cannot rest on data published after it) is skipped for entries
    marked ``voorbeeld``: those are fictitious decisions dated before this pipeline existed.
    """
    reg_file = str(register.file) if register.file is not None else "metadata/besluiten.yaml"
    problems: list[SpecError] = []
    for spec in catalog.values():
        for i, identificatie in enumerate(spec.besluiten):
            if identificatie not in register:
                problems.append(
                    SpecError(
                        _spec_file(spec),
                        f"besluiten[{i}]",
                        f"unknown besluit {identificatie!r}: not in {reg_file}",
                    )
                )
        duplicates = sorted({b for b in spec.besluiten if spec.besluiten.count(b) > 1})
        if duplicates:
            problems.append(SpecError(_spec_file(spec), "besluiten", f"listed twice: {duplicates}"))

    first_release: dict[str, Release] = {}
    for release in releases or ():
        known = first_release.get(release.dataset)
        if known is None or release.published_at < known.published_at:
            first_release[release.dataset] = release

    for index, besluit in enumerate(register.besluiten):
        where = f"besluiten[{index}]"
        datasets = datasets_for(besluit.identificatie, catalog)
        if not datasets:
            problems.append(
                SpecError(
                    reg_file,
                    f"{where}.identificatie",
                    f"besluit {besluit.identificatie!r} rests on no data: no dataset spec lists it "
                    "under 'besluiten'",
                )
            )
        for name in datasets:
            start = date.fromisoformat(catalog[name].temporal.start)
            if besluit.datum < start:
                problems.append(
                    SpecError(
                        reg_file,
                        f"{where}.datum",
                        f"besluit {besluit.identificatie!r} is dated {besluit.datum.isoformat()}, before "
                        f"the data it cites existed: {name!r} covers from {start.isoformat()}",
                    )
                )
            first = first_release.get(name)
            if first is not None and not besluit.voorbeeld and besluit.datum < first.published_date:
                problems.append(
                    SpecError(
                        reg_file,
                        f"{where}.datum",
                        f"besluit {besluit.identificatie!r} is dated {besluit.datum.isoformat()}, before "
                        f"the data it cites existed: {name!r} was first published on "
                        f"{first.published_date.isoformat()} (version {first.version})",
                    )
                )
    return problems


def validate_register(
    register: BesluitenRegister,
    catalog: Mapping[str, DatasetSpec],
    releases: Iterable[Release] | None = None,
) -> None:
    """Raise the first problem :func:`register_problems` finds, saying how many more there are."""
    problems = register_problems(register, catalog, releases)
    if problems:
        first = problems[0]
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise SpecError(first.file, first.key, first.message + more)
