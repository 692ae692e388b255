"""Independent check of the intersection rule for a table with labels of mixed levels.

The rule (see ``local.py``): for any two published classes (distinct label combinations) there
must be a quasi-identifier on which their labels are neither equal nor nested. Otherwise the
classes overlap as sets of possible original values, and an attacker who knows how the labels
nest could intersect them (a record in *wijk W, januari* that is not in *buurt B ⊂ W, januari*).

Shares no code with the recoding: nesting is read from the labels themselves, as a reader would
— CBS region codes nest by their digits (GM0392 ⊃ WK039201 ⊃ BU03920101), ISO dates by prefix
(2025 ⊃ 2025-01 ⊃ 2025-01-05), ``*`` contains everything — plus an explicit child → parent
mapping for categories whose names do not nest (``Afval`` → ``Schoon en heel``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

_REGION = re.compile(r"^(GM|WK|BU)(\d+)$")


def _chain(label: str, parents: Mapping[str, str]) -> list[str]:
    """The label and everything that contains it, as comparable keys."""
    if label == "*":
        return ["*"]
    keys = [label]
    seen = {label}
    while label in parents and parents[label] not in seen:
        label = parents[label]
        keys.append(label)
        seen.add(label)
    return [*keys, "*"]


def _nested(a: str, b: str, parents: Mapping[str, str]) -> bool:
    if a == b or a == "*" or b == "*":
        return True
    ra, rb = _REGION.match(a), _REGION.match(b)
    if ra and rb:
        da, db = ra.group(2), rb.group(2)
        return da.startswith(db) or db.startswith(da)
    if re.match(r"^\d{4}", a) and re.match(r"^\d{4}", b):
        return a.startswith(b) or b.startswith(a)
    return b in _chain(a, parents) or a in _chain(b, parents)


@dataclass(frozen=True)
class IntersectionReport:
    passed: bool
    classes: int
    overlapping_pairs: int

    def to_metadata(self) -> dict:
        return {
            "passed": self.passed,
            "classes": self.classes,
            "overlapping_pairs": self.overlapping_pairs,
        }


def verify_disjoint_classes(
    df: pd.DataFrame,
    quasi_identifier_columns: list[str],
    parents: Mapping[str, Mapping[str, str]] | None = None,
) -> IntersectionReport:
    """Count pairs of published classes whose label boxes overlap (must be 0)."""
    parents = parents or {}
    classes = df[quasi_identifier_columns].astype(str).drop_duplicates().to_numpy().tolist()
    overlapping = 0
    for i, a in enumerate(classes):
        for b in classes[i + 1 :]:
            if all(
                _nested(x, y, parents.get(col, {}))
                for col, x, y in zip(quasi_identifier_columns, a, b, strict=True)
            ):
                overlapping += 1
    return IntersectionReport(overlapping == 0, len(classes), overlapping)
