"""A count table next to what is already public of the same records: audit, hide more if needed.

Runs after the table's own protection and after the audit with the published rows, once per
count table, against every earlier version of the same period still on disk and the dataset's
count tables that this release has finished before it (see :mod:`releases`). Where the joint
attacker pins a small hidden cell, :func:`~joint_remedy.widen_joint` hides more cells of *this*
table — for an unchanged layout that is usually the cell the earlier version hid, which keeps
the suppression pattern stable. When the rounds run out, nothing is published and the error
names the publications, the cell and the rule.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from haarlem_opendata.protect.counts.joint_remedy import hide_until_safe
from haarlem_opendata.protect.counts.protect import ProtectedCounts
from haarlem_opendata.protect.counts.releases import (
    PublicCounts,
    ReleasesSystem,
    audit_releases,
    build_releases_system,
    releases_error,
)
from haarlem_opendata.protect.counts.wide import derivable, hide_more, wide_counts


def protect_with_releases(
    protected: ProtectedCounts,
    records: pd.DataFrame,
    others: list[PublicCounts],
    hierarchies: dict,
    *,
    base_dir: str | Path,
    source: str,
    dataset: str,
    progress: list[int] | None = None,
) -> tuple[ProtectedCounts, ReleasesSystem]:
    """Audit ``protected`` with ``others``; hide more if needed. Returns the table to publish
    and the system the blocking check re-audits (``progress``: findings per round)."""
    spec = protected.spec
    counts = wide_counts(protected.table, protected.primary, spec)
    system = build_releases_system(
        records,
        counts,
        spec,
        others,
        hierarchies,
        base_dir=base_dir,
        source=source,
        dataset=dataset,
    )

    def audit(values: np.ndarray):
        return audit_releases(system, counts, spec, values)

    def error(report, rounds: int):
        return releases_error(system, report, rounds)

    # keep the pattern first: a cell an earlier table hid stays hidden (the rounds add the cells
    # that protect it within this table)
    start = counts.values.copy()
    start[system.carried] = np.nan
    more, _ = hide_until_safe(
        audit, start, rounds=spec.joint_rounds, error=error, progress=progress
    )
    extra = sorted({*system.carried.tolist(), *more})
    shown = derivable(counts, extra)
    if shown:  # what the table alone gives away changes no attacker's knowledge
        extra = [c for c in extra if c not in shown]
        values = counts.values.copy()
        values[extra] = np.nan
        report, _, _ = audit(values)
        if not report.passed:
            raise error(report, spec.joint_rounds)
    out = hide_more(
        protected,
        counts,
        extra,
        with_earlier=[o.label for o in others],
        n_hidden_for_earlier=len(extra),
        n_already_public=len(system.already_public),
    )
    return out, system
