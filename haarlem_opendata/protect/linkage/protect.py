"""The linkage audit applied to a table about to be published, with its automatic remedies.

:class:`LinkageInputs` holds, for one population, the register (points with weights, raw stage
only), how the candidate's rows map to those points and every other publication it links to.
:func:`protect_linked` applies the spec's remedy where the joint attacker pins a small part —
merge areas further, or hide the cell holding it — and raises a clear error when there is none.
:func:`compress` turns the inputs into a system over overlap parts — aggregates only, no point —
which is what the blocking check keeps.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

from haarlem_opendata.errors import ProtectionError
from haarlem_opendata.protect.linkage.audit import LinkageReport, _parts, audit_linkage
from haarlem_opendata.protect.linkage.cells import CellSet, cells_by_geometry, cells_by_region
from haarlem_opendata.protect.summary import LinkedDataset, PopulationSummary


@dataclass
class Geography:
    """How a table's rows map to register points: its polygons, or region codes per point."""

    key_column: str
    codes: pd.DataFrame | None = None  # per register point, a code per region level

    def cell_set(
        self, table: pd.DataFrame, points, *, publication: str, column: str, candidate: bool
    ) -> CellSet:
        if self.codes is not None:
            return cells_by_region(
                table,
                self.codes,
                publication=publication,
                code_column=self.key_column,
                column=column,
                candidate=candidate,
            )
        return cells_by_geometry(
            table,
            points,
            publication=publication,
            key_column=self.key_column,
            column=column,
            candidate=candidate,
        )


@dataclass
class LinkageInputs:
    population: str  # e.g. "inwoners op 2017-01-01"
    column: str  # the candidate's column counting it
    publication: str  # the candidate's name in reports, e.g. "rioolbelasting (deze versie)"
    threshold: int
    points: object  # GeoSeries of register points (raw stage only)
    weights: np.ndarray
    geography: Geography
    others: list[CellSet] = field(default_factory=list)
    linked: list[tuple[str, str]] = field(default_factory=list)  # (name, title) of other datasets

    def summary(self, report: LinkageReport) -> PopulationSummary:
        """What the data package says: stable across runs (no versions, no counts)."""
        return PopulationSummary(
            population=self.population,
            column=self.column,
            threshold=self.threshold,
            linked=[LinkedDataset(name=n, title=t) for n, t in self.linked],
            passed=report.passed,
        )

    def candidate(self, table: pd.DataFrame) -> CellSet:
        return self.geography.cell_set(
            table, self.points, publication=self.publication, column=self.column, candidate=True
        )

    def audit(self, table: pd.DataFrame) -> LinkageReport:
        return audit_linkage(
            [self.candidate(table), *self.others],
            self.weights,
            threshold=self.threshold,
            population=self.population,
        )


@dataclass
class LinkedSystem:
    """The audit's system over overlap parts: what the blocking check re-audits, without points."""

    population: str
    column: str
    publication: str
    key_column: str
    threshold: int
    candidate_keys: list[str]
    sets: list[CellSet]  # candidate first; members over parts
    part_weights: np.ndarray

    def audit_published(self, table: pd.DataFrame) -> LinkageReport:
        """Re-audit with the candidate's values read from the published ``table`` itself."""
        keys = table[self.key_column].astype(str).str.strip().tolist()
        if keys != self.candidate_keys:
            raise ProtectionError(
                f"{self.publication}: de gepubliceerde rijen ({self.key_column}) wijken af van de "
                "rijen waarop de koppelingsaudit is gedaan"
            )
        first = self.sets[0]
        values = pd.to_numeric(table[self.column], errors="coerce").to_numpy(dtype=float)
        candidate = CellSet(
            first.publication, first.column, first.keys, values, first.members, True
        )
        return audit_linkage(
            [candidate, *self.sets[1:]],
            self.part_weights,
            threshold=self.threshold,
            population=self.population,
        )


def compress(table: pd.DataFrame, inputs: LinkageInputs) -> LinkedSystem:
    sets = [inputs.candidate(table), *inputs.others]
    members = sp.vstack([s.members for s in sets]).tocsr()
    part_of_point, n_parts = _parts(members)
    counted = part_of_point >= 0
    to_part = sp.csr_matrix(
        (np.ones(int(counted.sum())), (np.flatnonzero(counted), part_of_point[counted])),
        shape=(members.shape[1], n_parts),
    )
    part_weights = np.asarray(to_part.T @ np.asarray(inputs.weights, dtype=float)).ravel()
    compressed = []
    for s in sets:
        over_parts = (s.members @ to_part).tocsr()
        over_parts.data[:] = 1
        compressed.append(
            CellSet(s.publication, s.column, s.keys, s.values, over_parts, s.candidate)
        )
    return LinkedSystem(
        population=inputs.population,
        column=inputs.column,
        publication=inputs.publication,
        key_column=inputs.geography.key_column,
        threshold=inputs.threshold,
        candidate_keys=sets[0].keys,
        sets=compressed,
        part_weights=part_weights,
    )


def linkage_error(name: str, report: LinkageReport) -> ProtectionError:
    """The error a steward reads: both tables, the overlap and the rule."""
    first = report.findings[0]
    return ProtectionError(
        f"{name}: de koppelingsaudit ({report.population}) slaagt niet: samen onthullen "
        f"{' en '.join(first.publications)} het {'deel' if first.what == 'deel' else 'cel'} "
        f"{report.first_finding()}; niets wordt gepubliceerd"
    )


def protect_linked(
    name: str,
    inputs: list[LinkageInputs],
    run: Callable[[list[Hashable]], Any],  # a result with ``.table``
    *,
    remedy: Callable[..., list[Hashable]] | None,
    max_rounds: int,
):
    """Protect with ``run(force)`` until every linkage audit passes.

    ``remedy(result, report, inputs, force)`` turns a failing report into more items for ``run``:
    the original areas to merge or whose numbers to hide (area tables), or the cells to hide
    (suppression tables); ``force`` holds the items of the rounds before. Without it
    there is no automatic remedy and a failing audit is an error; when it adds nothing new, too.
    Returns (result, reports, rounds).
    """
    force: list[Hashable] = []
    for rounds in range(1, max_rounds + 1):
        result = run(force)
        reports = [i.audit(result.table) for i in inputs]
        failed = [(i, r) for i, r in zip(inputs, reports, strict=True) if not r.passed]
        if not failed:
            return result, reports, rounds
        if remedy is None:
            raise linkage_error(name, failed[0][1])
        grown = False
        for i, report in failed:
            for item in remedy(result, report, i, tuple(force)):
                if item not in force:
                    force.append(item)
                    grown = True
        if not grown:  # the failing parts lie in other publications' rows only
            raise linkage_error(name, failed[0][1])
    raise linkage_error(name, failed[0][1])
