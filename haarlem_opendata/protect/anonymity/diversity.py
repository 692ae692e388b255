"""Per-equivalence-class l-diversity tests on (class, sensitive value, count) triples.

Vectorised over classes so the search can test a whole lattice node at once. Distinct l-diversity
stays monotone when failing classes are suppressed; entropy and recursive (c, l) are monotone only
without suppression — the search reads :func:`monotone_with_suppression` to decide how much it
may infer without evaluating.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from haarlem_opendata.protect.summary import LDiversityOutcome


def monotone_with_suppression(kind: str) -> bool:
    return kind == "distinct"


def class_diversity_ok(
    pair_class: np.ndarray,
    pair_count: np.ndarray,
    n_classes: int,
    kind: str,
    l: int,
    c: float | None,
) -> np.ndarray:
    """Boolean per class: does it satisfy the l-diversity variant?

    ``pair_class[i]``/``pair_count[i]`` describe one distinct (class, sensitive value) pair.
    """
    if kind == "distinct":
        return np.bincount(pair_class, minlength=n_classes) >= l
    totals = np.bincount(pair_class, weights=pair_count, minlength=n_classes)
    if kind == "entropy":
        weighted = np.bincount(
            pair_class, weights=pair_count * np.log(pair_count), minlength=n_classes
        )
        with np.errstate(divide="ignore", invalid="ignore"):
            entropy = np.log(totals) - weighted / totals
        return entropy >= np.log(l) - 1e-12
    # recursive (c, l): r1 < c * (r_l + ... + r_m) with r sorted descending within the class
    order = np.lexsort((-pair_count, pair_class))
    cls, cnt = pair_class[order], pair_count[order]
    starts = np.r_[0, np.flatnonzero(np.diff(cls)) + 1]
    rank = np.arange(len(cls)) - np.repeat(starts, np.diff(np.r_[starts, len(cls)]))
    head = np.bincount(cls, weights=np.where(rank < l - 1, cnt, 0), minlength=n_classes)
    r1 = np.zeros(n_classes)
    r1[cls[starts]] = cnt[starts]
    assert c is not None, "recursive (c,l)-diversity needs c (the spec requires it)"
    return r1 < c * (totals - head)


def achieved_l(
    pair_class: np.ndarray, pair_count: np.ndarray, n_classes: int, kind: str, c: float | None
) -> float:
    """The largest l every class satisfies (entropy: exp of the smallest class entropy)."""
    if n_classes == 0:
        return 0.0
    distinct = np.bincount(pair_class, minlength=n_classes)
    if kind == "distinct":
        return float(distinct.min())
    if kind == "entropy":
        totals = np.bincount(pair_class, weights=pair_count, minlength=n_classes)
        weighted = np.bincount(
            pair_class, weights=pair_count * np.log(pair_count), minlength=n_classes
        )
        return float(np.exp((np.log(totals) - weighted / totals).min()))
    best = 1
    for candidate in range(2, int(distinct.max()) + 1):
        if not class_diversity_ok(
            pair_class, pair_count, n_classes, "recursive", candidate, c
        ).all():
            break
        best = candidate
    return float(best)


def anonymity_summary(
    *,
    k_requested: int,
    k_achieved: int,
    l_diversity: list,
    l_achieved: dict[str, float],
    records_in: int,
    suppressed: int,
    max_suppression: float,
    information_loss: float,
    metric: str,
    weights: dict[str, float],
) -> dict[str, Any]:
    """The fields both recodings' summaries share (global search and local), by field name."""
    return {
        "k_requested": k_requested,
        "k_achieved": k_achieved,
        "l_diversity": [
            LDiversityOutcome(
                column=rule.column,
                kind=rule.kind,
                l_requested=rule.l,
                c=rule.c,
                l_achieved=round(l_achieved.get(rule.column, 0.0), 4),
            )
            for rule in l_diversity
        ],
        "records_in": records_in,
        "records_published": records_in - suppressed,
        "suppressed_records": suppressed,
        "suppressed_share": round(suppressed / records_in, 6) if records_in else 0.0,
        "max_suppression": max_suppression,
        "information_loss": round(information_loss, 6),
        "metric": metric,
        "weights": dict(weights),
    }
