"""A fault half-way leaves the portal as it was, and the next run finishes the job."""

from __future__ import annotations

import errno
import hashlib
import json
import shutil

import geopandas as gpd

from tests.dagster_helpers import materialized, run_job, step_errors


def _portal_state(folder) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.iterdir())
        if p.is_file()
    }


def test_disk_full_while_publishing_keeps_the_old_release_and_the_next_run_completes(
    project_copy, monkeypatch
):
    first = run_job("rioolbelasting_job")
    assert first.success, step_errors(first)
    folder = project_copy.portal_dir / "rioolbelasting"
    before = _portal_state(folder)
    assert json.loads((folder / "datapackage.json").read_text())["version"] == "1.0.0"

    path = project_copy.datasets_dir / "data/rioolbelasting_adressen.parquet"
    adressen = gpd.read_parquet(path)
    adressen.loc[adressen.index[0], "bewoners"] += 2
    adressen.to_parquet(path, index=False)

    from haarlem_opendata.publish import local

    real_copy = shutil.copyfile
    copies = {"n": 0}

    def copy_until_the_disk_is_full(src, dst, *args, **kwargs):
        copies["n"] += 1
        if copies["n"] > 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_copy(src, dst, *args, **kwargs)

    monkeypatch.setattr(local.shutil, "copyfile", copy_until_the_disk_is_full)
    failed = run_job("rioolbelasting_job")
    assert not failed.success
    assert ("rioolbelasting", "published") not in materialized(failed)
    assert _portal_state(folder) == before  # the public still sees the complete old release

    monkeypatch.setattr(local.shutil, "copyfile", real_copy)
    again = run_job("rioolbelasting_job")
    assert again.success, step_errors(again)
    package = json.loads((folder / "datapackage.json").read_text())
    assert package["version"] == "1.1.0"
    for resource in package["resources"]:
        digest = hashlib.sha256((folder / resource["path"]).read_bytes()).hexdigest()
        assert resource["hash"] == "sha256:" + digest
    releases = (project_copy.work_dir / "releases.jsonl").read_text().splitlines()
    versions = [json.loads(line)["version"] for line in releases]
    assert versions == ["1.0.0", "1.1.0"]
