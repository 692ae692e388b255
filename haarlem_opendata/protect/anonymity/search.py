"""Optimal full-domain generalisation: best-first search over the lattice of level vectors.

Works on the table of distinct (quasi-identifier codes, sensitive values) combinations with their
counts, never on rows; a node is evaluated by mapping codes up through integer lookup arrays and
regrouping the encoded integers, starting from the smallest already-evaluated specialisation
(roll-up), so the cost depends on the number of distinct combinations, not records.

Pruning, all exact:
- *bound*: the metric's separable part is a lower bound on a node's loss (suppressed records are
  charged as fully generalised), so visiting nodes in increasing bound order lets the search stop
  once the bound exceeds the best loss found;
- *pair bound*: a class lies inside its group on any two quasi-identifiers, so records in pair
  groups smaller than k must be suppressed; nodes where that alone exceeds the budget fail;
- *predictive tagging down*: records in classes smaller than k can only shrink when generalising,
  so if a node needs more suppression than the budget for k alone, all its specialisations do too
  (the same holds for the full criterion with distinct l-diversity or without suppression);
- *predictive tagging up*: a node whose classes all pass without suppression passes with every
  generalisation too (classes merge; k and all l-diversity variants are monotone under merging),
  so its loss equals the bound and needs no evaluation.

"Specialisation" is the refinement order measured on the data (``EncodedQI.refinement``), not
the bare level order, so hierarchies with levels that do not nest (grid cells vs buurten) stay
exact: nothing is inferred across a pair of levels that does not nest.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from haarlem_opendata.protect.anonymity.diversity import (
    class_diversity_ok,
    monotone_with_suppression,
)
from haarlem_opendata.protect.anonymity.hierarchy import EncodedQI
from haarlem_opendata.protect.anonymity.metrics import QICosts

MAX_LATTICE = 2_000_000
EPS = 1e-9
_RADIX_LIMIT = 1 << 62


@dataclass
class DiversityRule:
    sensitive_index: int
    kind: str
    l: int
    c: float | None


@dataclass
class Table:
    """Distinct combinations: ``codes[:, q]`` at the table's levels, ``combo`` sensitive combo."""

    levels: tuple[int, ...]
    codes: np.ndarray
    combo: np.ndarray
    counts: np.ndarray


@dataclass
class Evaluation:
    table: Table
    row_class: np.ndarray  # class of each row of the *source* table
    class_size: np.ndarray
    class_fail: np.ndarray
    k_suppressed: int
    suppressed: int
    extra_cost: float


@dataclass
class SearchResult:
    levels: tuple[int, ...] | None
    loss: float | None
    suppressed: int
    nodes_evaluated: int
    lattice_size: int
    least_suppression: int = 0
    least_suppression_levels: tuple[int, ...] | None = None
    stats: dict = field(default_factory=dict)


def group_codes(columns: list[np.ndarray], radices: list[int]) -> tuple[np.ndarray, int]:
    """Dense group ids for rows of integer columns (mixed radix, compressing before overflow).

    When the key space is small relative to the rows, ids come from a presence array and a
    cumulative sum (no hashing); otherwise from ``pd.factorize``.
    """
    n = len(columns[0]) if columns else 0
    if not columns:
        return np.zeros(n, dtype=np.int64), 1 if n else 0
    space = 1
    for radix in radices:
        space *= max(radix, 1)
    if space <= 4 * n + 1024:
        key = np.zeros(n, dtype=np.int64)
        for column, radix in zip(columns, radices, strict=True):
            key *= max(radix, 1)
            key += column
        present = np.zeros(space, dtype=np.int64)
        present[key] = 1
        ids = np.cumsum(present) - 1
        return ids[key], int(ids[-1]) + 1 if space else 0
    key = columns[0].astype(np.int64, copy=False)
    span = max(radices[0], 1)
    for column, radix in zip(columns[1:], radices[1:], strict=True):
        radix = max(radix, 1)
        if span * radix >= _RADIX_LIMIT:
            key, uniques = pd.factorize(key)
            span = len(uniques)
        key = key * radix + column
        span *= radix
    ids, uniques = pd.factorize(key)
    return ids.astype(np.int64, copy=False), len(uniques)


