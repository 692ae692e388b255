"""Independent re-check of a published table: every equivalence class has ≥ k records (and is
l-diverse where required).

Deliberately shares no code with the search — plain pandas ``groupby`` on the published columns —
so a bug in the encoder or the lattice search cannot vouch for itself. Used by the blocking asset
check. Reports counts of failing classes only, never their values.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd

from haarlem_opendata.spec import LDiversitySpec


@dataclass(frozen=True)
class VerificationResult:
    passed: bool
    k: int
    l: dict[str, float] = field(default_factory=dict)
    violations: int = 0
    classes: int = 0
    records: int = 0

    def to_metadata(self) -> dict:
        return {
            "passed": self.passed,
            "k": self.k,
            "l": {c: round(v, 4) for c, v in self.l.items()},
            "violating_classes": self.violations,
            "classes": self.classes,
            "records": self.records,
        }


def _class_ok(counts: pd.Series, rule: LDiversitySpec) -> tuple[bool, float]:
    """counts: record count per sensitive value within one class."""
    values = sorted((int(v) for v in counts if v > 0), reverse=True)
    total = sum(values)
    if rule.kind == "distinct":
        return len(values) >= rule.l, float(len(values))
    if rule.kind == "entropy":
        entropy = -sum(v / total * math.log(v / total) for v in values)
        return entropy >= math.log(rule.l) - 1e-12, math.exp(entropy)
    c = rule.c
    assert c is not None, "recursive (c,l)-diversity needs c (the spec requires it)"
    achieved = 0
    for candidate in range(1, len(values) + 1):
        if values[0] < c * sum(values[candidate - 1 :]):
            achieved = candidate
    ok = len(values) >= rule.l and values[0] < c * sum(values[rule.l - 1 :])
    return ok, float(achieved)


def verify_anonymity(
    df: pd.DataFrame,
    *,
    quasi_identifier_columns: list[str],
    k: int,
    l_diversity: list[LDiversitySpec] | None = None,
) -> VerificationResult:
    """Re-check k-anonymity and l-diversity of ``df`` on the given published columns.

    An empty table does not pass: publishing nothing is never the intended outcome.
    """
    rules = list(l_diversity or [])
    if len(df) == 0:
        return VerificationResult(False, 0, {r.column: 0.0 for r in rules}, 0, 0, 0)
    keys = [df[c] for c in quasi_identifier_columns]
    class_id = df.groupby(keys, dropna=False, observed=True, sort=False).ngroup()
    sizes = class_id.value_counts()
    failing = sizes < k
    achieved_l: dict[str, float] = {}
    for rule in rules:
        pairs = pd.DataFrame({"c": class_id.to_numpy(), "s": df[rule.column].to_numpy()})
        per_class = pairs.groupby(["c", "s"], dropna=False, observed=True, sort=False).size()
        verdicts = per_class.groupby(level="c", sort=False).apply(
            lambda counts, rule=rule: _class_ok(counts, rule)
        )
        ok = verdicts.map(lambda v: v[0]).reindex(sizes.index)
        failing |= ~ok.astype(bool)
        achieved_l[rule.column] = float(min(v[1] for v in verdicts))
    violations = int(failing.sum())
    return VerificationResult(
        passed=violations == 0,
        k=int(sizes.min()),
        l=achieved_l,
        violations=violations,
        classes=len(sizes),
        records=len(df),
    )
