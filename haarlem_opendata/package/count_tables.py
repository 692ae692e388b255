"""The count tables of a dataset as resources of its data package: CSV and Parquet, with a schema.

A count table is declared in ``protection.count_tables`` (names, Dutch titles); its columns are
fixed by that declaration — region code, level and parent, one column per dimension, the count —
so the schema, the files and the privacy note all follow from the spec.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from haarlem_opendata.formats import CSV, PARQUET
from haarlem_opendata.package import files
from haarlem_opendata.package.tableschema import MISSING_VALUES, SUPPRESSED_NOTE, field_descriptor
from haarlem_opendata.spec import (
    COUNT_LAYOUT,
    REGION_COLUMNS,
    ColumnRole,
    ColumnSpec,
    ColumnType,
    CountTableSpec,
    count_resource_name,
)

__all__ = ["COUNT_LAYOUT", "count_layout", "count_schema", "resource_name", "write_count_table"]


def _text(name: str, title: str, description: str, role=ColumnRole.attribute) -> ColumnSpec:
    return ColumnSpec(
        name=name, type=ColumnType.string, role=role, title=title, description=description
    )


def count_columns(spec: CountTableSpec) -> list[ColumnSpec]:
    code, level, parent = REGION_COLUMNS
    region_levels = ", ".join(spec.region.level_name(v) for v in spec.region.levels)
    columns = [
        _text(code, "Regiocode", f"Code van de regio ({region_levels}).", ColumnRole.key),
        _text(level, "Regioniveau", f"Het niveau van de regio: {region_levels}."),
        _text(
            parent,
            "Bovenliggende regio",
            "Code van de regio waar deze regio in ligt; leeg voor de hoogste.",
        ),
    ]
    columns += [
        _text(d.name, d.title, f"{d.description} '{spec.total_label}' is het totaal.")
        for d in spec.dimensions
    ]
    columns.append(
        ColumnSpec(
            name=spec.count.name,
            type=ColumnType.integer,
            role=ColumnRole.count,
            title=spec.count.title,
            description=spec.count.description,
        )
    )
    return columns


def count_schema(spec: CountTableSpec) -> dict:
    """Table Schema: every column required except the count, which is empty where suppressed."""
    key = [REGION_COLUMNS[0], *(d.name for d in spec.dimensions)]
    fields = []
    for column in count_columns(spec):
        is_count = column.name == spec.count.name
        fields.append(
            field_descriptor(
                column,
                note=SUPPRESSED_NOTE if is_count else None,
                primary=column.name in key,
                unique=False,
            )
        )
    return {"fields": fields, "missingValues": list(MISSING_VALUES), "primaryKey": key}


def count_layout(spec: CountTableSpec) -> dict:
    return spec.model_dump(mode="json", exclude={"joint_rounds"})


def resource_name(dataset: str, spec: CountTableSpec) -> str:
    return count_resource_name(dataset, spec)


def write_count_table(
    dataset: str, spec: CountTableSpec, table: pd.DataFrame, work: Path
) -> tuple[Path, Path]:
    """The CSV and Parquet files of one count table in the bundle's work folder."""
    columns = count_columns(spec)
    name = resource_name(dataset, spec)
    csv, parquet = work / f"{name}{CSV.extension}", work / f"{name}{PARQUET.extension}"
    files.write_csv(table, columns, csv)
    files.write_parquet(table, columns, parquet)
    return csv, parquet
