"""A dataset published per gemeente and per jaar: which partitions exist and which are ours.

A partitioned spec is a template: its strings may hold ``${gemeente}`` (CBS code, ``GM0392``),
``${gemeentenummer}`` (``0392``), ``${gemeente_naam}`` and ``${jaar}``; the catalog renders one
concrete :class:`~haarlem_opendata.spec.DatasetSpec` per partition, so every stage below sees an
ordinary spec. The partition of the municipality's *own* gemeente publishes under the dataset's
own name and carries its besluiten; every other gemeente publishes as ``<name>-<gemeentecode>``
without them (a raad's besluit rests on its own gemeente's data only).
"""

from __future__ import annotations

import re

from pydantic import Field, model_validator

from haarlem_opendata.spec.base import Strict

GEMEENTE_PATTERN = r"^GM\d{4}$"
PLACEHOLDERS = ("gemeente", "gemeentenummer", "gemeente_naam", "jaar")


class PartitionsSpec(Strict):
    # CSV (code,naam) relative to datasets/: the CBS gemeente list, one partition per row
    gemeenten: str = Field(min_length=1)
    jaren: list[str] = Field(min_length=1)  # the years the source has, oldest first
    eigen: str = Field(default="GM0392", pattern=GEMEENTE_PATTERN)  # the municipality's own
    publiceer: list[str] = Field(default_factory=lambda: ["GM0392"])  # the job's default selection

    @model_validator(mode="after")
    def _valid(self) -> PartitionsSpec:
        for jaar in self.jaren:
            if not re.fullmatch(r"\d{4}", jaar):
                raise ValueError(f"partitions.jaren: {jaar!r} is not a year (four digits)")
        if len(set(self.jaren)) != len(self.jaren):
            raise ValueError("partitions.jaren lists a year twice")
        for code in self.publiceer:
            if not re.fullmatch(GEMEENTE_PATTERN, code):
                raise ValueError(f"partitions.publiceer: {code!r} is not a CBS gemeentecode")
        return self


class Partition(Strict):
    """One rendered partition: the gemeente and year a concrete spec was made for."""

    gemeente: str = Field(pattern=GEMEENTE_PATTERN)
    gemeente_naam: str = Field(min_length=1)
    jaar: str = Field(pattern=r"^\d{4}$")

    @property
    def key(self) -> str:
        """Dagster's multi-partition key (dimensions in name order: gemeente, jaar)."""
        return f"{self.gemeente}|{self.jaar}"

    def values(self) -> dict[str, str]:
        return {
            "gemeente": self.gemeente,
            "gemeentenummer": self.gemeente[2:],
            "gemeente_naam": self.gemeente_naam,
            "jaar": self.jaar,
        }
