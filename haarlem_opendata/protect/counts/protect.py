"""Protect a count table with the small-cell machinery and audit it from what is published.

Primary cells follow the frequency rule; secondary suppression runs over the region hierarchy
*and* every dimension's totals (the relations of :class:`WideLayout`), so no hidden count can be
recomputed from a wijk total, a month total or a category total. The audit rebuilds the wide
table from the published long table alone, as an attacker would.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from haarlem_opendata.errors import ProtectionError
from haarlem_opendata.protect.cells import audit_suppression, suppress_cells
from haarlem_opendata.protect.counts.aggregate import aggregate
from haarlem_opendata.protect.counts.shape import REGION, to_long, to_wide
from haarlem_opendata.protect.summary import CountTableSummary
from haarlem_opendata.spec import REGION_COLUMNS, CountTableSpec

PRIMARY = "primair"


@dataclass
class ProtectedCounts:
    """A published count table (long), its summary, and which cells were primary (internal only)."""

    spec: CountTableSpec
    table: pd.DataFrame
    primary: pd.DataFrame  # key columns + PRIMARY: never published (primary means "small")
    summary: CountTableSummary


def protect_counts(
    records: pd.DataFrame,
    spec: CountTableSpec,
    hierarchies: dict,
    *,
    base_dir: str | Path,
    source: str,
) -> ProtectedCounts:
    """Count, suppress and audit; raises :class:`ProtectionError` when the audit does not pass."""
    wide, layout = aggregate(records, spec, hierarchies, base_dir=base_dir, source=source)
    result = suppress_cells(
        wide,
        region=REGION,
        counts=layout.columns,
        relations=layout.relations(),
        threshold=spec.threshold,
        zeros_unsafe=spec.zeros_unsafe,
        protection_width=spec.width,
        file=f"{source} (teltabel {spec.name})",
    )
    if not result.passed:
        raise ProtectionError(
            f"{source}: de audit van teltabel {spec.name} slaagt niet; niets wordt gepubliceerd"
        )
    published = to_long(result.table, layout, spec)
    mask = wide[list(REGION_COLUMNS)].copy()
    for column in layout.columns:
        mask[column] = result.primary[column].to_numpy().astype("int64")
    primary = to_long(mask, layout, spec).rename(columns={spec.count.name: PRIMARY})
    primary[PRIMARY] = primary[PRIMARY].astype(bool)
    cells = result.summary()
    n_cells = len(published)
    n_hidden = int(published[spec.count.name].isna().sum())
    summary = CountTableSummary(
        name=spec.name,
        threshold=spec.threshold,
        n_cells=n_cells,
        n_published=n_cells - n_hidden,
        published_share=round((n_cells - n_hidden) / n_cells, 4) if n_cells else 1.0,
        published_share_per_level=_published_share(published, spec),
        n_primary=cells.n_primary,
        n_secondary=cells.n_secondary,
        passed=cells.passed,
        audit_method=cells.audit_method,
    )
    return ProtectedCounts(spec=spec, table=published, primary=primary, summary=summary)


def _published_share(published: pd.DataFrame, spec: CountTableSpec) -> dict[str, float]:
    """Share of cells published per region level, leaving the totals out: the detail a user gets."""
    detail = published
    for dimension in spec.dimensions:
        detail = detail[detail[dimension.name] != spec.total_label]
    shown = detail[spec.count.name].notna().groupby(detail[REGION_COLUMNS[1]], sort=False).mean()
    return {str(level): round(float(share), 4) for level, share in shown.items()}


def primary_mask(
    primary: pd.DataFrame, wide: pd.DataFrame, layout, spec: CountTableSpec
) -> pd.DataFrame:
    """The long primary mask in the wide shape of ``wide``; a mask of another table is an error."""
    keyed = primary.rename(columns={PRIMARY: spec.count.name})
    mask, mask_layout = to_wide(keyed, spec)
    if mask_layout.values != layout.values or list(mask[REGION_COLUMNS[0]]) != list(
        wide[REGION_COLUMNS[0]]
    ):
        raise ProtectionError(f"teltabel {spec.name}: masker past niet bij de tabel")
    return mask[layout.columns].fillna(False).astype(bool)


def audit_published_counts(
    published: pd.DataFrame, spec: CountTableSpec, primary: pd.DataFrame | None
):
    """The LP attacker's audit of a published count table, rebuilt from its long form alone."""
    wide, layout = to_wide(published, spec)
    mask = None if primary is None else primary_mask(primary, wide, layout, spec)
    return audit_suppression(
        wide,
        region=REGION,
        counts=layout.columns,
        relations=layout.relations(),
        primary=mask,
        protection_width=spec.width,
        threshold=spec.threshold,
        zeros_unsafe=spec.zeros_unsafe,
        file=f"teltabel {spec.name} (gepubliceerd)",
        # pass/fail proven with feasible points: a buurt x month x category table hides ~3,000
        # cells, and exact intervals (two LPs each) would cost ~20 s for the same verdict
        exact=False,
    )
