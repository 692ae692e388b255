"""The besluiten register (``metadata/besluiten.yaml``) read and validated on its own.

Whether it agrees with the dataset specs and the release history is checked in
:mod:`haarlem_opendata.lineage.register`, which knows what was published when.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from haarlem_opendata.catalog.files import read_yaml_mapping, validation_error
from haarlem_opendata.spec import BesluitenRegister


def load_register(path: str | Path) -> BesluitenRegister:
    """Load and validate ``besluiten.yaml``; a problem raises :class:`SpecError` naming file and
    key."""
    path = Path(path)
    raw = read_yaml_mapping(path, "the register (a mapping with key 'besluiten')", allow_empty=True)
    try:
        return BesluitenRegister.model_validate({**raw, "file": path})
    except ValidationError as exc:
        raise validation_error(path, exc) from None
