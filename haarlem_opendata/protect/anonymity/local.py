"""Local recoding: each group of records generalised only as far as that group needs.

Full-domain generalisation (``anonymize``) picks one level per quasi-identifier for the whole
table, so the sparsest corner decides for everyone. This is Mondrian-style top-down
specialisation (LeFevre et al., 2006) restricted to the existing hierarchies, so every published
value is still a label a reader knows (a buurt code, a month, a hoofdcategorie):

1. Per quasi-identifier, the *chain* of levels that nest from the top down (``*`` → gemeente →
   wijk → buurt; grid cells do not nest in buurten and are left out; exact points and
   timestamps are never published).
2. All records start in one partition per top-level combination. A partition is split on one
   quasi-identifier, one level down the chain, for *all* its records at once; children with
   fewer than k records (or not l-diverse) are suppressed, at most ``max_suppression`` of the
   partition's records per split and of the table overall. Of the possible splits the one that
   lowers the information loss most is taken; a partition with no worthwhile split is published.

Because a split moves every record of a partition down (nothing stays behind at the coarser
label), the published label combinations are disjoint boxes: for any two classes there is a
quasi-identifier on which their labels are neither equal nor nested. An attacker who knows how
labels nest can therefore not intersect two classes to narrow a record down (``verify_local``
checks exactly this rule on the published table, independently).

Information loss is the same per-record ARX "Loss" as for the global search — (leaves under the
label − 1) / (domain − 1), weighted per attribute, a suppressed record costs 1 — so both
recodings are compared on one scale (``information_loss`` of either result).
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from haarlem_opendata.errors import ProtectionError
from haarlem_opendata.protect.anonymity.diversity import anonymity_summary, class_diversity_ok
from haarlem_opendata.protect.anonymity.hierarchy import EncodedQI, build_hierarchy
from haarlem_opendata.protect.anonymity.metrics import qi_costs
from haarlem_opendata.protect.anonymity.search import group_codes
from haarlem_opendata.protect.summary import LocalAnonymitySummary
from haarlem_opendata.spec import LDiversitySpec

_NEVER_PUBLISHED_KINDS = {"geo", "datetime"}  # their level 0 is an exact point or timestamp


@dataclass
class LocalRecodingResult:
    data: pd.DataFrame
    level_shares: dict[str, dict[str, float]]  # per QI: share of published records per level
    suppressed: int
    records_in: int
    information_loss: float
    k: int
    k_requested: int
    max_suppression: float
    classes: int
    l_diversity: list[LDiversitySpec] = field(default_factory=list)
    weights: dict[str, float] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
    l_achieved: dict[str, float] = field(default_factory=dict)

    def summary(self) -> LocalAnonymitySummary:
        return LocalAnonymitySummary(
            **anonymity_summary(
                k_requested=self.k_requested,
                k_achieved=self.k,
                l_diversity=self.l_diversity,
                l_achieved=self.l_achieved,
                records_in=self.records_in,
                suppressed=self.suppressed,
                max_suppression=self.max_suppression,
                information_loss=self.information_loss,
                metric="loss",
                weights=self.weights,
            ),
            level_shares=self.level_shares,
            classes=self.classes,
        )

    def to_metadata(self) -> dict[str, Any]:
        return self.summary().to_dict()


def chain(qi: EncodedQI, kind: str | None) -> list[int]:
    """Levels from the top down, each refining the one before it."""
    refines = qi.refinement()
    out = [qi.height - 1]
    lowest = 1 if kind in _NEVER_PUBLISHED_KINDS else 0
    for level in range(qi.height - 2, lowest - 1, -1):
        if refines[level, out[-1]]:
            out.append(level)
    return out


def label_costs(qi: EncodedQI) -> list[np.ndarray]:
    """Per level, per level-code: the per-record ARX Loss, from the same ``qi_costs`` the global
    search uses (its ``gain`` is the top cost minus this)."""
    top = 1.0 if qi.domain_size > 1 else 0.0
    raw = np.bincount(qi.row_codes, minlength=qi.domain_size)
    return [top - gain for gain in qi_costs(qi, raw, "loss").gain]


def local_recode(
    df: pd.DataFrame,
    *,
    quasi_identifiers: Mapping[str, Any],
    k: int,
    max_suppression: float = 0.0,
    l_diversity: list[LDiversitySpec] | None = None,
    weights: Mapping[str, float] | None = None,
    base_dir: str | Path = "datasets",
    source: str = "<data>",
) -> LocalRecodingResult:
    started = time.perf_counter()
    rules = list(l_diversity or [])
    n = len(df)
    if k > n:
        raise ProtectionError(f"{source}: k={k} is larger than the table ({n} records)")
    qis = [
        build_hierarchy(spec, base_dir).encode(df, name, source)
        for name, spec in quasi_identifiers.items()
    ]
    kinds = [getattr(spec, "kind", None) for spec in quasi_identifiers.values()]
    chains = [chain(qi, kind) for qi, kind in zip(qis, kinds, strict=True)]
    w = np.array([float((weights or {}).get(qi.name, 1.0)) for qi in qis])
    w = w / w.sum()
    costs = [label_costs(qi) for qi in qis]
    sens = [pd.factorize(df[r.column], use_na_sentinel=False)[0].astype(np.int64) for r in rules]

    # distinct combinations of the finest codes (and sensitive values), with their counts
    keys = [qi.row_codes for qi in qis] + sens
    sizes = [qi.domain_size for qi in qis] + [int(s.max()) + 1 for s in sens]
    row_distinct, m = group_codes(keys, sizes)
    first = np.empty(m, dtype=np.int64)
    first[row_distinct] = np.arange(n)
    count = np.bincount(row_distinct, minlength=m).astype(np.int64)
    codes = np.column_stack([qi.row_codes[first] for qi in qis])
    sens_d = [s[first] for s in sens]

    budget = int(np.floor(max_suppression * n + 1e-9))
    suppressed_mask = np.zeros(m, dtype=bool)
    used = 0

    def ok_groups(members: np.ndarray, group: np.ndarray, n_groups: int) -> np.ndarray:
        weight = np.bincount(group, weights=count[members], minlength=n_groups)
        ok = weight >= k
        for rule, s in zip(rules, sens_d, strict=True):
            pid, n_pairs = group_codes([group, s[members]], [n_groups, int(s.max()) + 1])
            pfirst = np.empty(n_pairs, dtype=np.int64)
            pfirst[pid] = np.arange(len(pid))
            pcount = np.bincount(pid, weights=count[members], minlength=n_pairs)
            ok &= class_diversity_ok(group[pfirst], pcount, n_groups, rule.kind, rule.l, rule.c)
        return ok

    def level_code(members: np.ndarray, q: int, level: int) -> np.ndarray:
        return qis[q].level_maps[level][codes[members, q]]

    # root partitions: one per combination of top-chain labels
    top = [level_code(np.arange(m), q, chains[q][0]) for q in range(len(qis))]
    root, n_root = group_codes(top, [int(t.max()) + 1 for t in top])
    ok = ok_groups(np.arange(m), root, n_root)
    queue: deque[tuple[np.ndarray, tuple[int, ...]]] = deque()
    for g in range(n_root):
        members = np.flatnonzero(root == g)
        if ok[g]:
            queue.append((members, tuple(0 for _ in qis)))
        else:
            suppressed_mask[members] = True
            used += int(count[members].sum())
    if used > budget:
        raise ProtectionError(
            f"{source}: even the coarsest labels leave {used} records in classes under k={k}; "
            f"the suppression budget is {budget}"
        )

    def splits(members: np.ndarray, pos: tuple[int, ...], allowed: int):
        """Every admissible one-level split of a partition: (gain, q, group, kept, lost)."""
        out = []
        rest_all = _record_cost(members, pos, chains, qis, costs, codes, w)
        weight = count[members]
        for q in range(len(qis)):
            if pos[q] + 1 >= len(chains[q]):
                continue
            now, nxt = chains[q][pos[q]], chains[q][pos[q] + 1]
            child_code = level_code(members, q, nxt)
            group, n_groups = group_codes([child_code], [int(child_code.max()) + 1])
            kept = ok_groups(members, group, n_groups)[group]
            lost = int(weight[~kept].sum())
            if lost > allowed or lost == int(weight.sum()):
                continue
            # loss change: kept records get the finer label's cost, lost ones cost everything
            before = w[q] * costs[q][now][level_code(members, q, now)]
            after = w[q] * costs[q][nxt][child_code]
            gain = float((weight * (before - after))[kept].sum())
            gain -= float((weight * (1.0 - rest_all))[~kept].sum())
            # a split that costs nothing is taken even without gain (* → the one gemeente, the
            # one year): the gain comes a level further down
            if gain > 1e-12 or (lost == 0 and gain >= -1e-12):
                out.append((gain, q, group, kept, lost))
        return out

    def lookahead(members: np.ndarray, pos: tuple[int, ...], split) -> float:
        """A split's gain plus the best next split of each child (one level of lookahead), so a
        split that only pays off one level down (month after year) is not passed over."""
        gain, q, group, kept, _ = split
        child_pos = tuple(p + 1 if i == q else p for i, p in enumerate(pos))
        total = gain
        for g in np.unique(group[kept]):
            child = members[group == g]
            allowed = int(np.floor(max_suppression * int(count[child].sum()) + 1e-9))
            total += max((s[0] for s in splits(child, child_pos, allowed)), default=0.0)
        return total

    final: list[tuple[np.ndarray, tuple[int, ...]]] = []
    while queue:
        members, pos = queue.popleft()
        size = int(count[members].sum())
        allowed = min(budget - used, int(np.floor(max_suppression * size + 1e-9)))
        options = splits(members, pos, allowed)
        if not options:
            final.append((members, pos))
            continue
        _, q, group, kept, lost = max(options, key=lambda s: lookahead(members, pos, s))
        suppressed_mask[members[~kept]] = True
        used += lost
        child_pos = tuple(p + 1 if i == q else p for i, p in enumerate(pos))
        for g in np.unique(group[kept]):
            queue.append((members[group == g], child_pos))

    # publish: each distinct row gets its partition's labels
    level_of = np.zeros((m, len(qis)), dtype=np.int64)
    class_of = np.full(m, -1, dtype=np.int64)
    for c, (members, pos) in enumerate(final):
        level_of[members] = [chains[q][p] for q, p in enumerate(pos)]
        class_of[members] = c
    keep_rows = ~suppressed_mask[row_distinct]
    out = df.loc[keep_rows].copy()
    replaced = {c for qi in qis for c in qi.input_columns}
    out = out.drop(columns=[c for c in replaced if c in out.columns and c not in quasi_identifiers])
    shares: dict[str, dict[str, float]] = {}
    kept_distinct = row_distinct[keep_rows]
    for q, qi in enumerate(qis):
        levels = level_of[kept_distinct, q]
        labels = np.empty(len(levels), dtype=object)
        for level in np.unique(levels):
            at = levels == level
            labels[at] = qi.labels(level)[qi.level_maps[level][codes[kept_distinct[at], q]]]
        out[qi.name] = pd.Categorical(labels)
        shares[qi.name] = {
            qi.level_names[int(level)]: round(float((levels == level).mean()), 4)
            for level in sorted(np.unique(levels), reverse=True)
        }
    loss = _total_loss(
        final, chains, qis, costs, codes, count, w, int(count[suppressed_mask].sum()), n
    )
    sizes_final = [int(count[members].sum()) for members, _ in final]
    return LocalRecodingResult(
        data=out,
        level_shares=shares,
        suppressed=int(count[suppressed_mask].sum()),
        records_in=n,
        information_loss=loss,
        k=min(sizes_final) if sizes_final else 0,
        k_requested=k,
        max_suppression=max_suppression,
        classes=len(final),
        l_diversity=rules,
        weights={qi.name: float((weights or {}).get(qi.name, 1.0)) for qi in qis},
        timings={"total_s": time.perf_counter() - started},
        l_achieved=_achieved_l(out, [qi.name for qi in qis], rules),
    )


def _achieved_l(out: pd.DataFrame, names: list[str], rules) -> dict[str, float]:
    """The l each sensitive column reaches over the published classes (label combinations)."""
    from haarlem_opendata.protect.anonymity.diversity import achieved_l

    if not rules or out.empty:
        return {}
    classes = out.groupby(names, observed=True, sort=False).ngroup().to_numpy()
    achieved: dict[str, float] = {}
    for rule in rules:
        values = pd.factorize(out[rule.column])[0]
        pairs = pd.DataFrame({"c": classes, "v": values}).value_counts(sort=False).reset_index()
        found = achieved_l(
            pairs["c"].to_numpy(),
            pairs["count"].to_numpy(dtype=float),
            int(classes.max()) + 1,
            rule.kind,
            rule.c,
        )
        achieved[rule.column] = min(achieved.get(rule.column, np.inf), found)
    return achieved


def _record_cost(members, pos, chains, qis, costs, codes, w) -> np.ndarray:
    total = np.zeros(len(members))
    for q, qi in enumerate(qis):
        level = chains[q][pos[q]]
        total += w[q] * costs[q][level][qi.level_maps[level][codes[members, q]]]
    return total


def _total_loss(final, chains, qis, costs, codes, count, w, suppressed: int, n: int) -> float:
    total = float(suppressed)
    for members, pos in final:
        total += float(
            (count[members] * _record_cost(members, pos, chains, qis, costs, codes, w)).sum()
        )
    return total / n if n else 0.0
