"""Render a partitioned spec for one gemeente and jaar: the template in, an ordinary spec out.

The spec on disk is a template (see :mod:`haarlem_opendata.spec.partitions`); the catalog holds
the rendering for the municipality's own gemeente and newest year, so everything that reads the
catalog (linkage groups, besluiten, FAIR checks) sees the dataset as it always did. Any other
partition is rendered here on demand, from the same template, and validated like a spec on load.
"""

from __future__ import annotations

import csv
import re
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from haarlem_opendata.catalog.files import validation_error
from haarlem_opendata.errors import SpecError
from haarlem_opendata.spec import PLACEHOLDERS, DatasetSpec, Partition, PartitionsSpec

_PLACEHOLDER = re.compile(r"\$\{(" + "|".join(PLACEHOLDERS) + r")\}")


def render(value: Any, values: dict[str, str]) -> Any:
    """``value`` with every ``${placeholder}`` in its strings replaced (dicts and lists walked)."""
    if isinstance(value, str):
        return _PLACEHOLDER.sub(lambda m: values[m.group(1)], value)
    if isinstance(value, dict):
        return {k: render(v, values) for k, v in value.items()}
    if isinstance(value, list):
        return [render(v, values) for v in value]
    return value


@cache
def _gemeenten(path: Path) -> dict[str, str]:
    try:
        with path.open(encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f))
    except FileNotFoundError:
        raise SpecError(
            path, "(file)", "the gemeente list of partitions.gemeenten is missing"
        ) from None
    found: dict[str, str] = {}
    for number, row in enumerate(rows, start=1):
        code, naam = (row.get("code") or "").strip(), (row.get("naam") or "").strip()
        if not re.fullmatch(r"GM\d{4}", code) or not naam:
            raise SpecError(path, f"row {number}", "expected columns code (GMxxxx) and naam")
        found[code] = naam
    return found


def gemeenten(partitions: PartitionsSpec, datasets_dir: Path) -> dict[str, str]:
    """Code → name of every gemeente a partitioned dataset can be published for."""
    return _gemeenten((Path(datasets_dir) / partitions.gemeenten).resolve())


def partition_of(
    partitions: PartitionsSpec, gemeente: str, jaar: str, datasets_dir: Path
) -> Partition:
    known = gemeenten(partitions, datasets_dir)
    if gemeente not in known:
        raise SpecError(
            partitions.gemeenten, "code", f"onbekende gemeente {gemeente!r} (niet in de lijst)"
        )
    if jaar not in partitions.jaren:
        raise SpecError(
            "partitions.jaren", "jaar", f"jaar {jaar!r} is er niet; wel: {partitions.jaren}"
        )
    return Partition(gemeente=gemeente, gemeente_naam=known[gemeente], jaar=jaar)


def render_spec(template: dict, partition: Partition, file: Path | None) -> DatasetSpec:
    """The concrete spec of one partition; a problem raises :class:`SpecError` naming the file."""
    raw = render(template, partition.values())
    partitions = PartitionsSpec.model_validate(raw["partitions"])
    if partition.gemeente != partitions.eigen:
        raw["name"] = f"{raw['name']}-{partition.gemeente.lower()}"
        raw["besluiten"] = []
    where = file or Path(str(template.get("name", "(spec)")))
    try:
        return DatasetSpec.model_validate(
            {**raw, "file": file, "partition": partition, "template": template}
        )
    except ValidationError as exc:
        raise validation_error(where, exc) from None


def for_partition(spec: DatasetSpec, gemeente: str, jaar: str, datasets_dir: Path) -> DatasetSpec:
    """``spec`` rendered for ``gemeente`` × ``jaar`` (the spec itself when not partitioned)."""
    if spec.partitions is None or spec.template is None:
        return spec
    partition = partition_of(spec.partitions, gemeente, jaar, datasets_dir)
    if spec.partition == partition:
        return spec
    return render_spec(spec.template, partition, spec.file)


def default_partitions(spec: DatasetSpec) -> list[tuple[str, str]]:
    """What a run publishes unless told otherwise: the ``publiceer`` gemeenten, newest year."""
    if spec.partitions is None:
        return []
    newest = spec.partitions.jaren[-1]
    return [(gemeente, newest) for gemeente in spec.partitions.publiceer]
