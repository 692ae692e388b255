"""A rule pack (``metadata/cbs_regels.yaml``): a versioned set of primary suppression rules.

Rules shared by many tables (the CBS conventions for buurtcijfers) live in one reviewed file
instead of in every dataset spec; a pack turns into the same :class:`RuleSpec` items a spec
writes inline, so every hidden cell can name the rule that hid it.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from haarlem_opendata.spec.cells import RuleSpec


class PackRule(BaseModel):
    """One rule in a rule pack; it applies to every listed column present in the table."""

    model_config = ConfigDict(extra="forbid")
    id: str
    description: str
    columns: list[str] = Field(min_length=1)
    kind: Literal["frequency", "range", "base"]
    threshold: int | None = None
    zeros_unsafe: bool = False
    min: float | None = None
    max: float | None = None
    base: str | None = None
    min_base: float | None = None
    source: str | None = None


class RulePack(BaseModel):
    """A versioned set of primary rules (e.g. the CBS conventions for buurtcijfers)."""

    model_config = ConfigDict(extra="forbid")
    version: str
    name: str
    description: str = ""
    rules: list[PackRule]

    def for_table(self, columns: list[str]) -> list[RuleSpec]:
        """The rules of this pack for the columns that ``columns`` contains, in pack order.

        A base rule whose base column is absent is left out (see :meth:`not_applied`).
        """
        out = []
        for rule in self.rules:
            if rule.kind == "base" and rule.base not in columns:
                continue
            for col in rule.columns:
                if col in columns:
                    out.append(
                        RuleSpec(
                            id=rule.id,
                            column=col,
                            kind=rule.kind,
                            description=rule.description,
                            threshold=rule.threshold,
                            zeros_unsafe=rule.zeros_unsafe,
                            min=rule.min,
                            max=rule.max,
                            base=rule.base,
                            min_base=rule.min_base,
                        )
                    )
        return out

    def not_applied(self, columns: list[str]) -> list[str]:
        """Ids of base rules that name a column of the table but whose base column is missing."""
        return [
            r.id
            for r in self.rules
            if r.kind == "base" and r.base not in columns and any(c in columns for c in r.columns)
        ]
