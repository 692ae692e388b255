"""OpenLineage events per publication validate against the spec and carry the besluiten facet."""

from __future__ import annotations

import json
import uuid
from datetime import datetime
from pathlib import Path
from urllib.parse import urlparse

import jsonschema
import pytest

from haarlem_opendata.lineage.openlineage import (
    FACET_SCHEMA_FILE,
    emit_publication_events,
    openlineage_run_id,
)

from .conftest import make_release

RUN_EVENT_SCHEMA = Path(__file__).resolve().parent / "schemas" / "OpenLineage-RunEvent-2-0-2.json"


def _validator(schema_file: Path) -> jsonschema.Draft202012Validator:
    schema = json.loads(schema_file.read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def test_events_are_written_by_the_file_transport_and_validate(register, catalog, tmp_path):
    release = make_release(
        "rioolbelasting",
        "1.1.0",
        "2026-05-01T10:00:00",
        run_id="8f0c2a4e-3b1d-4c5e-9f7a-0a1b2c3d4e5f",
        besluiten=["HLM-2026-RB-014"],
    )
    out = tmp_path / "openlineage"
    emit_publication_events(release, catalog["rioolbelasting"], register, out)

    lines = (out / "rioolbelasting.jsonl").read_text().splitlines()
    events = [json.loads(line) for line in lines]
    assert [e["eventType"] for e in events] == ["START", "COMPLETE"]

    core = _validator(RUN_EVENT_SCHEMA)
    facet = _validator(FACET_SCHEMA_FILE)
    for event in events:
        core.validate(event)
        # jsonschema checks "uuid" itself; "date-time" and "uri" need optional libraries, so here:
        datetime.fromisoformat(event["eventTime"])
        assert urlparse(event["producer"]).scheme == "urn"
        assert event["run"]["runId"] == "8f0c2a4e-3b1d-4c5e-9f7a-0a1b2c3d4e5f"
        assert event["job"] == {
            **event["job"],
            "namespace": "haarlem-opendata",
            "name": "rioolbelasting.published",
        }

    [output] = events[1]["outputs"]
    assert output["namespace"] == "file" and output["name"] == "portal/rioolbelasting/"
    assert output["facets"]["version"]["datasetVersion"] == "1.1.0"
    besluiten = output["facets"]["besluiten"]
    facet.validate(besluiten)
    assert [b["identificatie"] for b in besluiten["besluiten"]] == ["HLM-2026-RB-014"]
    assert besluiten["besluiten"][0]["voorbeeld"] is True
    assert besluiten["_schemaURL"].endswith("#/$defs/BesluitenDatasetFacet")
    assert [f["name"] for f in output["facets"]["schema"]["fields"]] == ["buurt", "aantal"]
    assert [i["name"] for i in events[0]["inputs"]] == ["datasets/data/rioolbelasting.csv"]


def test_schema_rejects_what_the_spec_rejects(register, catalog, tmp_path):
    """The test schema is not a rubber stamp: broken events fail it."""
    release = make_release("meldingen", "1.0.0", "2026-02-01T10:00:00", portal="ckan")
    [_, event] = emit_publication_events(release, catalog["meldingen"], register, tmp_path)
    from openlineage.client.serde import Serde

    good = json.loads(Serde.to_json(event))
    core = _validator(RUN_EVENT_SCHEMA)
    core.validate(good)
    assert good["outputs"][0]["namespace"] == "http://ckan.test"
    for broken in (
        {k: v for k, v in good.items() if k != "producer"},
        {**good, "eventType": "DONE"},
        {**good, "run": {"facets": {}}},
        {**good, "run": {"runId": "not-a-uuid"}},
        {
            **good,
            "outputs": [
                {"namespace": "x", "name": "y", "facets": {"besluiten": {"besluiten": []}}}
            ],
        },
    ):
        with pytest.raises(jsonschema.ValidationError):
            core.validate(broken)
    bad_facet = {**good["outputs"][0]["facets"]["besluiten"], "besluiten": [{"identificatie": "x"}]}
    with pytest.raises(jsonschema.ValidationError):
        _validator(FACET_SCHEMA_FILE).validate(bad_facet)


def test_non_uuid_run_ids_map_stably_to_uuids():
    assert openlineage_run_id("run-42") == openlineage_run_id("run-42")
    assert openlineage_run_id("run-42") != openlineage_run_id("run-43")
    uuid.UUID(openlineage_run_id("run-42"))
    same = "8f0c2a4e-3b1d-4c5e-9f7a-0a1b2c3d4e5f"
    assert openlineage_run_id(same) == same
