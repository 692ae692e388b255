"""Cell suppression for count tables: primary rules, secondary suppression, and the audit.

One public entry point, :func:`suppress_cells`. The result keeps the true-value audit in the
functional core; :meth:`CellSuppressionResult.to_metadata` is the only part meant for asset
metadata and data packages and contains counts and widths, never a cell value.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from haarlem_opendata.errors import ProtectionError
from haarlem_opendata.protect.cells.audit import Intervals, feasible_intervals
from haarlem_opendata.protect.cells.model import TableModel, build_model, check_counts
from haarlem_opendata.protect.cells.modular import (
    MAX_DENSE_CELLS,
    largest_block,
    modular_secondary,
)
from haarlem_opendata.protect.cells.repair import widen_by_duals
from haarlem_opendata.protect.cells.room import ensure_room
from haarlem_opendata.protect.cells.rules import apply_rules, default_rules
from haarlem_opendata.protect.cells.secondary import gauss_secondary, publish_priority
from haarlem_opendata.protect.summary import AuditSummary, RulePackInfo, RuleUse, SuppressionSummary
from haarlem_opendata.spec import RegionHierarchySpec, Relation, RulePack, RuleSpec

log = logging.getLogger(__name__)

_NEED_DECIMALS = 6  # far above LP round-off (~1e-9), far below any count (integers)

AUDIT_METHOD = (
    "Per verborgen cel twee lineaire programma's (minimum en maximum, HiGHS) met alle "
    "gepubliceerde waarden, alle optelrelaties en niet-negativiteit"
)


def _audit_frame(
    model: TableModel, iv: Intervals, primary: np.ndarray, which: dict[int, str], width: float
) -> pd.DataFrame:
    rows, cols = np.divmod(iv.cells, model.n_cols)
    is_primary = primary[iv.cells]
    frame = pd.DataFrame(
        {
            "key": [model.keys[r] for r in rows],
            "column": [model.counts[c] for c in cols],
            "lower": iv.lower,
            "upper": iv.upper,
            "width": iv.width,
            "kind": np.where(is_primary, "primary", "secondary"),
            "rule": [which.get(int(c)) for c in iv.cells],
            "exact": iv.exact,
            "wide_enough": np.where(is_primary, iv.width >= width - 1e-9, ~iv.exact),
        }
    )
    return frame


def _failing(iv: Intervals, primary: np.ndarray, required: np.ndarray) -> dict[int, float]:
    """Hidden cells whose interval is too narrow → extra width they still need.

    ``required`` is the protection width for primary cells and for cells forced hidden with a
    width, 1 otherwise; a non-primary cell must not be pinned either. The missing width is rounded
    to ``_NEED_DECIMALS``: it orders and sizes the widening, and LP round-off (which depends on
    the order the LPs were solved in) must not decide which cell is hidden next.
    """
    ok = (iv.width >= required[iv.cells] - 1e-9) & (primary[iv.cells] | ~iv.exact)
    bad = np.flatnonzero(~ok)  # few; the loop over every hidden cell cost 0.6 s per table
    return {
        int(c): round(float(required[c] - w), _NEED_DECIMALS)
        for c, w in zip(iv.cells[bad], iv.width[bad], strict=True)
    }


def _summary(audit: pd.DataFrame, width: float) -> dict[str, Any]:
    """The interval fields a suppression summary and an audit summary share (by field name)."""
    in_model = audit[audit["lower"].notna()]
    prim = in_model[in_model["kind"] == "primary"]

    def finite(x: float) -> float | None:
        return None if not np.isfinite(x) else round(float(x), 6)

    return {
        "n_hidden": len(audit),
        "narrowest": finite(in_model["width"].min()) if len(in_model) else None,
        "narrowest_primary": finite(prim["width"].min()) if len(prim) else None,
        "protection_width": width,
        "primary_wide_enough": bool(prim["wide_enough"].all()),
        "none_exact": bool(not in_model["exact"].any()),
    }


def _forced(
    model: TableModel, force_hidden: Mapping[tuple[str, str], float] | None, file
) -> tuple[np.ndarray, np.ndarray]:
    """Mask and required width of the cells a remedy asks to hide (unknown cells are an error)."""
    forced = np.zeros(model.n_cells, dtype=bool)
    widths = np.zeros(model.n_cells)
    if not force_hidden:
        return forced, widths
    row_of = {k: i for i, k in enumerate(model.keys)}
    col_of = {c: j for j, c in enumerate(model.counts)}
    for (key, column), w in force_hidden.items():
        if key not in row_of or column not in col_of:
            raise ProtectionError(
                f"{file}: te verbergen cel bestaat niet in de tabel (rij {key}, kolom {column})"
            )
        cell = row_of[key] * model.n_cols + col_of[column]
        forced[cell] = True
        widths[cell] = max(widths[cell], float(w))
    return forced, widths


def _known_first(model: TableModel, known: Collection[tuple[str, str]], file):
    """Publication order with ``known`` cells first, the usual order otherwise."""
    if not known:
        return publish_priority
    first, _ = _forced(model, dict.fromkeys(known, 0.0), file)

    def priority(model: TableModel, values: np.ndarray) -> np.ndarray:
        order = publish_priority(model, values)
        return np.concatenate([order[first[order]], order[~first[order]]])

    return priority


@dataclass
class CellSuppressionResult:
    """Suppressed table plus masks and the attacker's audit (true-value detail: core only)."""

    table: pd.DataFrame
    primary: pd.DataFrame
    secondary: pd.DataFrame
    audit: pd.DataFrame
    passed: bool
    protection_width: int
    rules: list[RuleSpec] = field(default_factory=list)
    rule_pack: RulePackInfo | None = None
    n_lps: int = 0

    def summary(self) -> SuppressionSummary:
        """The summary for asset metadata and the data package: counts, widths, rules."""
        used = Counter(r for r in self.audit.loc[self.audit["kind"] == "primary", "rule"] if r)
        descriptions = {r.id: r.description for r in self.rules}
        return SuppressionSummary(
            n_primary=int(self.primary.to_numpy().sum()),
            n_secondary=int(self.secondary.to_numpy().sum()),
            **_summary(self.audit, self.protection_width),
            passed=bool(self.passed),
            audit_method=AUDIT_METHOD,
            rules=[
                RuleUse(id=rid, description=descriptions.get(rid, ""), n_cells=int(n))
                for rid, n in sorted(used.items())
            ],
            rule_pack=self.rule_pack,
        )

    def to_metadata(self) -> dict:
        """JSON-safe form of :meth:`summary`, with the published keys."""
        return self.summary().to_dict()


