"""Small-cell protection for count tables: suppression that survives an attacker, area merging, rounding."""

from haarlem_opendata.protect.cells.config import (
    CellProtectionSpec,
    Relation,
    RegionHierarchySpec,
    RuleSpec,
)

__all__ = ["CellProtectionSpec", "Relation", "RegionHierarchySpec", "RuleSpec"]
