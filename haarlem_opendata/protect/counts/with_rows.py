"""A count table next to the published rows of the same records: audit both, hide more if needed.

The count table is protected on its own first (:mod:`protect`). When the dataset also publishes
its records as k-anonymous rows, counting those rows is a second view of the same records, and
:mod:`joint` audits the two together. Where that pins a small hidden cell,
:func:`~haarlem_opendata.protect.counts.joint_remedy.widen_joint` hides more cells of the table,
round after round (``spec.joint_rounds``, fewer when the rounds stop making progress); when they
run out, nothing is published and the error names both publications, the cell and the rule.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pandas as pd

from haarlem_opendata.errors import ProtectionError
from haarlem_opendata.protect.cells.audit import feasible_intervals
from haarlem_opendata.protect.cells.model import TableModel, build_model
from haarlem_opendata.protect.counts.joint import RowsSystem, audit_rows, build_rows_system
from haarlem_opendata.protect.counts.joint_remedy import widen_joint
from haarlem_opendata.protect.counts.protect import (
    ProtectedCounts,
    _published_share,
    primary_mask,
)
from haarlem_opendata.protect.counts.shape import REGION, WideLayout, to_long, to_wide
from haarlem_opendata.protect.linkage.audit import LinkageReport
from haarlem_opendata.spec import REGION_COLUMNS, CountTableSpec


@dataclass
class WideCounts:
    """A published long table in the wide shape the audit needs, with its primary mask."""

    wide: pd.DataFrame
    layout: WideLayout
    model: TableModel
    values: np.ndarray  # flat cells, NaN where hidden
    primary: np.ndarray  # flat cells

    def label(self, cell: int) -> str:
        row, col = divmod(cell, self.model.n_cols)
        code = str(self.wide[REGION_COLUMNS[0]].iloc[row])
        return " | ".join([code, *self.layout.combos[col]])


def wide_counts(
    published: pd.DataFrame, primary: pd.DataFrame | None, spec: CountTableSpec
) -> WideCounts:
    wide, layout = to_wide(published, spec)
    model = build_model(
        wide,
        region=REGION,
        counts=layout.columns,
        relations=layout.relations(),
        file=f"teltabel {spec.name}",
    )
    values = wide[layout.columns].to_numpy(dtype=float).ravel()
    mask = np.zeros(model.n_cells, dtype=bool)
    if primary is not None:
        mask = primary_mask(primary, wide, layout, spec).to_numpy().ravel()
    return WideCounts(wide, layout, model, values, mask)


def joint_error(system: RowsSystem, report: LinkageReport, rounds: int) -> ProtectionError:
    first = report.findings[0]
    more = len(report.findings) - 1
    return ProtectionError(
        f"{system.dataset}: de rijen en teltabel {system.table} samen onthullen de afgeschermde "
        f"cel {first.label} — {first.to_metadata(report.threshold)['regel']}"
        + (f" (en nog {more} andere)" if more else "")
        + f"; ook na {rounds} ronde(n) extra afschermen. Tel de teltabel op een grover niveau; "
        "niets wordt gepubliceerd"
    )


def protect_with_rows(
    protected: ProtectedCounts,
    records: pd.DataFrame,
    rows: pd.DataFrame,
    hierarchies: dict,
    *,
    base_dir: str | Path,
    source: str,
    dataset: str,
) -> tuple[ProtectedCounts, RowsSystem]:
    """Audit ``protected`` with the published ``rows`` (index ⊆ ``records``); hide more if
    needed. Returns the table to publish and the system the blocking check re-audits."""
    spec = protected.spec
    counts = wide_counts(protected.table, protected.primary, spec)
    system = rows_system(
        counts, records, rows, spec, hierarchies, base_dir=base_dir, source=source, dataset=dataset
    )
    class_counts = system.class_counts(rows)
    extra, _ = hide_until_safe(system, counts, class_counts, spec)
    shown = derivable(counts, extra)
    if shown:
        # publishing what the table already gives away changes no attacker's knowledge; audited
        # again all the same
        extra = [c for c in extra if c not in shown]
        values = counts.values.copy()
        values[extra] = np.nan
        report, _, _ = audit_with_rows(system, counts, class_counts, spec, values)
        if not report.passed:
            raise joint_error(system, report, spec.joint_rounds)
    return _hide(protected, counts, extra), system


def derivable(counts: WideCounts, extra: list[int]) -> set[int]:
    """Cells of ``extra`` that the published table (with ``extra`` hidden) pins to one value.

    The remedy may hide a cell whose relation then has no other hidden cell; hiding it protects
    nothing, and the table's own audit refuses a hidden cell anyone can recompute.
    """
    if not extra:
        return set()
    values = counts.values.copy()
    values[extra] = np.nan
    hidden = np.flatnonzero(np.isnan(values))
    # two feasible points 2 apart prove two integers fit; the others get their exact interval
    required = np.where(np.isin(hidden, extra), 2.0, 0.0)
    iv = feasible_intervals(counts.model.A, values, hidden, required=required)
    at = {int(c): i for i, c in enumerate(hidden)}
    return {c for c in extra if iv.exact[at[c]]}


def rows_system(
    counts: WideCounts,
    records: pd.DataFrame,
    rows: pd.DataFrame,
    spec: CountTableSpec,
    hierarchies: dict,
    *,
    base_dir: str | Path,
    source: str,
    dataset: str,
) -> RowsSystem:
    """The pair structure of ``rows`` against the table ``counts`` is the wide shape of."""
    return build_rows_system(
        records,
        rows,
        counts.wide,
        counts.model,
        counts.layout.combos,
        spec,
        hierarchies,
        base_dir=base_dir,
        source=source,
        dataset=dataset,
    )


def audit_with_rows(
    system: RowsSystem,
    counts: WideCounts,
    class_counts: np.ndarray,
    spec: CountTableSpec,
    values: np.ndarray | None = None,
):
    """:func:`audit_rows` on ``counts`` (or on ``values``, the same table with more hidden)."""
    return audit_rows(
        system,
        counts.model,
        counts.values if values is None else values,
        counts.primary,
        class_counts,
        width=spec.width,
        cell_label=lambda cell: f"{spec.name}: {counts.label(cell)}",
    )


def hide_until_safe(
    system: RowsSystem,
    counts: WideCounts,
    class_counts: np.ndarray,
    spec: CountTableSpec,
    progress: list[int] | None = None,
) -> tuple[list[int], LinkageReport]:
    """Audit with the rows; hide the cells the duals point at until it passes.

    Gives up after ``spec.joint_rounds`` rounds, or when two rounds in a row leave no fewer
    findings than the round before them: then the rows show too much of this table for hiding
    to repair it, and each further round on a large table costs a minute or more.
    ``progress`` collects the number of findings per round.
    """
    values = counts.values.copy()
    extra: list[int] = []
    rounds = 0
    previous, stalled = None, 0
    while rounds < spec.joint_rounds:
        rounds += 1
        report, joint, missing = audit_with_rows(system, counts, class_counts, spec, values)
        if progress is not None:
            progress.append(len(report.findings))
        if report.passed:
            return extra, report
        stalled = stalled + 1 if previous is not None and len(report.findings) >= previous else 0
        if stalled >= 2:
            break
        previous = len(report.findings)
        # candidates are published cells, so each pick is new; none left means no room
        more = widen_joint(joint, missing, broad=stalled > 0)
        if not more:
            break
        values[more] = np.nan
        extra += more
    raise joint_error(system, report, rounds)


def _hide(protected: ProtectedCounts, counts: WideCounts, cells: list[int]) -> ProtectedCounts:
    """The table with ``cells`` hidden too (they count as secondary), and its summary."""
    spec = protected.spec
    if cells:
        wide = counts.wide.copy()
        grid = wide[counts.layout.columns].to_numpy(dtype=float)
        rows, cols = np.divmod(np.asarray(cells), counts.model.n_cols)
        grid[rows, cols] = np.nan
        wide[counts.layout.columns] = grid
        table = to_long(wide, counts.layout, spec)
    else:
        table = protected.table
    n_hidden = int(table[spec.count.name].isna().sum())
    n_cells = len(table)
    summary = protected.summary.model_copy(
        update={
            "n_published": n_cells - n_hidden,
            "published_share": round((n_cells - n_hidden) / n_cells, 4) if n_cells else 1.0,
            "published_share_per_level": _published_share(table, spec),
            "n_secondary": protected.summary.n_secondary + len(cells),
            "with_rows": True,
            "n_hidden_for_rows": len(cells),
        }
    )
    return replace(protected, table=table, summary=summary)
