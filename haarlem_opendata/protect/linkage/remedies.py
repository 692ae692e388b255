"""What the linkage audit may change by itself when publications together reveal a small part.

The spec's cell method decides: an area table merges the area holding the part further; a
suppression table hides the row holding the part *and* the rows an attacker subtracts from the
other publication's row (``area − buurt A``: buurt A), after which secondary suppression protects
them within the table. Rounding tables have no remedy: a failing audit is an error there.

An area that still holds a revealed part after it was merged for the audit once is, most likely,
a union of whole buurten: one more total over the buurt table, which merging further does not
change (it only makes the union larger). Its numbers are hidden instead (:class:`HideArea`).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass

from haarlem_opendata.protect.linkage.audit import LinkageReport
from haarlem_opendata.spec import CellProtectionSpec

# remedy(result, report, inputs, force) → new items; ``force``: the items of the rounds before
Remedy = Callable[..., list[Hashable]]


@dataclass(frozen=True)
class HideArea:
    """Hide the numbers of the published area holding these original areas."""

    members: frozenset[str]


def area_remedies(force) -> tuple[list[frozenset[str]], list[frozenset[str]]]:
    """The items of an area table's rounds as ``merge_areas`` takes them: (merge, hide)."""
    merge = [f for f in force if isinstance(f, frozenset)]
    return merge, [f.members for f in force if isinstance(f, HideArea)]


def merged_members(result, published_id: str) -> frozenset[str]:
    """The original areas of a published (merged) area."""
    m = result.membership
    return frozenset(m.loc[m["gepubliceerd_gebied"] == published_id, "oorspronkelijk_gebied"])


def remedy_for(cells: CellProtectionSpec) -> Remedy | None:
    """``remedy(result, report, inputs, force)`` → items for the cell protection's next run, or
    None."""
    if cells.method == "merge_areas":

        def merge(result, report: LinkageReport, inputs, force=()) -> list[Hashable]:
            keys = sorted(report.finest_at_risk.get(inputs.publication, ()))
            merged_before = [f for f in force if isinstance(f, frozenset)]
            out: list[Hashable] = []
            for key in keys:
                members = merged_members(result, key)
                if any(f <= members for f in merged_before):
                    out.append(HideArea(members))
                else:
                    out.append(members)
            return out

        return merge
    if cells.method == "suppression":

        def hide(_result, report: LinkageReport, inputs, force=()) -> list[Hashable]:
            if inputs.column not in cells.counts:
                return []  # the linked column is not one this table may hide
            keys = report.finest_at_risk.get(inputs.publication, set()) | report.overlapping_at_risk
            return [(k, inputs.column) for k in sorted(keys)]

        return hide
    return None
