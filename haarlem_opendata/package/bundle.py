"""Build a release bundle: files, ``datapackage.json``, ``privacy.md``, ``dcat.jsonld``,
``checks.json``.

The bundle is written into a temporary sibling folder and moved into place at the end, so a
publisher never sees half a release. Its version follows from content hashes of this release and
the previous one (:mod:`versioning`); nothing in it depends on the clock except ``created``, and
an unchanged release re-uses its existing bundle, so its files stay byte-identical and publishing
is a no-op.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd

from haarlem_opendata.errors import ProtectionError
from haarlem_opendata.fair.vocab import vocabularies
from haarlem_opendata.formats import CSV, GEOJSON, GPKG, PARQUET, FileFormat
from haarlem_opendata.package import files
from haarlem_opendata.package.checks import write_checks
from haarlem_opendata.package.datapackage import descriptor, privacy_section, provenance_section
from haarlem_opendata.package.privacy_note import privacy_note
from haarlem_opendata.package.regions import region_list, region_schema
from haarlem_opendata.package.tableschema import REGIONS_RESOURCE, schema_hash, table_schema
from haarlem_opendata.package.validate import sha256_file
from haarlem_opendata.package.versioning import next_version
from haarlem_opendata.protect.summary import ProtectionSummary
from haarlem_opendata.spec import ColumnRole, ColumnSpec, ColumnType, DatasetSpec


@dataclass
class Bundle:
    path: Path
    package: dict
    version: str
    data_hash: str
    schema_hash: str
    changed: bool
    fair: Any = None  # FairScore
    files: dict[str, str] = field(default_factory=dict)  # path -> sha256

    def to_metadata(self) -> dict:
        meta = {
            "version": self.version,
            "changed": self.changed,
            "data_hash": self.data_hash,
            "schema_hash": self.schema_hash,
            "files": dict(self.files),
        }
        if self.fair is not None:
            meta["fair"] = self.fair.to_metadata()
        return meta


def _published_columns(spec: DatasetSpec, table: pd.DataFrame) -> list[ColumnSpec]:
    leaked = [c for c in spec.direct_identifiers if c in table.columns]
    if leaked:
        raise ProtectionError(
            f"{spec.name}: direct identifier column(s) {leaked} reached the package stage; refusing"
        )
    published = spec.published_columns
    declared = {c.name for c in published}
    undeclared = [str(c) for c in table.columns if c not in declared]
    if undeclared:
        raise ProtectionError(
            f"{spec.name}: column(s) {undeclared} are not declared as published in the spec; "
            "refusing to package them"
        )
    return [c for c in published if c.name in table.columns]


def _resource(
    name: str,
    path: Path,
    *,
    fmt: FileFormat,
    title: str,
    description: str,
    schema: dict | None,
) -> dict:
    res: dict[str, Any] = {"name": name}
    if fmt.tabular:
        res["type"] = "table"
    res.update(
        {
            "path": path.name,
            "format": fmt.key,
            "mediatype": fmt.mediatype,
        }
    )
    if fmt.encoding:
        res["encoding"] = fmt.encoding
    if fmt.declares_bytes:
        res["bytes"] = path.stat().st_size
    res.update({"hash": sha256_file(path), "title": title, "description": description})
    if schema is not None:
        res["schema"] = schema
    return res


def parquet_schema(schema: dict) -> dict:
    """The table schema for the Parquet file: the same fields, and NaN declared missing, because
    the standard reader turns a null in an integer column into NaN (pandas' float) on the way."""
    return {**schema, "missingValues": [*schema.get("missingValues", []), "nan"]}


def content_hash(csv_hash: str, geojson_hash: str | None, extra: tuple[str, ...] = ()) -> str:
    """The release's data hash: the CSV's sha256, or for geodata one over the CSV and GeoJSON.

    Geometry is not in the CSV (spreadsheet users get the attribute table; GIS users the GeoJSON
    and GeoPackage), so a moved boundary must still count as a data change.
    Count tables derived from the records (``extra``, their CSV hashes) count the same way.
    """
    if geojson_hash is None and not extra:
        return csv_hash
    parts = [csv_hash, *([geojson_hash] if geojson_hash else []), *extra]
    joined = "".join(f"{p}\n" for p in parts).encode()
    return "sha256:" + hashlib.sha256(joined).hexdigest()


def combined_schema_hash(schema: dict, extra: list[dict]) -> str:
    """The release's schema hash: the main table's, or one over it and each count table's."""
    if not extra:
        return schema_hash(schema)
    joined = "".join(f"{schema_hash(s)}\n" for s in [schema, *extra]).encode()
    return "sha256:" + hashlib.sha256(joined).hexdigest()


def _write_data(
    spec: DatasetSpec,
    table: pd.DataFrame,
    columns: list[ColumnSpec],
    work: Path,
    count_tables: dict[str, pd.DataFrame] | None = None,
) -> tuple[list[dict], dict, str, list[dict]]:
    name = spec.name
    tabular = [c for c in columns if c.type is not ColumnType.geometry]
    missing = {c.name for c in tabular if table[c.name].isna().any()}
    schema = table_schema(spec, tabular, missing=missing)
    csv = work / f"{name}{CSV.extension}"
    files.write_csv(table, tabular, csv)
    parquet = work / f"{name}{PARQUET.extension}"
    files.write_parquet(table, tabular, parquet)
    resources = [
        _resource(
            name,
            csv,
            fmt=CSV,
            title=f"{spec.title} ({CSV.title})",
            description=CSV.description,
            schema=schema,
        ),
        _resource(
            f"{name}-{PARQUET.key}",
            parquet,
            fmt=PARQUET,
            title=f"{spec.title} ({PARQUET.title})",
            description=PARQUET.description,
            schema=parquet_schema(schema),
        ),
    ]
    geojson_hash = None
    if len(tabular) < len(columns):
        id_column = spec.primary_key[0] if len(spec.primary_key) == 1 else None
        geojson = work / f"{name}{GEOJSON.extension}"
        files.write_geojson(table, columns, geojson, id_column=id_column)
        gpkg = work / f"{name}{GPKG.extension}"
        files.write_gpkg(table, columns, gpkg, layer=name)
        for fmt, path in ((GEOJSON, geojson), (GPKG, gpkg)):
            resources.append(
                _resource(
                    f"{name}-{fmt.key}",
                    path,
                    fmt=fmt,
                    title=f"{spec.title} ({fmt.title})",
                    description=fmt.description,
                    schema=None,
                )
            )
        geojson_hash = _hash_of(resources, f"{name}-{GEOJSON.key}")
    count_resources, count_schemas = _write_count_tables(spec, count_tables or {}, work)
    resources += count_resources
    region_cols = [c.name for c in tabular if c.role is ColumnRole.region]
    if region_cols:
        codes = [v for col in region_cols for v in table[col].dropna().astype(str).tolist()]
        regions = region_list(codes)
        path = work / f"{REGIONS_RESOURCE}{CSV.extension}"
        regions.to_csv(path, index=False, encoding="utf-8", lineterminator="\n")
        resources.append(
            _resource(
                REGIONS_RESOURCE,
                path,
                fmt=CSV,
                title="Regio-indeling",
                description=(
                    "De gemeente, wijken en buurten waar de regiocodes in de tabel naar "
                    "verwijzen, met de regio waar elke wijk of buurt in ligt (CBS-codering)."
                ),
                schema=region_schema(),
            )
        )
    extra = tuple(r["hash"] for r in count_resources if r["format"] == "csv")
    csv_hash = _hash_of(resources, name)
    return resources, schema, content_hash(csv_hash, geojson_hash, extra), count_schemas


def _hash_of(resources: list[dict], name: str) -> str:
    """The hash of the resource called ``name``: chosen by name, never by list position."""
    return next(r["hash"] for r in resources if r["name"] == name)


def _write_count_tables(spec, tables: dict[str, pd.DataFrame], work: Path):
    from haarlem_opendata.package.count_tables import (
        COUNT_LAYOUT,
        count_layout,
        count_schema,
        resource_name,
        write_count_table,
    )

    resources, schemas = [], []
    for table_spec in spec.protection.count_tables:
        if table_spec.name not in tables:
            raise ProtectionError(
                f"{spec.name}: teltabel {table_spec.name} ontbreekt in de beveiligde uitvoer"
            )
        csv, parquet = write_count_table(spec.name, table_spec, tables[table_spec.name], work)
        schema = count_schema(table_spec)
        name = resource_name(spec.name, table_spec)
        for path, fmt, res_name, res_schema in (
            (csv, CSV, name, schema),
            (parquet, PARQUET, f"{name}-{PARQUET.key}", parquet_schema(schema)),
        ):
            resource = _resource(
                res_name,
                path,
                fmt=fmt,
                title=f"{table_spec.title} ({fmt.title})",
                description=f"{table_spec.description} {fmt.description}",
                schema=res_schema,
            )
            if fmt is CSV:  # how it was counted: what a later version is audited against
                resource[COUNT_LAYOUT] = count_layout(table_spec)
            resources.append(resource)
        schemas.append(schema)
    return resources, schemas


def build_bundle(
    spec: DatasetSpec,
    table: pd.DataFrame,
    *,
    out_dir: Path,
    protection: ProtectionSummary | dict[str, Any],
    checks: list[dict],
    run: Any,
    previous: dict | None,
    besluiten: list[dict] | None = None,
    metadata_dir: Path,
    data_fingerprint: str | None = None,
    portal_base_url: str | None = None,
    count_tables: dict[str, pd.DataFrame] | None = None,
    raw_encrypted: bool = False,
) -> Bundle:
    """Write the release bundle for one protected table into ``out_dir/<version>/``.

    ``previous`` is the last release (``{"version", "data_hash", "schema_hash"}``, optionally
    ``"created"``/``"published_at"``) or None; ``checks`` are the recorded outcomes of the
    protection checks (``{"name","passed","blocking","metadata"}``); ``run`` has ``run_id``,
    ``git_commit``, ``pipeline_version`` and ``started_at``.
    """
    from haarlem_opendata.fair.jsonld import dcat_jsonld
    from haarlem_opendata.fair.specs import validate_spec_metadata

    validate_spec_metadata(spec, metadata_dir)
    if not isinstance(protection, ProtectionSummary):  # a published summary, read back
        protection = ProtectionSummary.from_dict(protection)
    vocab = vocabularies(metadata_dir)
    columns = _published_columns(spec, table)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    work = out_dir / f".tmp-{uuid.uuid4().hex}"
    work.mkdir()
    try:
        resources, schema, data_hash, count_schemas = _write_data(
            spec, table, columns, work, count_tables
        )
        s_hash = combined_schema_hash(schema, count_schemas)
        decision = next_version(previous, data_hash=data_hash, schema_hash=s_hash)
        if not decision.changed:
            kept = _unchanged_release(out_dir / decision.version, data_hash, s_hash)
            if kept is not None:
                shutil.rmtree(work)
                write_checks(
                    kept,
                    dataset=spec.name,
                    version=decision.version,
                    fingerprint=data_fingerprint or data_hash,
                    checks=checks,
                )
                return _bundle(kept, data_hash, s_hash, changed=False, metadata_dir=metadata_dir)
        created: datetime | str = run.started_at
        if not decision.changed and previous:
            created = previous.get("created") or previous.get("published_at") or run.started_at
        if isinstance(created, str):
            created = datetime.fromisoformat(created)
        privacy = privacy_section(spec, protection, checks)
        package = descriptor(
            spec,
            vocab,
            version=decision.version,
            version_reason=decision.reason,
            created=created,
            resources=resources,
            privacy=privacy,
            provenance=provenance_section(spec, run, besluiten),
        )
        package["provenance"]["data_hash"] = data_hash
        package["provenance"]["schema_hash"] = s_hash
        (work / "datapackage.json").write_text(
            json.dumps(package, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
        contact = vocab.organisation.contact_email
        (work / "privacy.md").write_text(
            privacy_note(
                spec,
                protection,
                pii=privacy.get("pii"),
                version=decision.version,
                contact_email=contact,
                checks=checks,
            ),
            encoding="utf-8",
        )
        write_register(spec, work, raw_encrypted=raw_encrypted)
        (work / "dcat.jsonld").write_text(
            dcat_jsonld(package, portal_base_url=portal_base_url, metadata_dir=metadata_dir),
            encoding="utf-8",
        )
        write_checks(
            work,
            dataset=spec.name,
            version=decision.version,
            fingerprint=data_fingerprint or data_hash,
            checks=checks,
        )
        final = out_dir / decision.version
        if final.exists():
            shutil.rmtree(final)
        work.rename(final)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return _bundle(final, data_hash, s_hash, changed=decision.changed, metadata_dir=metadata_dir)


REGISTER_AND_NOTES = (
    "privacy.md",
    "dcat.jsonld",
    "verwerkingsregister.md",
    "verwerkingsregister.json",
)


def write_register(spec: DatasetSpec, folder: Path, *, raw_encrypted: bool) -> None:
    """The dataset's verwerkingsregister entry, derived from its spec (AVG art. 30)."""
    from haarlem_opendata.raw.register import register_entry, register_json, register_markdown

    entry = register_entry(
        spec,
        raw_location=(
            "de ruwe opslag van de pijplijn (HAARLEM_OPENDATA_RAW_DIR, standaard work/raw/)"
        ),
        encrypted=raw_encrypted,
    )
    (folder / "verwerkingsregister.json").write_text(register_json(entry), encoding="utf-8")
    (folder / "verwerkingsregister.md").write_text(register_markdown(entry), encoding="utf-8")


def _unchanged_release(folder: Path, data_hash: str, s_hash: str) -> Path | None:
    """The already-written bundle of an unchanged release, if it is still there and matches.

    Re-using it (instead of writing a new ``datapackage.json`` naming this run) keeps every file
    of an unchanged release byte-identical, so publishers see nothing to do.
    """
    try:
        package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return None
    provenance = package.get("provenance") or {}
    if provenance.get("data_hash") != data_hash or provenance.get("schema_hash") != s_hash:
        return None
    if not all((folder / name).is_file() for name in REGISTER_AND_NOTES):
        return None
    return folder


def _bundle(folder: Path, data_hash: str, s_hash: str, *, changed: bool, metadata_dir) -> Bundle:
    from haarlem_opendata.fair.score import fair_score

    package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    return Bundle(
        path=folder,
        package=package,
        version=package["version"],
        data_hash=data_hash,
        schema_hash=s_hash,
        changed=changed,
        fair=fair_score(package, bundle_dir=folder, metadata_dir=metadata_dir),
        files={r["path"]: r["hash"] for r in package["resources"]},
    )
