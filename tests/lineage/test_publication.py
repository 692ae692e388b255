"""After a publish, one call records the release and refreshes PROV, OpenLineage and the pages."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from haarlem_opendata.lineage.publication import record_publication, release_from_publish
from haarlem_opendata.lineage.releases import load_releases, releases_path
from haarlem_opendata.publish.result import PublishResult
from haarlem_opendata.runinfo import RunInfo
from haarlem_opendata.settings import Settings

H = "sha256:" + "ab" * 32


def test_record_publication_end_to_end(tmp_path, monkeypatch, register, catalog):
    monkeypatch.setenv("HAARLEM_OPENDATA_WORK_DIR", str(tmp_path / "work"))
    monkeypatch.setenv("HAARLEM_OPENDATA_PORTAL_DIR", str(tmp_path / "portal"))
    s = Settings()
    run = RunInfo(
        run_id="0f6e7a1c-1111-4222-8333-944455556666",
        git_commit="c0ffee",
        pipeline_version="0.1.0",
        started_at=datetime(2026, 1, 5, 9, 0, tzinfo=UTC),
    )
    result = PublishResult(
        portal="local",
        dataset="rioolbelasting",
        version="1.0.0",
        dataset_url=(tmp_path / "portal" / "rioolbelasting").as_uri(),
        resource_hashes={"rioolbelasting.csv": H, "datapackage.json": H},
    )
    release = release_from_publish(
        result,
        schema_hash=H,
        run=run,
        besluiten=["HLM-2026-RB-014"],
        published_at=datetime(2026, 1, 5, 10, 0, tzinfo=UTC),
    )
    assert release.data_hash == H and release.portal_url.startswith("file://")

    meta = record_publication(release, settings=s, catalog=catalog, register=register, run=run)
    assert meta["release_recorded"] is True
    json.dumps(meta)  # JSON-safe for Dagster metadata
    assert [r.version for r in load_releases(releases_path(s.work_dir))] == ["1.0.0"]
    assert (s.work_dir / "prov" / f"{run.run_id}.prov.jsonld").exists()
    events = (s.work_dir / "openlineage" / "rioolbelasting.jsonl").read_text().splitlines()
    assert len(events) == 2
    page = (s.portal_dir / "besluiten" / "hlm-2026-rb-014.html").read_text()
    assert "Versie <strong>1.0.0</strong>" in page

    again = record_publication(release, settings=s, catalog=catalog, register=register, run=run)
    assert again["release_recorded"] is False
    assert len((s.work_dir / "openlineage" / "rioolbelasting.jsonl").read_text().splitlines()) == 2
    assert len(load_releases(releases_path(s.work_dir))) == 1
