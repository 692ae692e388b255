"""``protection`` in a dataset spec: which kinds of protection apply, each with its own settings."""

from __future__ import annotations

from pydantic import Field, model_validator

from haarlem_opendata.spec.anonymity import AnonymitySpec
from haarlem_opendata.spec.base import Strict
from haarlem_opendata.spec.cells import CellProtectionSpec
from haarlem_opendata.spec.counts import CountTableSpec
from haarlem_opendata.spec.linkage import LinkageSpec
from haarlem_opendata.spec.pii import PiiSpec


class ProtectionSpec(Strict):
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
