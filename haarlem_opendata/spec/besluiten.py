"""The besluiten register (``metadata/besluiten.yaml``) as models: council and college decisions.

Field names are taken from the VNG ZGW Besluiten API (``identificatie``,
``verantwoordelijkeOrganisatie``, ``datum``, ``ingangsdatum``, ``toelichting``, ``besluittype``) so
an entry can later be filled from, or linked to, the municipality's own Besluiten API without
renaming anything. Which datasets a besluit rests on is not stored here: the dataset specs'
``besluiten`` lists are the one source of truth (checked in :mod:`haarlem_opendata.catalog`).
"""

from __future__ import annotations

from datetime import date
from enum import Enum
from pathlib import Path

from pydantic import Field, field_validator, model_validator

from haarlem_opendata.spec.base import Strict
from haarlem_opendata.spec.checksums import elfproef

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


class BesluitLinks(Strict):
    raadsinformatie: str | None = Field(default=None, pattern=ORI_PATTERN)
    gemeenteblad: str | None = Field(default=None, pattern=GEMEENTEBLAD_PATTERN)
    besluiten_api: str | None = Field(default=None, pattern=r"^https://\S+$")


class Besluit(Strict):
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


class BesluitenRegister(Strict):
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
