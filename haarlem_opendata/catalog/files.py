"""Reading a YAML file into a spec model, with errors a data steward can act on.

Every problem names the file and the key (``columns[2].type``), because the person reading it is
editing YAML, not Python.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import ValidationError

from haarlem_opendata.errors import SpecError


def key_path(loc: tuple) -> str:
    """A pydantic error location as a steward reads it: ``columns[2].type``."""
    parts: list[str] = []
    for item in loc:
        if isinstance(item, int):
            parts.append(f"[{item}]")
        else:
            parts.append(("." if parts else "") + str(item))
    return "".join(parts) or "(top level)"


def read_yaml_mapping(path: Path, what: str, *, allow_empty: bool = False) -> dict:
    """A YAML file that must hold a mapping; problems raise :class:`SpecError` naming the file."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SpecError(path, "(file)", "file not found") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else "(yaml)"
        raise SpecError(path, where, f"not valid YAML: {getattr(exc, 'problem', exc)}") from None
    if raw is None and allow_empty:
        return {}
    if not isinstance(raw, dict):
        raise SpecError(path, "(top level)", f"{what} must be a mapping")
    return raw


def validation_error(path: Path, exc: ValidationError) -> SpecError:
    """The first pydantic error as a :class:`SpecError` naming the file and the key."""
    first = exc.errors()[0]
    more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
    return SpecError(path, key_path(tuple(first["loc"])), f"{first['msg']}{more}")
