"""What a count column counts, and where a region-coded table's rows lie (spec models, no heavy
imports).

Two count columns in different publications that count the same population on the same
reference date (``populatie``) are *linked*: an attacker can subtract one from the other. The
linkage audit needs to know which register points each published row counts — a table with a
geometry column says it with its polygons, a table of region codes through a regions file.
"""

from __future__ import annotations

from datetime import date

from pydantic import Field

from haarlem_opendata.spec.base import Strict

POPULATION_PATTERN = r"^[a-z][a-z0-9_]*$"


class Populatie(Strict):
    """The population a count column counts (``inwoners``, ``adressen``, ``meldingen``) and when."""

    naam: str = Field(pattern=POPULATION_PATTERN)
    peildatum: date

    @property
    def key(self) -> tuple[str, str]:
        return self.naam, self.peildatum.isoformat()

    def label(self) -> str:
        return f"{self.naam} op {self.peildatum.isoformat()}"


class LinkageRegionsSpec(Strict):
    """Region-coded rows: the code column and the polygons of the finest level with its parents."""

    code_column: str
    file: str  # relative to the datasets folder, like every shipped file
    layer: str
    levels: list[str] = Field(min_length=1)  # code columns of the layer, finest first


class LinkageSpec(Strict):
    """How the linkage audit places this dataset's rows; the threshold of a small count."""

    regions: LinkageRegionsSpec | None = None
    threshold: int | None = Field(None, gt=1)
    # How often the automatic remedy (merging areas further) may run before giving up.
    max_rounds: int = Field(12, gt=0)
