"""A count table next to the published rows of the same records: audit both, hide more if needed.

The count table is protected on its own first (:mod:`protect`). When the dataset also publishes
its records as k-anonymous rows, counting those rows is a second view of the same records, and
:mod:`joint` audits the two together. Where that pins a small hidden cell,
:func:`~haarlem_opendata.protect.counts.joint_remedy.widen_joint` hides more cells of the table,
round after round (``spec.joint_rounds``, fewer when the rounds stop making progress); when they
run out, nothing is published and the error names both publications, the cell and the rule.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from haarlem_opendata.errors import ProtectionError
from haarlem_opendata.protect.counts.joint import RowsSystem, audit_rows, build_rows_system
from haarlem_opendata.protect.counts.joint_remedy import hide_until_safe as remedy_rounds
from haarlem_opendata.protect.counts.protect import ProtectedCounts
from haarlem_opendata.protect.counts.wide import WideCounts, derivable, hide_more, wide_counts
from haarlem_opendata.protect.linkage.audit import LinkageReport
from haarlem_opendata.spec import CountTableSpec


def joint_error(system: RowsSystem, report: LinkageReport, rounds: int) -> ProtectionError:
    return ProtectionError(
        f"{system.dataset}: de rijen en teltabel {system.table} samen onthullen de afgeschermde "
        f"cel {report.first_finding()}; ook na {rounds} ronde(n) extra afschermen. Tel de "
        "teltabel op een grover niveau; niets wordt gepubliceerd"
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
    return hide_more(protected, counts, extra, with_rows=True, n_hidden_for_rows=len(extra)), system


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
    """Audit with the rows; hide the cells the duals point at until it passes (at most
    ``spec.joint_rounds`` rounds, see :func:`~joint_remedy.hide_until_safe`)."""
    return remedy_rounds(
        lambda values: audit_with_rows(system, counts, class_counts, spec, values),
        counts.values,
        rounds=spec.joint_rounds,
        error=lambda report, rounds: joint_error(system, report, rounds),
        progress=progress,
    )
