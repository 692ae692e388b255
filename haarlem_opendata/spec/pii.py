"""The ``protection.pii`` block of a dataset spec.

Kept in its own module without Presidio imports so the spec loader can validate YAML cheaply.
Every published cell is scanned, whatever the spec says; the only exceptions are reviewed
findings on the allow-list, each with a reason, because a reviewer must be able to see later why
a finding was accepted. There is no way to leave a column out of the scan.
"""

from __future__ import annotations

from typing import Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

EntityType = Literal[
    "PERSON",
    "PHONE_NUMBER",
    "EMAIL_ADDRESS",
    "NL_BSN",
    "NL_POSTCODE",
    "NL_ADDRESS",
    "NL_KENTEKEN",
    "IBAN_CODE",
    "URL",
    "IP_ADDRESS",
    "DATE_OF_BIRTH",
]
ENTITY_TYPES: tuple[str, ...] = get_args(EntityType)


class AllowListEntry(BaseModel):
    """A reviewed false positive.

    With ``value``: that text (the name of a public official, a street) wherever it is found,
    or only in ``column``. With ``column`` and ``entity_type`` but no value: every finding of
    that type in that column (a column of case numbers, some of which pass the elfproef); the
    column is still scanned for every other type.
    """

    model_config = ConfigDict(extra="forbid")

    value: str | None = Field(default=None, min_length=1)
    column: str | None = Field(default=None, min_length=1)
    entity_type: EntityType | None = None  # None: whatever type the scanner assigns to value
    reason: str

    @field_validator("reason")
    @classmethod
    def _reason_not_blank(cls, v: str) -> str:
        if not v.strip():
            raise ValueError("an allow-list entry needs a reason")
        return v

    @model_validator(mode="after")
    def _narrow_enough(self) -> AllowListEntry:
        if self.value is None and self.column is None:
            raise ValueError("an allow-list entry needs a value, or a column and an entity_type")
        if self.value is None and self.entity_type is None:
            raise ValueError(
                "an allow-list entry for a whole column needs an entity_type: the column is "
                "still scanned for every other type"
            )
        return self

    def describe(self) -> dict:
        """For reports: where and what it allows, and why; never the value itself."""
        return {
            "column": self.column,
            "entity_type": self.entity_type,
            "whole_column": self.value is None,
            "reason": self.reason,
        }


class PiiSpec(BaseModel):
    """How the PII scan treats one dataset."""

    model_config = ConfigDict(extra="forbid")

    threshold: float = Field(default=0.5, ge=0.0, le=1.0)  # findings with score >= threshold count
    allow_list: list[AllowListEntry] = []
    redact_columns: list[str] = []  # free-text columns published with findings replaced

    @model_validator(mode="before")
    @classmethod
    def _no_skipped_columns(cls, data: Any) -> Any:
        if isinstance(data, dict) and "skip_columns" in data:
            raise ValueError(
                "skip_columns is not supported: every published cell is scanned. Accept a "
                "reviewed false positive with allow_list (a value, or a column with an "
                "entity_type), each with a reason"
            )
        return data
