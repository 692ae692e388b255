"""A corrected count table for a period that is already public: keep the pattern, audit it together.

Release differencing: a cell hidden in version 1.1 but published in 1.0 is simply read from 1.0,
and with it whatever the 1.1 pattern was meant to protect. So a new version of the same period
(1) keeps every cell hidden that an earlier version hid — the pattern only grows —,
(2) chooses new secondary suppressions among cells not already public (an unchanged cell an
earlier version published protects nothing when hidden now), and (3) is audited the way an attacker
with every version sees it: a cell hidden now but published earlier with the same value counts as
published. If that audit fails, nothing is published.

A primary cell an earlier version already published with the same value cannot be taken back by
hiding it now; it is counted (``n_al_openbaar``) so the steward can withdraw that version, and the
audit does not pretend to protect it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from haarlem_opendata.errors import ProtectionError
from haarlem_opendata.protect.cells.suppress import AuditReport, audit_suppression
from haarlem_opendata.protect.summary import VersionsSummary
from haarlem_opendata.spec import CellProtectionSpec


@dataclass(frozen=True)
class EarlierTable:
    """An earlier version of the same period, as the public downloads it (strings)."""

    label: str  # e.g. "buurtcijfers 1.0.0"
    table: pd.DataFrame


def _key_column(spec: CellProtectionSpec, key_column: str) -> str:
    return spec.region.code_column if spec.region is not None else key_column


def _model_keys(table: pd.DataFrame, spec: CellProtectionSpec, key_column: str) -> dict[str, str]:
    """Published key → the suppression model's row key (region code, or the row index)."""
    column = _key_column(spec, key_column)
    published = [str(v).strip() for v in table[column]]
    if spec.region is not None:
        return {k: k for k in published}
    return {k: str(i) for k, i in zip(published, table.index, strict=True)}


def _cells(frame: pd.DataFrame, column: str) -> pd.Series:
    return pd.to_numeric(frame[column].replace("", np.nan), errors="coerce")


def stable_pattern(
    table: pd.DataFrame, earlier: list[EarlierTable], spec: CellProtectionSpec, key_column: str
) -> dict[tuple[str, str], float]:
    """Cells of ``table`` an earlier version hid, as ``suppress_cells(force_hidden=…)`` takes
    them."""
    model_key = _model_keys(table, spec, key_column)
    column = _key_column(spec, key_column)
    forced: dict[tuple[str, str], float] = {}
    for version in earlier:
        keys = version.table[column].astype(str).str.strip()
        for count in spec.counts:
            if count not in version.table.columns:
                continue
            hidden = _cells(version.table, count).isna().to_numpy()
            for key in keys[hidden]:
                if key in model_key:
                    forced[(model_key[key], count)] = 1.0
    return forced


def known_cells(
    table: pd.DataFrame, earlier: list[EarlierTable], spec: CellProtectionSpec, key_column: str
) -> set[tuple[str, str]]:
    """Cells an earlier version published with the value ``table`` has now: public already."""
    model_key = _model_keys(table, spec, key_column)
    column = _key_column(spec, key_column)
    keys = table[column].astype(str).str.strip().tolist()
    known: set[tuple[str, str]] = set()
    for version in earlier:
        old = version.table.assign(_k=version.table[column].astype(str).str.strip())
        old = old.drop_duplicates("_k").set_index("_k")
        for count in spec.counts:
            if count not in old.columns:
                continue
            before = _cells(old, count).reindex(keys).to_numpy()
            now = pd.to_numeric(table[count], errors="coerce").to_numpy(dtype=float)
            for i in np.flatnonzero(~np.isnan(before) & (before == now)):
                known.add((model_key[keys[i]], count))
    return known


@dataclass
class VersionAudit:
    versions: list[str]
    n_stable: int
    n_known: int
    n_already_public: int
    report: AuditReport

    @property
    def passed(self) -> bool:
        return self.report.passed

    def summary(self) -> VersionsSummary:
        return VersionsSummary(
            versions=self.versions,
            n_stable=self.n_stable,
            n_known=self.n_known,
            n_already_public=self.n_already_public,
            passed=self.passed,
        )

    def to_metadata(self) -> dict:
        return self.summary().to_dict()


def audit_with_earlier(
    true_table: pd.DataFrame,
    published: pd.DataFrame,
    primary: pd.DataFrame,
    earlier: list[EarlierTable],
    spec: CellProtectionSpec,
    *,
    key_column: str,
    n_stable: int,
    file: str,
) -> VersionAudit:
    """The attacker's audit of ``published`` with every earlier version's published values."""
    column = _key_column(spec, key_column)
    seen = published.copy()
    prim = primary[spec.counts].copy().astype(bool)
    keys = seen[column].astype(str).str.strip().tolist()
    known = already = 0
    for version in earlier:
        old = version.table.assign(_k=version.table[column].astype(str).str.strip())
        old = old.drop_duplicates("_k").set_index("_k")
        for count in spec.counts:
            if count not in old.columns:
                continue
            earlier_value = _cells(old, count).reindex(keys).to_numpy()
            now = pd.to_numeric(seen[count], errors="coerce").to_numpy(dtype=float)
            truth = pd.to_numeric(true_table[count], errors="coerce").to_numpy(dtype=float)
            same = np.isnan(now) & ~np.isnan(earlier_value) & (earlier_value == truth)
            if not same.any():
                continue
            public = same & prim[count].to_numpy()
            already += int(public.sum())
            known += int((same & ~public).sum())
            prim.loc[public, count] = False
            filled = pd.array(now, dtype="Float64")
            filled[same] = earlier_value[same]
            seen[count] = filled
    report = audit_suppression(
        seen,
        region=spec.region,
        counts=spec.counts,
        relations=spec.relations,
        primary=prim,
        protection_width=spec.width,
        file=file,
        exact=False,
    )
    return VersionAudit([v.label for v in earlier], n_stable, known, already, report)


def version_error(file: str, audit: VersionAudit) -> ProtectionError:
    failing = audit.report.intervals[~audit.report.intervals["wide_enough"]]
    where = ""
    if len(failing):
        row = failing.iloc[0]
        where = f" (rij {row['key']}, kolom {row['column']})"
    return ProtectionError(
        f"{file}: samen met {', '.join(audit.versions)} (zelfde periode) is een verborgen cel "
        f"terug te rekenen{where}; niets wordt gepubliceerd"
    )
