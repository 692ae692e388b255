"""Small-cell protection for count tables: suppression that survives an attacker, area merging,
rounding.

- :func:`suppress_cells` — primary rules, Gaussian-elimination secondary suppression, LP audit;
- :func:`audit_suppression` — the attacker's audit of a published table on its own (asset check);
- :func:`merge.merge_areas` — join unsafe map areas to neighbours (rioolbelasting; imports
  geopandas, so it is imported from its module, not here);
- :func:`round_counts` — unbiased random rounding to base 5;
- :func:`protect_count_table` — dispatch on a dataset spec's ``protection.cells``.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from haarlem_opendata.errors import ProtectionError, SpecError
from haarlem_opendata.protect.cells.rounding import RoundingResult, round_counts
from haarlem_opendata.protect.cells.rules import load_rule_pack
from haarlem_opendata.protect.cells.suppress import (
    AuditReport,
    CellSuppressionResult,
    audit_suppression,
    suppress_cells,
)
from haarlem_opendata.spec import CellProtectionSpec, RulePack, RuleSpec

if TYPE_CHECKING:  # the merge engine (geopandas, shapely) is imported on first use
    from haarlem_opendata.protect.cells.merge import MergeResult

__all__ = [
    "AuditReport",
    "CellSuppressionResult",
    "RoundingResult",
    "audit_suppression",
    "load_rule_pack",
    "protect_count_table",
    "round_counts",
    "suppress_cells",
]


def protect_count_table(
    table: pd.DataFrame,
    spec: CellProtectionSpec,
    *,
    metadata_dir: str | Path,
    file: str | Path = "<tabel>",
    force_merge: Sequence[frozenset[str]] = (),
    force_hide: Sequence[frozenset[str]] = (),
    force_hidden: dict[tuple[str, str], float] | None = None,
    known: Collection[tuple[str, str]] = frozenset(),
) -> RoundingResult | MergeResult | CellSuppressionResult:
    """Protect ``table`` as ``spec`` says; returns a result with ``.table`` and ``.to_metadata()``.

    ``force_merge`` / ``force_hide`` / ``force_hidden`` / ``known`` are the remedies against
    linking (see ``suppress_cells`` and ``merge_areas``). Raises :class:`ProtectionError` when
    the audit does not pass: nothing may be published then.
    """
    if spec.method == "rounding":
        return round_counts(table, spec.counts, base=spec.rounding_base, seed=spec.seed, file=file)
    if spec.method == "merge_areas":
        if not hasattr(table, "geometry"):
            raise SpecError(
                file, "protection.cells.method", "merge_areas vraagt een tabel met geometrie"
            )
        from haarlem_opendata.protect.cells.merge import merge_areas

        if spec.area_id_column is None:  # the spec validator requires it for merge_areas
            raise SpecError(file, "protection.cells.area_id_column", "ontbreekt bij merge_areas")
        result: MergeResult | CellSuppressionResult = merge_areas(
            table,
            area_id_column=spec.area_id_column,
            counts=spec.counts,
            threshold=spec.threshold,
            zeros_unsafe=spec.zeros_unsafe,
            relations=spec.relations,
            force_merge=force_merge,
            force_hide=force_hide,
            file=file,
        )
    else:
        rules: list[RuleSpec | RulePack] = []
        if spec.rule_pack:
            rules.append(load_rule_pack(Path(metadata_dir) / spec.rule_pack))
        rules.extend(spec.rules)
        result = suppress_cells(
            table,
            region=spec.region,
            counts=spec.counts,
            relations=spec.relations,
            rules=rules,
            threshold=spec.threshold,
            zeros_unsafe=spec.zeros_unsafe,
            protection_width=spec.protection_width,
            file=file,
            force_hidden=force_hidden,
            known=known,
        )
    if not result.passed:
        raise ProtectionError(
            f"{file}: de audit van de celbeveiliging slaagt niet; niets wordt gepubliceerd"
        )
    return result
