"""Information-loss metrics, decomposed per quasi-identifier and level.

All three metrics are sums over records and quasi-identifiers of a per-record cost that grows
with the level (hierarchies nest), normalised so that publishing everything as ``*`` costs 1.
Suppressed records are charged as fully generalised (ARX's convention); otherwise suppressing a
record would look cheaper than generalising it. Because a record's cost depends only on its
generalised value, a node's loss splits into a separable part (every record generalised, computed
without touching the data) plus a correction for suppressed records:

    loss(node) = (Σ_q base_q[l_q] + Σ_suppressed Σ_q gain_q[l_q][value]) / max_cost

(each quasi-identifier's costs optionally multiplied by a positive weight), and
``Σ_q base_q[l_q] / max_cost`` is a lower bound on the loss that the search uses to stop early.

- ``loss``: ARX "Loss" / generalisation intensity: (leaves under the value − 1) / (domain − 1),
  with the domain the distinct raw values in the data.
- ``precision``: Sweeney's Prec: level / height.
- ``entropy``: non-uniform entropy: −log2 P(raw value | generalised value), in bits, normalised by
  the entropy of the raw column.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from haarlem_opendata.protect.anonymity.hierarchy import EncodedQI

METRICS = ("loss", "precision", "entropy")


@dataclass
class QICosts:
    """``base[l]``: total cost of all records at level l; ``gain[l][code]``: extra cost per record
    of a level-l value when that record is suppressed instead."""

    base: np.ndarray
    gain: list[np.ndarray]

    def scaled(self, weight: float) -> QICosts:
        """The same costs weighted (ARX-style attribute weights); weight 1 leaves them as is."""
        if weight == 1.0:
            return self
        return QICosts(self.base * weight, [g * weight for g in self.gain])


def qi_costs(qi: EncodedQI, raw_counts: np.ndarray, metric: str) -> QICosts:
    if metric not in METRICS:
        raise ValueError(f"unknown information-loss metric {metric!r}; use one of {METRICS}")
    raw_counts = raw_counts.astype(float)
    n = raw_counts.sum()
    top = qi.height - 1
    domain = qi.domain_size
    base = np.zeros(qi.height)
    gain: list[np.ndarray] = []
    cost: float | np.ndarray
    for level, gen in enumerate(qi.level_maps):
        gen_count = np.bincount(gen, weights=raw_counts)
        if metric == "loss":
            leaves = np.bincount(gen).astype(float)
            cost = (leaves - 1) / (domain - 1) if domain > 1 else np.zeros_like(leaves)
            top_cost = 1.0 if domain > 1 else 0.0
            base[level] = float(gen_count @ cost)
            gain.append(top_cost - cost)
        elif metric == "precision":
            cost = level / top if top > 0 else 0.0
            base[level] = n * cost
            gain.append(np.full(len(gen_count), (1.0 if top > 0 else 0.0) - cost))
        else:
            with np.errstate(divide="ignore", invalid="ignore"):
                per_raw = np.log2(gen_count[gen] / raw_counts)
                base[level] = float(np.nansum(raw_counts * per_raw))
                gain.append(np.where(gen_count > 0, np.log2(n / np.maximum(gen_count, 1)), 0.0))
    return QICosts(base, gain)
