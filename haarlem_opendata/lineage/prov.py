"""W3C PROV-O provenance per pipeline run, as JSON-LD, built with rdflib.

PROV-O is the open standard for "what was made from what, by which activity, on whose behalf":
the upstream sources and each published dataset version are ``prov:Entity``, the run is a
``prov:Activity``, and Gemeente Haarlem (by its TOOI identifier) is the ``prov:Agent`` responsible.
Any RDF tool — a triple store, a SHACL validator, the national data catalogue — can read it
without knowing this pipeline. Content hashes are attached with the SPDX checksum vocabulary,
as DCAT 3 does for distributions.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from pathlib import Path

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, XSD

from haarlem_opendata.atomic import atomic_write_text
from haarlem_opendata.lineage.releases import Release
from haarlem_opendata.runinfo import RunInfo
from haarlem_opendata.spec import DatasetSpec

HAARLEM = URIRef("https://identifier.overheid.nl/tooi/id/gemeente/gm0392")
SPDX = Namespace("http://spdx.org/rdf/terms#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
URN = "urn:haarlem-opendata:"
CONTEXT = {
    "prov": str(PROV),
    "dcterms": str(DCTERMS),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "owl": str(OWL),
    "spdx": str(SPDX),
    "dcat": str(DCAT),
}


def _safe(part: str) -> str:
    return re.sub(r"[^A-Za-z0-9._~-]", "_", part)


def dataset_version_iri(dataset: str, version: str) -> URIRef:
    return URIRef(f"{URN}dataset:{_safe(dataset)}:{_safe(version)}")


def run_iri(run_id: str) -> URIRef:
    return URIRef(f"{URN}run:{_safe(run_id)}")


def source_iri(dataset: str, source: str, spec: DatasetSpec) -> URIRef:
    url = spec.sources[source].citation.url
    if url and url.startswith(("http://", "https://")):
        return URIRef(url)
    return URIRef(f"{URN}source:{_safe(dataset)}:{_safe(source)}")


def _checksum(graph: Graph, subject: URIRef, digest: str) -> None:
    algorithm, _, value = digest.partition(":")
    node = BNode()
    graph.add((subject, SPDX.checksum, node))
    graph.add((node, RDF.type, SPDX.Checksum))
    graph.add((node, SPDX.algorithm, SPDX[f"checksumAlgorithm_{algorithm}"]))
    graph.add((node, SPDX.checksumValue, Literal(value, datatype=XSD.hexBinary)))


def build_prov(
    releases: Iterable[Release],
    catalog: Mapping[str, DatasetSpec],
    run: RunInfo | None = None,
    history: Iterable[Release] = (),
) -> Graph:
    """PROV-O for the given releases (typically those of one run).

    ``history`` (the full release history) adds ``prov:wasRevisionOf`` to the previous version.
    """
    releases = list(releases)
    history = list(history)
    g = Graph()
    for prefix, ns in CONTEXT.items():
        g.bind(prefix, ns)

    g.add((HAARLEM, RDF.type, PROV.Agent))
    g.add((HAARLEM, RDF.type, PROV.Organization))
    g.add((HAARLEM, RDFS.label, Literal("Gemeente Haarlem", lang="nl")))

    by_run: dict[str, list[Release]] = defaultdict(list)
    for release in releases:
        by_run[release.run_id].append(release)

    for run_id, published in by_run.items():
        activity = run_iri(run_id)
        g.add((activity, RDF.type, PROV.Activity))
        g.add((activity, RDFS.label, Literal(f"Publicatierun {run_id}", lang="nl")))
        g.add((activity, DCTERMS.identifier, Literal(run_id)))
        g.add((activity, PROV.wasAssociatedWith, HAARLEM))
        ended = max(r.published_at for r in published)
        g.add((activity, PROV.endedAtTime, Literal(ended.isoformat(), datatype=XSD.dateTime)))
        commits = {r.git_commit for r in published if r.git_commit}
        if run is not None and run.run_id == run_id:
            g.add(
                (
                    activity,
                    PROV.startedAtTime,
                    Literal(run.started_at.isoformat(), datatype=XSD.dateTime),
                )
            )
            software = URIRef(f"{URN}software:{_safe(run.pipeline_version)}")
            g.add((software, RDF.type, PROV.SoftwareAgent))
            g.add((software, RDFS.label, Literal(f"haarlem-opendata {run.pipeline_version}")))
            g.add((software, PROV.actedOnBehalfOf, HAARLEM))
            g.add((activity, PROV.wasAssociatedWith, software))
            if run.git_commit:
                commits.add(run.git_commit)
        for commit in sorted(commits):
            g.add((activity, DCTERMS.hasVersion, Literal(commit)))

        for release in published:
            spec = catalog.get(release.dataset)
            entity = dataset_version_iri(release.dataset, release.version)
            g.add((entity, RDF.type, PROV.Entity))
            g.add((entity, RDF.type, DCAT.Dataset))
            g.add((entity, DCTERMS.identifier, Literal(f"{release.dataset} {release.version}")))
            g.add((entity, OWL.versionInfo, Literal(release.version)))
            if spec is not None:
                g.add((entity, DCTERMS.title, Literal(spec.title, lang="nl")))
            g.add((entity, PROV.wasGeneratedBy, activity))
            g.add((entity, PROV.wasAttributedTo, HAARLEM))
            g.add(
                (
                    entity,
                    PROV.generatedAtTime,
                    Literal(release.published_at.isoformat(), datatype=XSD.dateTime),
                )
            )
            if release.portal_url.startswith(("http://", "https://")):
                g.add((entity, DCAT.landingPage, URIRef(release.portal_url)))
            else:
                g.add((entity, PROV.atLocation, Literal(release.portal_url)))
            _checksum(g, entity, release.data_hash)
            for besluit in release.besluiten:
                g.add((entity, DCTERMS.isReferencedBy, URIRef(f"{URN}besluit:{_safe(besluit)}")))
            previous = [
                r
                for r in history
                if r.dataset == release.dataset and r.version_tuple < release.version_tuple
            ]
            if previous:
                before = max(previous, key=lambda r: r.version_tuple)
                g.add(
                    (
                        entity,
                        PROV.wasRevisionOf,
                        dataset_version_iri(before.dataset, before.version),
                    )
                )
            if spec is None:
                continue
            for name, source in spec.sources.items():
                src = source_iri(release.dataset, name, spec)
                g.add((src, RDF.type, PROV.Entity))
                g.add((src, DCTERMS.title, Literal(source.citation.title, lang="nl")))
                g.add((src, DCTERMS.publisher, Literal(source.citation.publisher)))
                if source.citation.license:
                    g.add((src, DCTERMS.license, Literal(source.citation.license)))
                g.add((entity, PROV.wasDerivedFrom, src))
                g.add((activity, PROV.used, src))
    return g


def prov_jsonld(graph: Graph) -> str:
    return graph.serialize(format="json-ld", context=CONTEXT, indent=2, sort_keys=True)


def write_run_prov(
    releases: Iterable[Release],
    catalog: Mapping[str, DatasetSpec],
    out_dir: str | Path,
    run: RunInfo | None = None,
    history: Iterable[Release] = (),
) -> list[Path]:
    """Write ``<out_dir>/<run_id>.prov.jsonld`` for every run among ``releases``."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    history = list(history)
    by_run: dict[str, list[Release]] = defaultdict(list)
    for release in releases:
        by_run[release.run_id].append(release)
    written = []
    for run_id, published in by_run.items():
        path = out_dir / f"{_safe(run_id)}.prov.jsonld"
        text = prov_jsonld(build_prov(published, catalog, run, history))
        atomic_write_text(path, text)
        written.append(path)
    return written
