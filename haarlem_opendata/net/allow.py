"""The net's allow-list: values that are the municipality's own, each one reviewed.

``metadata/net_allow.yaml`` lists values (the gemeente's RSIN, its functional mailboxes) that may
appear in a published file although they have a personal-data shape. Every entry says what it
is, why it is not personal, who reviewed it and when; the file is validated with pydantic on load
and an error names the file and the key. Nothing personal belongs here: a value is accepted in
every file of every dataset.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Literal, get_args

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from haarlem_opendata.errors import SpecError
from haarlem_opendata.net.detect import BSN, EMAIL, IBAN, PHONE, POSTCODE, find_all, normalise

ALLOW_FILE = "net_allow.yaml"
NetType = Literal["TELEFOON", "BSN", "IBAN", "EMAIL", "POSTCODE_HUISNUMMER"]
assert set(get_args(NetType)) == {PHONE, BSN, IBAN, EMAIL, POSTCODE}


class AllowEntry(BaseModel):
    model_config = ConfigDict(extra="forbid")

    value: str = Field(min_length=1)
    type: NetType
    reason: str = Field(min_length=10)
    reviewer: str = Field(min_length=2)
    reviewed_on: date

    @field_validator("reason", "reviewer")
    @classmethod
    def _not_blank(cls, v: str) -> str:
        if not v.strip():
            raise ValueError("mag niet leeg zijn")
        return v

    @field_validator("reviewed_on")
    @classmethod
    def _not_in_future(cls, v: date) -> date:
        if v > date.today():
            raise ValueError("een review kan niet in de toekomst liggen")
        return v

    @model_validator(mode="after")
    def _value_has_its_shape(self) -> AllowEntry:
        # An entry the net would never find is a typo or a wrong type: refuse it.
        if not any(h.type == self.type and h.value == self.value for h in find_all(self.value)):
            raise ValueError(f"de waarde heeft niet de vorm van type {self.type}")
        return self


class AllowList(BaseModel):
    model_config = ConfigDict(extra="forbid")

    entries: list[AllowEntry] = []

    def accepts(self, kind: str, value: str) -> bool:
        key = normalise(kind, value)
        return any(e.type == kind and normalise(e.type, e.value) == key for e in self.entries)


def load_allow_list(path: str | Path) -> AllowList:
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise SpecError(path, "(bestand)", f"niet te lezen ({exc.__class__.__name__})") from None
    except yaml.YAMLError as exc:
        raise SpecError(path, "(bestand)", f"geen geldige YAML ({exc})") from None
    try:
        return AllowList.model_validate(data or {})
    except ValidationError as exc:
        error = exc.errors()[0]
        key = ".".join(str(p) for p in error["loc"]) or "(root)"
        raise SpecError(path, key, error["msg"]) from None
