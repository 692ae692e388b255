"""The asset factory: one dataset spec in, its Dagster assets, checks, job and schedule out.

This is the thin Dagster shell around the functional core (``stages``). Every dataset gets the
same chain and key scheme, grouped under the dataset's name in the UI:

    [name, "raw", <source>] → [name, "source"] → [name, "protected"] → [name, "datapackage"]
    → [name, "published"]

The protection checks on ``protected`` and the validation check on ``datapackage`` are blocking,
so nothing downstream of a failed check is ever materialized. A partitioned spec (gemeente × jaar,
see :mod:`haarlem_opendata.spec.partitions`) gets the same chain with Dagster partitions on every
asset; each step renders the spec of its run's partition and hands that to the core, so a check
blocks per partition. Raw stages carry row counts and
column names as metadata, never a preview; the published table is previewed only on the
published asset, i.e. after every blocking check (the last-line net on the files included) passed.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import dagster as dg
import pandas as pd

from haarlem_opendata import stages
from haarlem_opendata.catalog.partitions import default_partitions, for_partition, gemeenten
from haarlem_opendata.checks import CheckOutcome, required_checks
from haarlem_opendata.dagster.metadata import bundle_metadata
from haarlem_opendata.dagster.resources import PortalResource
from haarlem_opendata.protect.pipeline import ProtectedTable
from haarlem_opendata.settings import Settings
from haarlem_opendata.spec import DatasetSpec, slug

STAGES = ("source", "protected", "datapackage", "published")
PREVIEW_ROWS = 10


def asset_key(dataset: str, stage: str, *rest: str) -> dg.AssetKey:
    return dg.AssetKey([dataset, stage, *rest])


@dataclass(frozen=True)
class DatasetDefinitions:
    assets: list[dg.AssetsDefinition]
    checks: list[dg.AssetChecksDefinition]
    job: Any  # dagster's unresolved asset job (not exported at the top level)
    schedule: dg.ScheduleDefinition


def _table_metadata(table: pd.DataFrame) -> dict:
    return {
        "dagster/row_count": dg.MetadataValue.int(len(table)),
        "columns": dg.MetadataValue.json([str(c) for c in table.columns]),
    }


def _preview(table: pd.DataFrame) -> dg.MetadataValue:
    """The first rows of a *protected* table, as a Dagster table (geometry left out)."""
    head = table.head(PREVIEW_ROWS)
    if "geometry" in head.columns:
        head = pd.DataFrame(head.drop(columns="geometry"))
    columns = [str(c) for c in head.columns]
    records = [
        dg.TableRecord(
            {c: ("" if pd.isna(v) else str(v)) for c, v in zip(columns, row, strict=True)}
        )
        for row in head.itertuples(index=False)
    ]
    schema = dg.TableSchema(columns=[dg.TableColumn(c, "string") for c in columns])
    return dg.MetadataValue.table(records=records, schema=schema)


def _check_result(outcome: CheckOutcome) -> dg.AssetCheckResult:
    return dg.AssetCheckResult(
        passed=outcome.passed,
        severity=dg.AssetCheckSeverity.ERROR,
        description=outcome.description,
        metadata={"result": dg.MetadataValue.json(outcome.metadata)},
    )


def partitions_definition(spec: DatasetSpec, datasets_dir: Path) -> dg.PartitionsDefinition | None:
    """Gemeente × jaar for a partitioned spec (the CBS gemeente list; the spec's years)."""
    if spec.partitions is None:
        return None
    return dg.MultiPartitionsDefinition(
        {
            "gemeente": dg.StaticPartitionsDefinition(
                sorted(gemeenten(spec.partitions, datasets_dir))
            ),
            "jaar": dg.StaticPartitionsDefinition(spec.partitions.jaren),
        }
    )


def partition_key(gemeente: str, jaar: str) -> dg.MultiPartitionKey:
    return dg.MultiPartitionKey({"gemeente": gemeente, "jaar": jaar})


def _concrete(spec: DatasetSpec, context: Any, settings: Settings) -> DatasetSpec:
    """The spec of this run's partition (the spec itself when it is not partitioned)."""
    if spec.partitions is None:
        return spec
    keys = context.partition_key.keys_by_dimension
    return for_partition(spec, keys["gemeente"], keys["jaar"], settings.datasets_dir)


def build_dataset_definitions(
    spec: DatasetSpec, audited_after: Sequence[str] = (), *, datasets_dir: Path
) -> DatasetDefinitions:
    """``audited_after``: datasets whose new data package this one's linkage audit must see."""
    name = spec.name
    group = slug(name)
    partitions_def = partitions_definition(spec, datasets_dir)
    raw_assets = [_raw_asset(spec, source, partitions_def) for source in spec.sources]

    @dg.asset(
        key=asset_key(name, "source"),
        group_name=group,
        ins={f"raw_{slug(s)}": dg.AssetIn(key=asset_key(name, "raw", s)) for s in spec.sources},
        description=(
            f"{spec.title}: ruwe brontabel (bevat mogelijk persoonsgegevens; blijft in de ruwe "
            "fase)."
        ),
        kinds={"pandas"},
        io_manager_key="raw_io_manager",
        partitions_def=partitions_def,
    )
    def source_asset(
        context: dg.AssetExecutionContext,
        settings: dg.ResourceParam[Settings],
        **raws: pd.DataFrame,
    ) -> pd.DataFrame:
        by_source = {s: raws[f"raw_{slug(s)}"] for s in spec.sources}
        table = stages.combine_sources(_concrete(spec, context, settings), by_source)
        context.add_output_metadata(_table_metadata(table))
        return table

    @dg.asset(
        key=asset_key(name, "protected"),
        group_name=group,
        ins={"source": dg.AssetIn(key=asset_key(name, "source"))},
        deps=[asset_key(other, "datapackage") for other in audited_after],
        description=f"{spec.title}: beveiligde tabel — het enige dat de ruwe fase mag verlaten.",
        kinds={"pandas"},
        partitions_def=partitions_def,
    )
    def protected_asset(
        context: dg.AssetExecutionContext,
        source: pd.DataFrame,
        settings: dg.ResourceParam[Settings],
    ) -> ProtectedTable:
        protected = stages.protect(_concrete(spec, context, settings), source, settings=settings)
        # No preview here: the blocking checks have not run yet. The preview is shown on the
        # data package, which only exists once every check on this table has passed.
        context.add_output_metadata(
            {
                **_table_metadata(protected.table),
                "protection": dg.MetadataValue.json(protected.protection.to_dict()),
            }
        )
        return protected

    checks = [_protection_check(spec, check, partitions_def) for check in required_checks(spec)]

    @dg.asset(
        key=asset_key(name, "datapackage"),
        group_name=group,
        ins={"protected": dg.AssetIn(key=asset_key(name, "protected"))},
        description=f"{spec.title}: Frictionless Data Package met bestanden in open formaten.",
        kinds={"json"},
        partitions_def=partitions_def,
    )
    def datapackage_asset(
        context: dg.AssetExecutionContext,
        protected: ProtectedTable,
        settings: dg.ResourceParam[Settings],
    ) -> dict:
        bundle = stages.package(
            _concrete(spec, context, settings), protected, run_id=context.run_id, settings=settings
        )
        # No preview here either: the last-line net (pii_net) has not looked at the files yet.
        context.add_output_metadata(bundle_metadata(bundle))
        return {"path": str(bundle.path), "version": bundle.version, "changed": bundle.changed}

    @dg.asset_check(
        asset=asset_key(name, "datapackage"),
        name="datapackage_valid",
        blocking=True,
        partitions_def=partitions_def,
        description="Het datapakket en de bestanden zijn geldig volgens Frictionless.",
    )
    def datapackage_check(
        context: dg.AssetCheckExecutionContext,
        datapackage_asset: dict,
        settings: dg.ResourceParam[Settings],
    ) -> dg.AssetCheckResult:
        concrete = _concrete(spec, context, settings)
        return _check_result(stages.validate_package(concrete, datapackage_asset["path"]))

    @dg.asset_check(
        asset=asset_key(name, "datapackage"),
        name="pii_net",
        blocking=True,
        partitions_def=partitions_def,
        description="Laatste vangnet: geen telefoonnummer, BSN, IBAN, e-mailadres of postcode met "
        "huisnummer in enig bestand van de bundel (los van Presidio).",
    )
    def net_check(
        context: dg.AssetCheckExecutionContext,
        datapackage_asset: dict,
        settings: dg.ResourceParam[Settings],
    ) -> dg.AssetCheckResult:
        concrete = _concrete(spec, context, settings)
        return _check_result(
            stages.net_check(concrete, datapackage_asset["path"], settings=settings)
        )

    @dg.asset(
        key=asset_key(name, "published"),
        group_name=group,
        ins={"datapackage": dg.AssetIn(key=asset_key(name, "datapackage"))},
        description=f"{spec.title}: gepubliceerd op het portaal.",
        kinds={"ckan"},
        partitions_def=partitions_def,
    )
    def published_asset(
        context: dg.AssetExecutionContext,
        datapackage: dict,
        portal: PortalResource,
        settings: dg.ResourceParam[Settings],
    ) -> dict:
        concrete = _concrete(spec, context, settings)
        publication = stages.publish(
            concrete, datapackage["path"], portal=portal, run_id=context.run_id, settings=settings
        )
        outcome = publication.to_metadata()
        published_csv = pd.read_csv(
            Path(datapackage["path"]) / f"{concrete.name}.csv",
            nrows=PREVIEW_ROWS,
            dtype=str,
            keep_default_na=False,
        )
        context.add_output_metadata(
            {
                **{
                    k: dg.MetadataValue.json(v) if isinstance(v, (dict, list)) else v
                    for k, v in outcome.items()
                    if v is not None
                },
                # The preview: the first rows as the public downloads them, shown only now that
                # every blocking check (pii_net on the files included) has passed.
                "preview": _preview(published_csv),
            }
        )
        return outcome

    job = dg.define_asset_job(
        name=f"{group}_job",
        selection=dg.AssetSelection.groups(group),
        description=f"{spec.title}: van bron tot publicatie.",
    )
    schedule = _schedule(spec, group, job)
    return DatasetDefinitions(
        assets=[*raw_assets, source_asset, protected_asset, datapackage_asset, published_asset],
        checks=[*checks, datapackage_check, net_check],
        job=job,
        schedule=schedule,
    )


def _schedule(spec: DatasetSpec, group: str, job: Any) -> dg.ScheduleDefinition:
    """Monthly, off by default; a partitioned dataset runs its ``publiceer`` gemeenten."""
    if spec.partitions is None:
        return dg.ScheduleDefinition(
            name=f"{group}_monthly",
            job=job,
            cron_schedule=spec.schedule,
            execution_timezone="Europe/Amsterdam",
            default_status=dg.DefaultScheduleStatus.STOPPED,
        )
    wanted = default_partitions(spec)

    @dg.schedule(
        name=f"{group}_monthly",
        job=job,
        cron_schedule=spec.schedule,
        execution_timezone="Europe/Amsterdam",
        default_status=dg.DefaultScheduleStatus.STOPPED,
    )
    def monthly(context: dg.ScheduleEvaluationContext):
        stamp = context.scheduled_execution_time.strftime("%Y-%m")
        for gemeente, jaar in wanted:
            yield dg.RunRequest(
                run_key=f"{stamp}-{gemeente}-{jaar}", partition_key=partition_key(gemeente, jaar)
            )

    return monthly


def _raw_asset(
    spec: DatasetSpec, source_name: str, partitions_def: dg.PartitionsDefinition | None
) -> dg.AssetsDefinition:
    source = spec.sources[source_name]
    label = " (gegenereerd)" if source.generated else ""
    personal = " Bevat persoonsgegevens." if source.personal_data else ""

    @dg.asset(
        key=asset_key(spec.name, "raw", source_name),
        group_name=slug(spec.name),
        description=f"{source.description}{label}{personal}",
        metadata={
            "generated": source.generated,
            "personal_data": source.personal_data,
            "citation": dg.MetadataValue.json(source.citation.model_dump(exclude_none=True)),
        },
        kinds={"pandas"},
        io_manager_key="raw_io_manager",
        partitions_def=partitions_def,
    )
    def raw_asset(
        context: dg.AssetExecutionContext, settings: dg.ResourceParam[Settings]
    ) -> pd.DataFrame:
        table = stages.load_raw(_concrete(spec, context, settings), source_name, settings=settings)
        context.add_output_metadata(_table_metadata(table))
        return table

    return raw_asset


def _protection_check(
    spec: DatasetSpec, check_name: str, partitions_def: dg.PartitionsDefinition | None
) -> dg.AssetChecksDefinition:
    @dg.asset_check(
        asset=asset_key(spec.name, "protected"),
        name=check_name,
        blocking=True,
        partitions_def=partitions_def,
        description=stages.CHECK_DESCRIPTIONS[check_name],
    )
    def protection_check(
        context: dg.AssetCheckExecutionContext,
        protected: ProtectedTable,
        settings: dg.ResourceParam[Settings],
    ) -> dg.AssetCheckResult:
        concrete = _concrete(spec, context, settings)
        return _check_result(
            stages.run_and_record_check(concrete, check_name, protected, settings=settings)
        )

    return protection_check
