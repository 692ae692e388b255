"""PROV-O JSON-LD per run parses with rdflib and carries the expected provenance triples."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import PROV, RDF

from haarlem_opendata.lineage.prov import (
    HAARLEM,
    SPDX,
    build_prov,
    dataset_version_iri,
    run_iri,
    source_iri,
    write_run_prov,
)
from haarlem_opendata.lineage.releases import load_releases
from haarlem_opendata.runinfo import RunInfo

from .conftest import make_release


def test_prov_jsonld_round_trips_with_the_expected_triples(catalog, history, tmp_path):
    releases = load_releases(history)
    this_run = [
        make_release(
            "rioolbelasting",
            "1.2.0",
            "2026-05-02T10:00:00",
            run_id="run-42",
            besluiten=["HLM-2026-RB-014"],
        ),
        make_release("meldingen", "1.1.0", "2026-05-02T10:01:00", run_id="run-42"),
    ]
    run = RunInfo(
        run_id="run-42",
        git_commit="abc123",
        pipeline_version="0.1.0",
        started_at=datetime(2026, 5, 2, 9, 58, tzinfo=UTC),
    )
    [path] = write_run_prov(this_run, catalog, tmp_path / "prov", run=run, history=releases)
    assert path.name == "run-42.prov.jsonld"
    document = json.loads(path.read_text())
    assert "@context" in document

    g = Graph().parse(path, format="json-ld")
    assert isomorphic(g, build_prov(this_run, catalog, run, releases))

    activity = run_iri("run-42")
    riool = dataset_version_iri("rioolbelasting", "1.2.0")
    meld = dataset_version_iri("meldingen", "1.1.0")
    src = source_iri("rioolbelasting", "bron", catalog["rioolbelasting"])
    assert (activity, RDF.type, PROV.Activity) in g
    assert (HAARLEM, RDF.type, PROV.Agent) in g
    assert (activity, PROV.wasAssociatedWith, HAARLEM) in g
    for entity in (riool, meld):
        assert (entity, RDF.type, PROV.Entity) in g
        assert (entity, PROV.wasGeneratedBy, activity) in g
        assert (entity, PROV.wasAttributedTo, HAARLEM) in g
    assert (riool, PROV.wasDerivedFrom, src) in g
    assert (src, RDF.type, PROV.Entity) in g
    assert (activity, PROV.used, src) in g
    assert (riool, PROV.wasRevisionOf, dataset_version_iri("rioolbelasting", "1.1.0")) in g
    assert (meld, PROV.wasRevisionOf, dataset_version_iri("meldingen", "1.0.0")) in g
    assert (riool, PROV.generatedAtTime, None) in g
    assert (activity, PROV.startedAtTime, None) in g
    [checksum] = g.objects(riool, SPDX.checksum)
    value = g.value(checksum, SPDX.checksumValue)
    assert "sha256:" + str(value) == this_run[0].data_hash
    assert (
        riool,
        URIRef("http://purl.org/dc/terms/isReferencedBy"),
        URIRef("urn:haarlem-opendata:besluit:HLM-2026-RB-014"),
    ) in g
    assert (URIRef("urn:haarlem-opendata:software:0.1.0"), PROV.actedOnBehalfOf, HAARLEM) in g


def test_one_file_per_run(catalog, history, tmp_path):
    releases = load_releases(history)
    paths = write_run_prov(releases, catalog, tmp_path)
    assert len(paths) == len({r.run_id for r in releases})
    for path in paths:
        g = Graph().parse(path, format="json-ld")
        assert len(list(g.subjects(RDF.type, PROV.Activity))) == 1
        assert (None, PROV.wasGeneratedBy, None) in g
        assert Literal("Gemeente Haarlem", lang="nl") in set(g.objects(HAARLEM, None))
