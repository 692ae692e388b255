"""The release history is append-only, survives concurrent writers and answers 'current at'."""

from __future__ import annotations

import json
from concurrent.futures import ProcessPoolExecutor
from datetime import date

import pytest

from haarlem_opendata.errors import InputError
from haarlem_opendata.lineage.releases import (
    latest_release,
    load_releases,
    record_release,
    releases_current_at,
)

from .conftest import make_release


def test_lines_follow_the_contract(history):
    lines = history.read_text().splitlines()
    assert len(lines) == 7
    first = json.loads(lines[0])
    assert set(first) == {
        "dataset",
        "version",
        "published_at",
        "data_hash",
        "schema_hash",
        "resources",
        "run_id",
        "git_commit",
        "portal",
        "portal_url",
        "besluiten",
    }
    assert first["published_at"].endswith("Z")


def test_same_version_on_same_portal_is_recorded_once(history):
    before = history.read_bytes()
    again = make_release("meldingen", "1.0.0", "2026-03-01T10:00:00")
    assert record_release(history, again) is False
    assert history.read_bytes() == before


def test_latest_and_current_at(history):
    releases = load_releases(history)
    assert latest_release(releases, "buurtcijfers").version == "2.0.0"
    assert latest_release(releases, "meldingen", portal="ckan").portal == "ckan"
    assert latest_release(releases, "onbekend") is None
    assert [
        r.version for r in releases_current_at(releases, "buurtcijfers", date(2018, 6, 27))
    ] == ["1.0.0"]
    assert [
        r.version for r in releases_current_at(releases, "buurtcijfers", date(2018, 6, 28))
    ] == ["1.1.0"]
    assert releases_current_at(releases, "buurtcijfers", date(2018, 2, 28)) == []


def test_release_late_in_the_utc_day_counts_for_the_next_dutch_day(tmp_path):
    path = tmp_path / "r.jsonl"
    record_release(
        path, make_release("meldingen", "1.0.0", "2026-03-09T23:30:00")
    )  # 00:30 on the 10th
    releases = load_releases(path)
    assert releases_current_at(releases, "meldingen", date(2026, 3, 9)) == []
    assert len(releases_current_at(releases, "meldingen", date(2026, 3, 10))) == 1


def _append(args):
    path, i = args
    return record_release(path, make_release("meldingen", f"1.{i}.0", "2026-02-01T10:00:00"))


def test_concurrent_appends_lose_nothing(tmp_path):
    path = str(tmp_path / "r.jsonl")
    with ProcessPoolExecutor(max_workers=4) as pool:
        assert all(pool.map(_append, [(path, i) for i in range(24)]))
    versions = sorted(r.version for r in load_releases(path))
    assert versions == sorted(f"1.{i}.0" for i in range(24))


def test_bad_line_names_file_row_and_field(history):
    with history.open("a") as f:
        f.write(json.dumps({"dataset": "x", "version": "1.0"}) + "\n")
    with pytest.raises(InputError) as err:
        load_releases(history)
    assert err.value.file == str(history)
    assert err.value.row == 8
    assert err.value.column == "version"


def test_unfinished_last_line_blocks_appending(history):
    with history.open("a") as f:
        f.write('{"dataset": "meld')
    with pytest.raises(InputError, match="unfinished"):
        record_release(history, make_release("meldingen", "9.0.0", "2026-02-01T10:00:00"))


def test_naive_timestamps_are_refused():
    from haarlem_opendata.lineage.releases import Release

    data = json.loads(make_release("meldingen", "1.0.0", "2026-02-01T10:00:00").to_json_line())
    data["published_at"] = "2026-02-01T10:00:00"
    with pytest.raises(ValueError, match="time zone"):
        Release.model_validate(data)


def test_missing_history_is_empty(tmp_path):
    assert load_releases(tmp_path / "none.jsonl") == []
