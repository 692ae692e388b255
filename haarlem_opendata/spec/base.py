"""The base of every spec model: unknown keys are errors, and a loaded spec never changes.

A typo in a YAML key must fail loudly instead of being ignored, and the stages share one spec
object, so none of them may edit it for the others.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
