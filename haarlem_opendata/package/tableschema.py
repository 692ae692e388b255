"""A Frictionless Table Schema (v2) from the spec's columns.

Everything a reuser needs to read a column correctly lives here, in Dutch: title, description,
type, unit (the custom ``unit`` property), constraints, primary key, foreign keys to the region
list, and what an empty cell means. Suppressed cells are empty fields, so ``""`` is the
schema's missing-value marker and each field that can hold a suppressed cell says so.
"""

from __future__ import annotations

import hashlib
import json

from haarlem_opendata.spec import ColumnRole, ColumnSpec, ColumnType, DatasetSpec

REGION_PATTERN = r"^(GM[0-9]{4}|WK[0-9]{6}|BU[0-9]{8})$"
REGIONS_RESOURCE = "regio-indeling"
MISSING_VALUES = [""]

SUPPRESSED_NOTE = (
    "Een lege cel betekent dat de waarde is afgeschermd om te voorkomen dat inwoners herkenbaar "
    "zijn (kleine aantallen, of cellen waaruit een afgeschermde waarde terug te rekenen is)."
)
GENERALISED_NOTE = (
    "Deze kolom is gegeneraliseerd (grover gemaakt) om herkenbaarheid te voorkomen; een lege cel "
    "betekent dat de waarde is afgeschermd."
)
MISSING_NOTE = "Een lege cel betekent dat de waarde ontbreekt of door de bron geheim is gehouden."

_TYPES = {
    ColumnType.string: "string",
    ColumnType.integer: "integer",
    ColumnType.number: "number",
    ColumnType.boolean: "boolean",
    ColumnType.date: "date",
    ColumnType.datetime: "datetime",
    ColumnType.geometry: "geojson",
}


def protected_columns(spec: DatasetSpec) -> tuple[set[str], set[str]]:
    """(columns whose cells may be suppressed, columns that were generalised)."""
    suppressed: set[str] = set()
    generalised: set[str] = set()
    if spec.protection.cells is not None:
        suppressed |= set(spec.protection.cells.counts)
        for rule in spec.protection.cells.rules:
            suppressed.add(rule.column)
    if spec.protection.anonymity is not None:
        generalised |= set(spec.protection.anonymity.quasi_identifiers)
    return suppressed, generalised


def field_descriptor(column: ColumnSpec, *, note: str | None, primary: bool, unique: bool) -> dict:
    field: dict = {
        "name": column.name,
        "title": column.title,
        "description": column.description if note is None else f"{column.description} {note}",
        "type": _TYPES[column.type],
    }
    if column.type is ColumnType.geometry:
        field["description"] += " Geometrie als GeoJSON-object (RFC 7946, WGS84)."
    if column.unit:
        field["unit"] = column.unit
    if column.populatie is not None:  # custom property: what this count counts, and when
        field["populatie"] = {
            "naam": column.populatie.naam,
            "peildatum": column.populatie.peildatum.isoformat(),
        }
    constraints: dict = {}
    if primary:
        constraints["required"] = True
    if unique:
        constraints["unique"] = True
    if column.role is ColumnRole.count or (
        column.unit == "personen" and column.type is ColumnType.integer
    ):
        constraints["minimum"] = 0
    if column.role is ColumnRole.region:
        constraints["pattern"] = REGION_PATTERN
    if constraints:
        field["constraints"] = constraints
    return field


def table_schema(spec: DatasetSpec, columns: list[ColumnSpec], *, missing: set[str]) -> dict:
    """The Table Schema for the published ``columns``; ``missing`` names columns with empty
    cells."""
    suppressed, generalised = protected_columns(spec)
    primary_key = [k for k in spec.primary_key if k in {c.name for c in columns}]
    fields = []
    for column in columns:
        if column.name in suppressed:
            note = SUPPRESSED_NOTE
        elif column.name in generalised:
            note = GENERALISED_NOTE
        elif column.name in missing:
            note = MISSING_NOTE
        else:
            note = None
        fields.append(
            field_descriptor(
                column,
                note=note,
                primary=column.name in primary_key,
                unique=primary_key == [column.name],
            )
        )
    schema: dict = {"fields": fields, "missingValues": list(MISSING_VALUES)}
    if primary_key:
        schema["primaryKey"] = primary_key
    region_columns = [c.name for c in columns if c.role is ColumnRole.region]
    if region_columns:
        schema["foreignKeys"] = [
            {
                "fields": [name],
                "reference": {"resource": REGIONS_RESOURCE, "fields": ["regio_code"]},
            }
            for name in region_columns
        ]
    return schema


def schema_hash(schema: dict) -> str:
    """sha256 over the structure of a schema: names, types, units, constraints and keys.

    Titles and descriptions are left out on purpose: rewording a description is not a schema
    change and must not force a new major version.
    """
    structure = {
        "fields": [
            {k: f[k] for k in ("name", "type", "format", "unit", "constraints") if k in f}
            for f in schema["fields"]
        ],
        "primaryKey": schema.get("primaryKey", []),
        "foreignKeys": schema.get("foreignKeys", []),
        "missingValues": schema.get("missingValues", []),
    }
    text = json.dumps(structure, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()
