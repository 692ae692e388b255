"""Primary suppression: which cells are too revealing to publish, and which rule says so.

Rules come from the dataset spec and from a versioned rule pack (``metadata/cbs_regels.yaml``),
so every hidden cell can name the rule that hid it. A frequency rule on every count column is
always applied last, so a spec can never publish a small count by forgetting a rule.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import yaml
from pydantic import ValidationError

from haarlem_opendata.errors import SpecError
from haarlem_opendata.spec import RulePack, RuleSpec

DEFAULT_RULE_ID = "frequentie"


def load_rule_pack(path: str | Path) -> RulePack:
    """Read and validate a rule pack YAML; errors name the file and the key."""
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise SpecError(path, "rule_pack", "bestand met regels niet gevonden") from exc
    except yaml.YAMLError as exc:
        raise SpecError(path, "(yaml)", f"geen geldige YAML: {exc}") from exc
    try:
        pack = RulePack.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        raise SpecError(path, ".".join(str(p) for p in err["loc"]), err["msg"]) from exc
    for i, rule in enumerate(pack.rules):
        _check_rule(
            path,
            f"rules.{i}",
            rule.kind,
            rule.threshold,
            rule.min,
            rule.max,
            rule.base,
            rule.min_base,
        )
    return pack


def _check_rule(file, key, kind, threshold, lo, hi, base, min_base) -> None:
    if kind == "frequency" and threshold is None:
        raise SpecError(file, key, "frequentieregel heeft 'threshold' nodig")
    if kind == "range" and (lo is None or hi is None):
        raise SpecError(file, key, "bereikregel heeft 'min' en 'max' nodig")
    if kind == "base" and (base is None or min_base is None):
        raise SpecError(file, key, "basisregel heeft 'base' en 'min_base' nodig")


def default_rules(counts: list[str], threshold: int, zeros_unsafe: bool) -> list[RuleSpec]:
    desc = f"0 < n < {threshold} is te klein om te publiceren" + (
        " (ook 0)" if zeros_unsafe else ""
    )
    return [
        RuleSpec(
            id=DEFAULT_RULE_ID,
            column=c,
            kind="frequency",
            threshold=threshold,
            zeros_unsafe=zeros_unsafe,
            description=desc,
        )
        for c in counts
    ]


def _hits(table: pd.DataFrame, rule: RuleSpec, file) -> np.ndarray:
    values = pd.to_numeric(table[rule.column], errors="coerce").to_numpy(dtype=float)
    known = ~np.isnan(values)
    if rule.kind == "frequency":
        small = (values > 0) & (values < rule.threshold)
        if rule.zeros_unsafe:
            small |= values == 0
        return known & small
    if rule.kind == "range":
        return known & (values >= rule.min) & (values <= rule.max)
    if rule.base not in table.columns:
        raise SpecError(
            file, f"rules.{rule.id}.base", f"basiskolom {rule.base!r} ontbreekt in de tabel"
        )
    base = pd.to_numeric(table[rule.base], errors="coerce").to_numpy(dtype=float)
    # An unknown base counts as too small: a rate over an unknown population is not safe.
    return known & (np.isnan(base) | (base < rule.min_base))


def apply_rules(
    table: pd.DataFrame, rules: list[RuleSpec], *, file: str | Path = "<spec>"
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Primary mask and the id of the first rule that hid each cell (None where published).

    Columns are every column any rule mentions, in first-mention order.
    """
    columns: list[str] = []
    for rule in rules:
        if rule.column not in table.columns:
            raise SpecError(
                file, f"rules.{rule.id}", f"kolom {rule.column!r} ontbreekt in de tabel"
            )
        _check_rule(
            file,
            f"rules.{rule.id}",
            rule.kind,
            rule.threshold,
            rule.min,
            rule.max,
            rule.base,
            rule.min_base,
        )
        if rule.column not in columns:
            columns.append(rule.column)
    mask = pd.DataFrame(False, index=table.index, columns=columns)
    which = pd.DataFrame(None, index=table.index, columns=columns, dtype=object)
    for rule in rules:
        hit = _hits(table, rule, file) & ~mask[rule.column].to_numpy()
        if hit.any():
            mask.loc[hit, rule.column] = True
            which.loc[hit, rule.column] = rule.id
    return mask, which