class LatticeSearch:
    def __init__(
        self,
        qis: list[EncodedQI],
        base: Table,
        combo_values: np.ndarray,
        costs: list[QICosts],
        k: int,
        max_suppressed: int,
        rules: list[DiversityRule],
    ):
        self.qis = qis
        self.base = base
        self.combo_values = combo_values  # combo code -> per sensitive column code
        self.costs = costs
        self.k = k
        self.budget = max_suppressed
        self.rules = rules
        self.max_cost = float(sum(c.base[-1] for c in costs))
        self.monotone = max_suppressed == 0 or all(monotone_with_suppression(r.kind) for r in rules)
        self._up: dict[tuple[int, int, int], np.ndarray] = {}
        self._refines = [qi.refinement() for qi in qis]
        self._cache: list[Table] = [base]
        self._cache_levels = np.array([base.levels], dtype=np.int64).reshape(1, len(qis))
        self._cache_rows = np.array([len(base.counts)], dtype=np.int64)
        self._cache_rows_cap = 4 * max(len(base.counts), 1)
        self.evaluations = 0

    def _up_map(self, q: int, src: int, dst: int) -> np.ndarray:
        key = (q, src, dst)
        if key not in self._up:
            self._up[key] = self.qis[q].up_map(src, dst)
        return self._up[key]

    def _source_for(self, levels: tuple[int, ...]) -> Table:
        """The smallest cached table that refines ``levels`` (the base table always does)."""
        usable = np.ones(len(self._cache), dtype=bool)
        for q, level in enumerate(levels):
            usable &= self._refines[q][self._cache_levels[:, q], level]
        sizes = np.where(usable, self._cache_rows, np.iinfo(np.int64).max)
        return self._cache[int(np.argmin(sizes))]

    def _remember(self, table: Table) -> None:
        if len(table.counts) > len(self.base.counts) // 2:
            return
        self._cache.append(table)
        self._cache_levels = np.vstack([self._cache_levels, np.asarray(table.levels)])
        self._cache_rows = np.append(self._cache_rows, len(table.counts))
        while self._cache_rows[1:].sum() > self._cache_rows_cap:
            largest = 1 + int(np.argmax(self._cache_rows[1:]))
            del self._cache[largest]
            self._cache_levels = np.delete(self._cache_levels, largest, axis=0)
            self._cache_rows = np.delete(self._cache_rows, largest)

    def evaluate(self, levels: tuple[int, ...], source: Table | None = None) -> Evaluation:
        self.evaluations += 1
        src = source if source is not None else self._source_for(levels)
        gen = [
            self._up_map(q, src.levels[q], lvl)[src.codes[:, q]]
            if src.levels[q] != lvl
            else src.codes[:, q]
            for q, lvl in enumerate(levels)
        ]
        radices = [qi.cardinality(lvl) for qi, lvl in zip(self.qis, levels, strict=True)]
        row_class, n_classes = group_codes(gen, radices)
        class_size = np.bincount(row_class, weights=src.counts, minlength=n_classes).astype(
            np.int64
        )
        small = class_size < self.k
        k_suppressed = int(class_size[small].sum())

        if self.rules:
            n_combo = len(self.combo_values)
            row_pair, n_rows = group_codes([row_class, src.combo], [n_classes, n_combo])
        else:
            row_pair, n_rows = row_class, n_classes
        first = np.empty(n_rows, dtype=np.int64)
        first[row_pair] = np.arange(len(row_pair))
        counts = np.bincount(row_pair, weights=src.counts, minlength=n_rows).astype(np.int64)
        codes = np.column_stack([g[first] for g in gen]) if gen else np.zeros((n_rows, 0), np.int64)
        table = Table(levels, codes, src.combo[first], counts)
        table_class = row_class[first]

        fail = small.copy()
        for rule in self.rules:
            values = self.combo_values[table.combo, rule.sensitive_index]
            if len(self.combo_values[0]) == 1:
                pair_class, pair_count = table_class, counts.astype(float)
            else:
                pid, n_pairs = group_codes(
                    [table_class, values],
                    [n_classes, int(self.combo_values[:, rule.sensitive_index].max()) + 1],
                )
                pair_first = np.empty(n_pairs, dtype=np.int64)
                pair_first[pid] = np.arange(len(pid))
                pair_class = table_class[pair_first]
                pair_count = np.bincount(pid, weights=counts, minlength=n_pairs)
            fail |= ~class_diversity_ok(
                pair_class, pair_count, n_classes, rule.kind, rule.l, rule.c
            )
        suppressed = int(class_size[fail].sum())

        extra = 0.0
        if suppressed:
            rows = fail[table_class]
            per_row = np.zeros(int(rows.sum()))
            for q, lvl in enumerate(levels):
                per_row += self.costs[q].gain[lvl][codes[rows, q]]
            extra = float(per_row @ counts[rows])

        self._remember(table)
        return Evaluation(table, row_class, class_size, fail, k_suppressed, suppressed, extra)

    def pair_bounds(self, nodes: np.ndarray) -> np.ndarray:
        """Per node, a lower bound on the records k-anonymity must suppress.

        A class is contained in the group of its values on any two quasi-identifiers, so records in
        pair groups smaller than k are suppressed whatever the other attributes do. Pair tables are
        tiny (one bincount per pair of levels), and the bound settles most clearly failing nodes
        without evaluating them.
        """
        q = len(self.qis)
        bound = np.zeros(len(nodes), dtype=np.int64)
        codes, counts = self.base.codes, self.base.counts.astype(float)
        pairs = [(a, b) for a in range(q) for b in range(a + 1, q)] if q > 1 else [(0, 0)]
        for a, b in pairs:
            qa, qb = self.qis[a], self.qis[b]
            # collapse the distinct table onto this pair once; all level pairs work on that
            pair_ids, n_pair = group_codes(
                [codes[:, a], codes[:, b]], [qa.domain_size, qb.domain_size]
            )
            first = np.empty(n_pair, dtype=np.int64)
            first[pair_ids] = np.arange(len(pair_ids))
            ca, cb = codes[first, a], codes[first, b]
            pair_counts = np.bincount(pair_ids, weights=counts, minlength=n_pair)
            table = np.zeros((qa.height, qb.height), dtype=np.int64)
            for la in range(qa.height):
                ga = qa.level_maps[la][ca]
                for lb in range(qb.height):
                    gb = qb.level_maps[lb][cb]
                    cols = [ga] if a == b else [ga, gb]
                    radices = [qa.cardinality(la)] + ([] if a == b else [qb.cardinality(lb)])
                    ids, n_groups = group_codes(cols, radices)
                    size = np.bincount(ids, weights=pair_counts, minlength=n_groups)
                    table[la, lb] = int(pair_counts[size[ids] < self.k].sum())
            np.maximum(bound, table[nodes[:, a], nodes[:, b]], out=bound)
        return bound

    def run(self) -> SearchResult:
        heights = [qi.height for qi in self.qis]
        size = int(np.prod(heights, dtype=np.int64))
        if size > MAX_LATTICE:
            raise ValueError(f"lattice has {size} nodes (limit {MAX_LATTICE}); use fewer levels")
        nodes = np.array(list(itertools.product(*[range(h) for h in heights])), dtype=np.int64)
        nodes = nodes.reshape(size, len(heights))
        bound = np.zeros(size)
        for q, cost in enumerate(self.costs):
            bound += cost.base[nodes[:, q]]
        norm = self.max_cost if self.max_cost > 0 else 1.0
        bound /= norm
        height_sum = nodes.sum(axis=1)
        order = np.lexsort(
            (*[nodes[:, q] for q in reversed(range(nodes.shape[1]))], height_sum, bound)
        )

        unknown, failing, clean = 0, 1, 2
        status = np.zeros(size, dtype=np.int8)
        if size > 16 and len(self.qis) > 2:
            status[self.pair_bounds(nodes) > self.budget] = failing
        self.pruned_by_pairs = int((status == failing).sum())
        best: tuple[float, int, tuple[int, ...]] | None = None
        best_suppressed = 0
        least: tuple[int | None, tuple[int, ...] | None] = (None, None)

        for idx in order:
            if best is not None and bound[idx] > best[0] + EPS:
                break
            if status[idx] == failing:
                continue
            levels = tuple(int(v) for v in nodes[idx])
            if status[idx] == clean:
                loss, suppressed = float(bound[idx]), 0
            else:
                ev = self.evaluate(levels)
                if least[0] is None or ev.suppressed < least[0]:
                    least = (ev.suppressed, levels)
                below = np.ones(size, dtype=bool)
                for q, level in enumerate(levels):
                    below &= self._refines[q][nodes[:, q], level]
                if ev.k_suppressed > self.budget or (self.monotone and ev.suppressed > self.budget):
                    status[below] = failing
                    continue
                if ev.suppressed > self.budget:
                    continue
                loss = float(bound[idx] + ev.extra_cost / norm)
                suppressed = ev.suppressed
                if suppressed == 0:
                    above = status == unknown
                    for q, level in enumerate(levels):
                        above &= self._refines[q][level, nodes[:, q]]
                    status[above] = clean
            candidate = (loss, int(height_sum[idx]), levels)
            if best is None or _better(candidate, best):
                best, best_suppressed = candidate, suppressed

        if best is None:
            top = tuple(h - 1 for h in heights)
            ev = self.evaluate(top)
            if least[0] is None or ev.suppressed < least[0]:
                least = (ev.suppressed, top)
            return SearchResult(None, None, 0, self.evaluations, size, least[0] or 0, least[1])
        return SearchResult(best[2], best[0], best_suppressed, self.evaluations, size)


def _better(a: tuple[float, int, tuple[int, ...]], b: tuple[float, int, tuple[int, ...]]) -> bool:
    """Lower loss wins; within float noise, fewer total levels, then the smaller level vector."""
    if a[0] < b[0] - EPS:
        return True
    if a[0] > b[0] + EPS:
        return False
    return (a[1], a[2]) < (b[1], b[2])
