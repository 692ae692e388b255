"""What the linkage audit may change by itself when publications together reveal a small part.

The spec's cell method decides: an area table merges the area holding the part further; a
suppression table hides the row holding the part *and* the rows an attacker subtracts from the
other publication's row (``area − buurt A``: buurt A), after which secondary suppression protects
them within the table. Rounding tables have no remedy: a failing audit is an error there.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable

from haarlem_opendata.protect.linkage.audit import LinkageReport
from haarlem_opendata.spec import CellProtectionSpec

Remedy = Callable[[object, LinkageReport, object], list[Hashable]]


def merged_members(result, published_id: str) -> frozenset[str]:
    """The original areas of a published (merged) area."""
    m = result.membership
    return frozenset(m.loc[m["gepubliceerd_gebied"] == published_id, "oorspronkelijk_gebied"])


def remedy_for(cells: CellProtectionSpec) -> Remedy | None:
    """``remedy(result, report, inputs)`` → items for the cell protection's next run, or None."""
    if cells.method == "merge_areas":

        def merge(result, report: LinkageReport, inputs) -> list[Hashable]:
            keys = sorted(report.finest_at_risk.get(inputs.publication, ()))
            return [merged_members(result, k) for k in keys]

        return merge
    if cells.method == "suppression":

        def hide(_result, report: LinkageReport, inputs) -> list[Hashable]:
            if inputs.column not in cells.counts:
                return []  # the linked column is not one this table may hide
            keys = report.finest_at_risk.get(inputs.publication, set()) | report.overlapping_at_risk
            return [(k, inputs.column) for k in sorted(keys)]

        return hide
    return None
