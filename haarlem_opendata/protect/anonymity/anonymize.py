"""``k_anonymize``: the one public entry point — encode, search, publish the chosen node.

Rows are touched three times only: to encode each quasi-identifier, to group rows into distinct
combinations once, and to write the generalised columns of the chosen node. Everything between
works on the distinct-combination table (see ``search``).
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from haarlem_opendata.errors import InputError, ProtectionError
from haarlem_opendata.protect.anonymity.diversity import achieved_l, anonymity_summary
from haarlem_opendata.protect.anonymity.hierarchy import EncodedQI, Hierarchy, build_hierarchy
from haarlem_opendata.protect.anonymity.metrics import METRICS, qi_costs
from haarlem_opendata.protect.anonymity.search import (
    DiversityRule,
    LatticeSearch,
    Table,
    group_codes,
)
from haarlem_opendata.protect.summary import GlobalAnonymitySummary
from haarlem_opendata.spec import AnonymitySpec, LDiversitySpec

DEFAULT_BASE_DIR = Path("datasets")


@dataclass
class AnonymizationResult:
    """The published table and what it cost.

    ``data`` keeps the input index (suppressed rows removed) so callers can align other columns;
    quasi-identifier columns hold categorical labels of the chosen level (a geo QI replaces its
    x/y columns by one label column named after the QI).
    """

    data: pd.DataFrame
    levels: dict[str, int]
    level_names: dict[str, str]
    suppressed: int
    records_in: int
    information_loss: float
    metric: str
    k: int
    k_requested: int
    l: dict[str, float] = field(default_factory=dict)
    l_diversity: list[LDiversitySpec] = field(default_factory=list)
    max_suppression: float = 0.0
    nodes_evaluated: int = 0
    lattice_size: int = 0
    weights: dict[str, float] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)  # seconds per stage; not in metadata

    @property
    def quasi_identifier_columns(self) -> list[str]:
        return list(self.levels)

    def summary(self) -> GlobalAnonymitySummary:
        """The summary for asset metadata and the data package; no raw values."""
        return GlobalAnonymitySummary(
            **anonymity_summary(
                k_requested=self.k_requested,
                k_achieved=self.k,
                l_diversity=self.l_diversity,
                l_achieved=self.l,
                records_in=self.records_in,
                suppressed=self.suppressed,
                max_suppression=self.max_suppression,
                information_loss=self.information_loss,
                metric=self.metric,
                weights=self.weights,
            ),
            levels=dict(self.levels),
            level_labels=dict(self.level_names),
            # one level per quasi-identifier: every published record is at it (same key as local)
            level_shares={q: {str(name): 1.0} for q, name in self.level_names.items()},
            nodes_evaluated=self.nodes_evaluated,
            lattice_size=self.lattice_size,
        )

    def to_metadata(self) -> dict[str, Any]:
        return self.summary().to_dict()


def k_anonymize(
    df: pd.DataFrame,
    *,
    quasi_identifiers: Mapping[str, Any],
    k: int,
    max_suppression: float = 0.0,
    l_diversity: list[LDiversitySpec] | None = None,
    metric: str = "loss",
    weights: Mapping[str, float] | None = None,
    base_dir: str | Path = DEFAULT_BASE_DIR,
    source: str = "<data>",
) -> AnonymizationResult:
    """Optimal full-domain generalisation of ``df`` to k-anonymity (and l-diversity).

    ``quasi_identifiers`` maps the published column name to a hierarchy spec (see ``config``) or a
    built :class:`Hierarchy`; hierarchy files are resolved against ``base_dir``. Returns the node of
    the lattice with the lowest ``metric`` information loss among those where suppressing the
    records of failing classes removes at most ``max_suppression`` of the records. ``weights``
    (default 1 per quasi-identifier) scale each attribute's share of the loss, so a steward can say
    that location detail matters more than time detail. ``source`` names the input in error
    messages. Raises :class:`ProtectionError` when no safe table exists and
    :class:`InputError` for data the hierarchies cannot place.
    """
    rules_in = list(l_diversity or [])
    n = len(df)
    if metric not in METRICS:
        raise ValueError(f"unknown information-loss metric {metric!r}; use one of {METRICS}")
    if k < 1:
        raise ValueError("k must be at least 1")
    if not 0.0 <= max_suppression < 1.0:
        raise ValueError("max_suppression must be in [0, 1)")
    if not quasi_identifiers:
        raise ValueError("at least one quasi-identifier is needed")
    weights = dict(weights or {})
    unknown = set(weights) - set(quasi_identifiers)
    if unknown or any(w <= 0 for w in weights.values()):
        raise ValueError(f"weights must be positive and name quasi-identifiers; got {weights}")
    if k > n:
        raise ProtectionError(
            f"{source}: k={k} is larger than the table ({n} records); nothing can be published"
        )

    started = time.perf_counter()
    hierarchies: dict[str, Hierarchy] = {
        name: build_hierarchy(spec, base_dir) for name, spec in quasi_identifiers.items()
    }
    qis: list[EncodedQI] = []
    for name, hierarchy in hierarchies.items():
        qis.append(hierarchy.encode(df, name, source))

    sens_codes = []
    sens_columns = list(dict.fromkeys(rule.column for rule in rules_in))
    for column in sens_columns:
        if column not in df.columns:
            raise InputError(source, "sensitive column is missing", column=column)
        sens_codes.append(pd.factorize(df[column], use_na_sentinel=False)[0].astype(np.int64))

    # Group rows into distinct (QI codes, sensitive values) combinations, once.
    if sens_codes:
        combo_rows, n_combo = group_codes(sens_codes, [int(c.max()) + 1 for c in sens_codes])
        combo_first = np.empty(n_combo, dtype=np.int64)
        combo_first[combo_rows] = np.arange(n)
        combo_values = np.column_stack([c[combo_first] for c in sens_codes])
    else:
        combo_rows = np.zeros(n, dtype=np.int64)
        combo_values = np.zeros((1, 0), dtype=np.int64)
    row_distinct, m = group_codes(
        [qi.row_codes for qi in qis] + [combo_rows],
        [qi.domain_size for qi in qis] + [len(combo_values)],
    )
    first = np.empty(m, dtype=np.int64)
    first[row_distinct] = np.arange(n)
    counts = np.bincount(row_distinct, minlength=m).astype(np.int64)
    base = Table(
        tuple(0 for _ in qis),
        np.column_stack([qi.row_codes[first] for qi in qis]),
        combo_rows[first],
        counts,
    )
    costs = [
        qi_costs(qi, np.bincount(qi.row_codes, minlength=qi.domain_size), metric).scaled(
            weights.get(qi.name, 1.0)
        )
        for qi in qis
    ]
    rules = [DiversityRule(sens_columns.index(r.column), r.kind, r.l, r.c) for r in rules_in]
    budget = int(np.floor(max_suppression * n + 1e-9))
    search = LatticeSearch(qis, base, combo_values, costs, k, budget, rules)
    encoded = time.perf_counter()
    try:
        found = search.run()
    except ValueError as exc:
        raise ProtectionError(f"{source}: {exc}") from exc

    if found.levels is None:
        least_levels = dict(
            zip([qi.name for qi in qis], found.least_suppression_levels or (), strict=False)
        )
        raise ProtectionError(
            f"{source}: no generalisation reaches k={k}"
            + (
                f" with {', '.join(f'{r.kind} l={r.l} on {r.column!r}' for r in rules_in)}"
                if rules_in
                else ""
            )
            + f" within the suppression budget of {max_suppression:.2%} ({budget} records); "
            f"the best achievable needs {found.least_suppression / n:.2%} suppression "
            f"({found.least_suppression} records, levels {least_levels})"
        )

    searched = time.perf_counter()
    # Publish the chosen node: one exact evaluation from the distinct table gives every
    # distinct combination's class, and whether that class is suppressed.
    final = search.evaluate(found.levels, source=base)
    keep_distinct = ~final.class_fail[final.row_class]
    keep = keep_distinct[row_distinct]
    out = _generalised_frame(df, qis, found.levels, keep)

    kept_classes = ~final.class_fail
    achieved_k = int(final.class_size[kept_classes].min()) if kept_classes.any() else 0
    achieved: dict[str, float] = {}
    for rule in rules_in:
        idx = sens_columns.index(rule.column)
        values = combo_values[base.combo, idx]
        mask = keep_distinct
        cls, n_cls = final.row_class[mask], int(final.class_size.shape[0])
        pid, n_pairs = group_codes([cls, values[mask]], [n_cls, int(values.max()) + 1])
        pair_first = np.empty(n_pairs, dtype=np.int64)
        pair_first[pid] = np.arange(len(pid))
        pair_count = np.bincount(pid, weights=counts[mask], minlength=n_pairs)
        remap, n_kept = group_codes([cls[pair_first]], [n_cls])
        achieved[rule.column] = min(
            achieved.get(rule.column, np.inf),
            achieved_l(remap, pair_count, n_kept, rule.kind, rule.c),
        )
    return AnonymizationResult(
        data=out,
        levels={qi.name: lvl for qi, lvl in zip(qis, found.levels, strict=True)},
        level_names={
            qi.name: qi.level_names[lvl] for qi, lvl in zip(qis, found.levels, strict=True)
        },
        suppressed=int(n - keep.sum()),
        records_in=n,
        information_loss=float(found.loss or 0.0),
        metric=metric,
        k=achieved_k,
        k_requested=k,
        l=achieved,
        l_diversity=rules_in,
        max_suppression=max_suppression,
        nodes_evaluated=search.evaluations,
        lattice_size=found.lattice_size,
        weights={qi.name: float(weights.get(qi.name, 1.0)) for qi in qis},
        timings={
            "encode_s": encoded - started,
            "search_s": searched - encoded,
            "publish_s": time.perf_counter() - searched,
        },
    )


def _generalised_frame(
    df: pd.DataFrame, qis: list[EncodedQI], levels: tuple[int, ...], keep: np.ndarray
) -> pd.DataFrame:
    """Other columns copied for kept rows only; QI inputs replaced by categorical labels in
    place."""
    all_kept = bool(keep.all())
    replaced = {c for qi in qis for c in (*qi.input_columns, qi.name)}
    others = [c for c in df.columns if c not in replaced]
    rest = df[others] if all_kept else df.loc[keep, others]
    index = df.index if all_kept else df.index[keep]
    generalised: dict[str, pd.Categorical] = {}
    for qi, level in zip(qis, levels, strict=True):
        codes = qi.level_maps[level][qi.row_codes if all_kept else qi.row_codes[keep]]
        generalised[qi.name] = pd.Categorical.from_codes(
            codes, categories=pd.Index(qi.labels(level))
        )
    owner = {c: qi.name for qi in qis for c in qi.input_columns}
    order: list[str] = []
    for column in df.columns:
        name = owner.get(column, column)
        if name not in order:
            order.append(name)
    order += [name for name in generalised if name not in order]
    out = rest.copy(deep=False)
    out.index = index
    for position, name in enumerate(order):
        if name in generalised:
            out.insert(position, name, generalised[name])
    return out


def k_anonymize_spec(
    df: pd.DataFrame,
    spec: AnonymitySpec,
    base_dir: str | Path = DEFAULT_BASE_DIR,
    source: str = "<data>",
) -> AnonymizationResult:
    """:func:`k_anonymize` driven by a dataset spec's ``protection.anonymity`` block."""
    return k_anonymize(
        df,
        quasi_identifiers=spec.quasi_identifiers,
        k=spec.k,
        max_suppression=spec.max_suppression,
        l_diversity=spec.l_diversity,
        metric=spec.metric,
        weights=spec.weights,
        base_dir=base_dir,
        source=source,
    )