def _rule_list(
    rules, counts, threshold, zeros_unsafe, columns
) -> tuple[list[RuleSpec], RulePackInfo | None]:
    pack_info = None
    explicit: list[RuleSpec] = []
    for item in rules or []:
        if isinstance(item, RulePack):
            explicit.extend(item.for_table(columns))
            pack_info = RulePackInfo(
                name=item.name, version=item.version, not_applied=item.not_applied(columns)
            )
        else:
            explicit.append(item)
    return explicit + default_rules(counts, threshold, zeros_unsafe), pack_info


def suppress_cells(
    table: pd.DataFrame,
    *,
    region: RegionHierarchySpec | None,
    counts: list[str],
    relations: Sequence[Relation] = (),
    rules: list[RuleSpec | RulePack] | None = None,
    threshold: int = 10,
    zeros_unsafe: bool = False,
    protection_width: int | None = None,
    file: str | Path = "<tabel>",
    max_rounds: int = 1000,
    force_hidden: Mapping[tuple[str, str], float] | None = None,
    known: Collection[tuple[str, str]] = (),
) -> CellSuppressionResult:
    """Hide unsafe cells and enough others that no hidden count can be recomputed.

    ``rules`` may mix :class:`RuleSpec` items and whole :class:`RulePack` s; a frequency rule
    (``0 < n < threshold``, zeros too when ``zeros_unsafe``) always applies to every count column.
    Rules on non-count columns (averages with a base) hide those cells too; they are not in any
    relation, so they need no secondary suppression.

    ``force_hidden`` maps (row key, count column) to a width: those cells are hidden too, and their
    interval kept at least that wide — the remedies against linking (a cell hidden in an earlier
    version of the same period stays hidden; a cell through which another publication reveals a
    small part gets the protection width). They count as secondary. ``known`` (row key, column)
    are cells an earlier version of the same period already published with today's value: hiding
    them protects nothing, so secondary suppression offers them for publication first. Raises
    :class:`InputError` on negative, missing or non-integer counts, relations that do not add up, or
    a region without parent.
    """
    counts = list(counts)
    relations = [r if isinstance(r, Relation) else Relation.model_validate(r) for r in relations]
    width = protection_width if protection_width is not None else threshold
    model = build_model(table, region=region, counts=counts, relations=relations, file=file)
    values = check_counts(table, model, file=file)
    rule_list, pack_info = _rule_list(rules, counts, threshold, zeros_unsafe, list(table.columns))
    mask, which = apply_rules(table, rule_list, file=file)
    extra = [c for c in mask.columns if c not in counts]
    primary = mask[counts].to_numpy().ravel()
    rule_of = {
        int(i): str(r) for i, r in enumerate(which[counts].to_numpy().ravel()) if isinstance(r, str)
    }
    forced, forced_width = _forced(model, force_hidden, file)
    protect = primary | forced
    # Gaussian elimination per block where it fits in memory and time, sub-tables otherwise.
    modular = largest_block(model) > MAX_DENSE_CELLS
    first = _forced(model, dict.fromkeys(known, 0.0), file)[0] if known else None
    secondary = (
        modular_secondary(model, values, protect, width, first=first)
        if modular
        else gauss_secondary(model, values, protect, priority=_known_first(model, known, file))
    )
    secondary |= forced & ~primary
    if modular:
        # Large tables: give each small cell room in its relations before the LPs, then restore
        # linear safety for what that hid (see room.py and modular.py).
        room = ensure_room(model, values, primary | secondary, primary, width)
        secondary |= room
        rows = set((np.flatnonzero(room) // model.n_cols).tolist())
        secondary |= modular_secondary(
            model, values, primary | secondary, width, changed_rows=rows, first=first
        )

    required = np.maximum(np.where(primary, float(width), 1.0), forced_width)
    proven = np.zeros(model.n_cells, dtype=bool)  # hiding more never narrows an interval
    rounds = 0
    while True:
        hidden = np.flatnonzero(primary | secondary)
        # Cheap pass first: feasible points that prove intervals wide enough; then exact LPs.
        todo = np.where(proven[hidden], 0.0, required[hidden])
        iv = feasible_intervals(model.A, values, hidden, required=todo)
        failing = {c: w for c, w in _failing(iv, primary, required).items() if not proven[c]}
        proven[hidden] = True
        proven[list(failing)] = False
        if not failing and modular:
            # Certify every hidden cell at once with feasible points (not exact intervals): in a
            # large table those cost thousands of LPs, and the blocking check computes them
            # from the published table anyway.
            iv = feasible_intervals(model.A, values, hidden, required=required[hidden])
            failing = _failing(iv, primary, required)
            if not failing:
                break
            proven[list(failing)] = False
        if not failing:
            iv = feasible_intervals(model.A, values, hidden)
            failing = _failing(iv, primary, required)
            if not failing:
                break
            proven[list(failing)] = False
        added = widen_by_duals(model, values, primary | secondary, iv, failing, spread=modular)
        if not added or rounds >= max_rounds:
            iv = feasible_intervals(model.A, values, hidden)
            break
        secondary[added] = True
        if modular:
            # A cell widening hid may be the only hidden cell of another relation; in a large
            # table that happens often, so linear safety is restored sub-table by sub-table.
            rows = set((np.asarray(added) // model.n_cols).tolist())
            secondary |= modular_secondary(
                model, values, primary | secondary, width, changed_rows=rows, first=first
            )
        rounds += 1
        log.debug("ronde %d: %d te smal, %d extra verborgen", rounds, len(failing), len(added))

    audit = _audit_frame(model, iv, primary, rule_of, width)
    passed = bool(audit["wide_enough"].all())
    if extra:
        ex_rows = []
        for col in extra:
            for i in np.flatnonzero(mask[col].to_numpy()):
                ex_rows.append(
                    {
                        "key": model.keys[i],
                        "column": col,
                        "lower": np.nan,
                        "upper": np.nan,
                        "width": np.nan,
                        "kind": "primary",
                        "rule": which[col].iloc[i],
                        "exact": False,
                        "wide_enough": True,
                    }
                )
        if ex_rows:
            audit = pd.concat([audit, pd.DataFrame(ex_rows)], ignore_index=True)

    prim_df = pd.DataFrame(
        primary.reshape(model.n_rows, model.n_cols), index=table.index, columns=counts
    )
    sec_df = pd.DataFrame(
        secondary.reshape(model.n_rows, model.n_cols), index=table.index, columns=counts
    )
    for col in extra:
        prim_df[col] = mask[col].to_numpy()
        sec_df[col] = False
    out = table.copy()
    for col in counts:
        out[col] = pd.array(out[col].to_numpy(), dtype="Int64")
        out.loc[(prim_df[col] | sec_df[col]).to_numpy(), col] = pd.NA
    for col in extra:
        out[col] = out[col].mask(prim_df[col].to_numpy())
    return CellSuppressionResult(
        table=out,
        primary=prim_df,
        secondary=sec_df,
        audit=audit,
        passed=passed,
        protection_width=int(width),
        rules=rule_list,
        rule_pack=pack_info,
        n_lps=iv.n_lps,
    )


@dataclass
class AuditReport:
    """The attacker's view of a published table (no true values involved)."""

    intervals: pd.DataFrame
    passed: bool
    protection_width: int
    unsafe_published: list[tuple[str, str]]
    n_lps: int
    exact: bool = True

    def summary(self) -> AuditSummary:
        return AuditSummary(
            **_summary(self.intervals, self.protection_width),
            intervals="exact"
            if self.exact
            else "ondergrens: bewezen met haalbare oplossingen, niet exact uitgerekend",
            n_unsafe_published=len(self.unsafe_published),
            passed=bool(self.passed),
            audit_method=AUDIT_METHOD,
        )

    def to_metadata(self) -> dict:
        return self.summary().to_dict()


def audit_suppression(
    published: pd.DataFrame,
    *,
    region: RegionHierarchySpec | None,
    counts: list[str],
    relations: Sequence[Relation] = (),
    primary: pd.DataFrame | None = None,
    protection_width: int = 10,
    threshold: int | None = None,
    zeros_unsafe: bool = False,
    file: str | Path = "<gepubliceerde tabel>",
    exact: bool = True,
) -> AuditReport:
    """Audit a published table the way an attacker would: only published values, relations, ≥ 0.

    Missing count cells are the hidden ones. With ``primary`` (mask aligned to ``counts``), those
    cells must have an interval of at least ``protection_width``; every hidden cell must not be
    pinned to one integer. With ``threshold``, a published count with ``0 < n < threshold`` (or 0
    when ``zeros_unsafe``) fails the audit too. Usable as a blocking asset check on its own.

    ``exact=False`` proves the same pass/fail with feasible points instead of two LPs per cell
    (widths reported are then proven lower bounds): for tables with thousands of hidden cells.
    """
    counts = list(counts)
    relations = [r if isinstance(r, Relation) else Relation.model_validate(r) for r in relations]
    model = build_model(published, region=region, counts=counts, relations=relations, file=file)
    y = np.column_stack(
        [pd.to_numeric(published[c], errors="coerce").to_numpy(dtype=float) for c in counts]
    ).ravel()
    hidden = np.flatnonzero(np.isnan(y))
    prim = (
        primary[counts].to_numpy(dtype=bool).ravel()
        if primary is not None
        else np.zeros(model.n_cells, dtype=bool)
    )
    if (prim & ~np.isnan(y)).any():
        i = int(np.flatnonzero(prim & ~np.isnan(y))[0])
        raise ProtectionError(
            f"{file}: primair onveilige cel is gepubliceerd (rij {model.keys[i // model.n_cols]}, "
            f"kolom {counts[i % model.n_cols]})"
        )
    required = None if exact else np.where(prim[hidden], float(protection_width), 1.0)
    iv = feasible_intervals(model.A, y, hidden, required=required)
    frame = _audit_frame(model, iv, prim, {}, protection_width)
    unsafe: list[tuple[str, str]] = []
    if threshold is not None:
        shown = ~np.isnan(y)
        small = shown & (y > 0) & (y < threshold)
        if zeros_unsafe:
            small |= shown & (y == 0)
        unsafe = [
            (model.keys[i // model.n_cols], counts[i % model.n_cols]) for i in np.flatnonzero(small)
        ]
    passed = bool(frame["wide_enough"].all()) and not unsafe
    return AuditReport(frame, passed, int(protection_width), unsafe, iv.n_lps, exact)
