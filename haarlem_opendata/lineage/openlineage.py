"""OpenLineage run events for each publication, with the besluiten as a custom dataset facet.

OpenLineage is what lineage tools (Marquez, DataHub, OpenMetadata, Purview…) ingest. Each publish
of a dataset version becomes a START and a COMPLETE run event: the sources as inputs, the published
dataset as output with its version, schema, portal and — in the custom ``besluiten`` facet — the
decisions that rest on it. By default events go to JSON-lines files under ``work/openlineage/``
(the client's file transport); pass another client to send them to a lineage server.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from importlib.metadata import version as package_version
from pathlib import Path
from urllib.parse import urlparse

import attr
from openlineage.client import OpenLineageClient
from openlineage.client.event_v2 import InputDataset, Job, OutputDataset, Run, RunEvent, RunState
from openlineage.client.facet_v2 import (
    DatasetFacet,
    RunFacet,
    dataset_version_dataset,
    datasource_dataset,
    documentation_dataset,
    job_type_job,
    processing_engine_run,
    schema_dataset,
)
from openlineage.client.transport.file import FileConfig, FileTransport

from haarlem_opendata import __version__
from haarlem_opendata.lineage.releases import Release
from haarlem_opendata.runinfo import RunInfo
from haarlem_opendata.spec import BesluitenRegister, DatasetSpec

NAMESPACE = "haarlem-opendata"
PRODUCER = f"urn:haarlem-opendata:{__version__}"
FACET_SCHEMA_FILE = Path(__file__).resolve().parent / "schemas" / "BesluitenDatasetFacet.json"
FACET_SCHEMA_URL = (
    "urn:haarlem-opendata:openlineage:BesluitenDatasetFacet:1-0-0#/$defs/BesluitenDatasetFacet"
)
_RUN_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:haarlem-opendata:run")


@attr.define
class BesluitenDatasetFacet(DatasetFacet):
    """The besluiten resting on a dataset (schema: ``schemas/BesluitenDatasetFacet.json``)."""

    besluiten: list[dict] = attr.field(factory=list)

    @staticmethod
    def _get_schema() -> str:
        return FACET_SCHEMA_URL


def openlineage_run_id(run_id: str) -> str:
    """OpenLineage wants a UUID; Dagster run ids are UUIDs, anything else is mapped stably."""
    try:
        return str(uuid.UUID(run_id))
    except ValueError:
        return str(uuid.uuid5(_RUN_NAMESPACE, run_id))


def _location(url: str) -> tuple[str, str]:
    """OpenLineage (namespace, name) for a URL or path, following its naming conventions."""
    parsed = urlparse(url)
    if parsed.scheme in ("http", "https"):
        return f"{parsed.scheme}://{parsed.netloc}", parsed.path or "/"
    if parsed.scheme == "file":
        return "file", parsed.path
    return "file", url


def _besluiten_facet(spec: DatasetSpec, register: BesluitenRegister) -> BesluitenDatasetFacet:
    besluiten = []
    for identificatie in spec.besluiten:
        if identificatie not in register:
            continue
        b = register.get(identificatie)
        entry: dict[str, object] = {
            "identificatie": b.identificatie,
            "verantwoordelijkeOrganisatie": b.verantwoordelijkeOrganisatie,
            "titel": b.titel,
            "bestuursorgaan": b.bestuursorgaan.value,
            "besluittype": b.besluittype,
            "datum": b.datum.isoformat(),
            "ingangsdatum": b.ingangsdatum.isoformat(),
            "voorbeeld": b.voorbeeld,
        }
        links = {k: v for k, v in b.links.model_dump().items() if v}
        if links:
            entry["links"] = links
        besluiten.append(entry)
    return BesluitenDatasetFacet(besluiten=besluiten, producer=PRODUCER)


def _inputs(spec: DatasetSpec, source_mode: str) -> list[InputDataset]:
    inputs = []
    for source in spec.sources.values():
        if source_mode == "remote" and source.remote is not None:
            namespace, path = _location(source.remote.url)
        else:
            namespace, path = "file", f"datasets/{source.local.path}"
        facets: dict[str, DatasetFacet] = {
            "documentation": documentation_dataset.DocumentationDatasetFacet(
                description=f"{source.citation.title} ({source.citation.publisher})",
                producer=PRODUCER,
            )
        }
        inputs.append(InputDataset(namespace=namespace, name=path, facets=facets))
    return inputs


def _output(release: Release, spec: DatasetSpec, register: BesluitenRegister) -> OutputDataset:
    namespace, name = _location(release.portal_url)
    fields = [
        schema_dataset.SchemaDatasetFacetFields(name=c.name, type=c.type.value, description=c.title)
        for c in spec.published_columns
    ]
    facets = {
        "version": dataset_version_dataset.DatasetVersionDatasetFacet(
            datasetVersion=release.version, producer=PRODUCER
        ),
        "documentation": documentation_dataset.DocumentationDatasetFacet(
            description=spec.description, producer=PRODUCER
        ),
        "schema": schema_dataset.SchemaDatasetFacet(fields=fields, producer=PRODUCER),
        "dataSource": datasource_dataset.DatasourceDatasetFacet(
            name=f"{release.portal}-portaal", uri=release.portal_url, producer=PRODUCER
        ),
        "besluiten": _besluiten_facet(spec, register),
    }
    return OutputDataset(namespace=namespace, name=name, facets=facets)


def publication_events(
    release: Release,
    spec: DatasetSpec,
    register: BesluitenRegister,
    run: RunInfo | None = None,
    source_mode: str = "local",
) -> list[RunEvent]:
    """START and COMPLETE events for one publication."""
    run_facets: dict[str, RunFacet] = {
        "processing_engine": processing_engine_run.ProcessingEngineRunFacet(
            version=run.pipeline_version if run else __version__,
            name="haarlem-opendata",
            openlineageAdapterVersion=package_version("openlineage-python"),
            producer=PRODUCER,
        )
    }
    ol_run = Run(runId=openlineage_run_id(release.run_id), facets=run_facets)
    job = Job(
        namespace=NAMESPACE,
        name=f"{spec.name}.published",
        facets={
            "jobType": job_type_job.JobTypeJobFacet(
                processingType="BATCH", integration="DAGSTER", jobType="ASSET", producer=PRODUCER
            )
        },
    )
    started: datetime = (
        run.started_at if run and run.run_id == release.run_id else release.published_at
    )
    inputs = _inputs(spec, source_mode)
    start = RunEvent(
        eventType=RunState.START,
        eventTime=started.isoformat(),
        run=ol_run,
        job=job,
        inputs=inputs,
        outputs=[],
        producer=PRODUCER,
    )
    complete = RunEvent(
        eventType=RunState.COMPLETE,
        eventTime=release.published_at.isoformat(),
        run=ol_run,
        job=job,
        inputs=inputs,
        outputs=[_output(release, spec, register)],
        producer=PRODUCER,
    )
    return [start, complete]


def file_client(out_dir: str | Path, dataset: str) -> OpenLineageClient:
    """A client writing JSON lines to ``<out_dir>/<dataset>.jsonl`` (appending)."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    transport = FileTransport(
        FileConfig(log_file_path=str(out_dir / f"{dataset}.jsonl"), append=True)
    )
    return OpenLineageClient(transport=transport)


def emit_publication_events(
    release: Release,
    spec: DatasetSpec,
    register: BesluitenRegister,
    out_dir: str | Path,
    run: RunInfo | None = None,
    client: OpenLineageClient | None = None,
) -> Sequence[RunEvent]:
    """Emit the events of one publication (file transport into ``out_dir`` unless a client is
    given)."""
    events = publication_events(release, spec, register, run)
    client = client or file_client(out_dir, spec.name)
    for event in events:
        client.emit(event)
    return events
