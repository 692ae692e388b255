"""The ``protection.pii`` block of a dataset spec.

Kept in its own module without Presidio imports so the spec loader can validate YAML cheaply.
Every exception to the scan (allow-listed value, skipped column) carries a reason, because a
reviewer must be able to see later why a finding was accepted.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator


class AllowListEntry(BaseModel):
    """A reviewed false positive, e.g. the name of a public official or a street name."""

    model_config = ConfigDict(extra="forbid")

    value: str = Field(min_length=1)
    entity_type: str | None = None  # None: allowed whatever entity type the scanner assigns
    reason: str

    @field_validator("reason")
    @classmethod
    def _reason_not_blank(cls, v: str) -> str:
        if not v.strip():
            raise ValueError("an allow-list entry needs a reason")
        return v


class SkipColumn(BaseModel):
    """A column reviewed as not personal (e.g. a case-number id) that the scan leaves out."""

    model_config = ConfigDict(extra="forbid")

    column: str = Field(min_length=1)
    reason: str

    @field_validator("reason")
    @classmethod
    def _reason_not_blank(cls, v: str) -> str:
        if not v.strip():
            raise ValueError("a skipped column needs a reason")
        return v


class PiiSpec(BaseModel):
    """How the PII scan treats one dataset."""

    model_config = ConfigDict(extra="forbid")

    threshold: float = Field(default=0.5, ge=0.0, le=1.0)  # findings with score >= threshold count
    allow_list: list[AllowListEntry] = []
    redact_columns: list[str] = []  # free-text columns published with findings replaced
    skip_columns: list[SkipColumn] = []

    @property
    def skipped(self) -> set[str]:
        return {s.column for s in self.skip_columns}
