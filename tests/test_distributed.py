"""Several gemeente partitions on two Celery workers, with Dagster's storage in PostgreSQL.

Real pieces only: ``scripts/dagster-cluster`` starts PostgreSQL 15 (run and event storage through
dagster-postgres), Redis (the broker) and two ``haarlem-opendata werker`` processes (dagster-
celery's step task); the steward's ``haarlem-opendata run`` launches one run per partition with
the celery executor. One partition carries a planted BSN: its blocking check must stop that
partition alone while the others are published.
"""

from __future__ import annotations

import os
import subprocess
import uuid

import pandas as pd
import pytest

from tests.conftest import PROJECT_ROOT
from tests.planting import plant_bsn_in_buurtcijfers

GEMEENTEN = ["GM0392", "GM1680", "GM0358"]  # Haarlem, Aa en Hunze, Aalsmeer
BLOCKED = "GM0358"
CLUSTER = PROJECT_ROOT / "scripts" / "dagster-cluster"


@pytest.fixture
def cluster(project_copy, tmp_path):
    """Two workers on a fresh database and broker; everything stopped and dropped afterwards."""
    env = {
        **os.environ,
        "HAARLEM_OPENDATA_CLUSTER_DB": f"haarlem_dagster_{uuid.uuid4().hex[:8]}",
        "HAARLEM_OPENDATA_CLUSTER_REDIS_PORT": "6393",
    }
    env.pop("DAGSTER_HOME", None)  # the cluster's instance lives in the work folder
    started = subprocess.run(
        [str(CLUSTER), "start", "2"], env=env, capture_output=True, text=True, timeout=300
    )
    try:
        assert started.returncode == 0, started.stderr
        for line in started.stdout.splitlines():
            name, _, value = line.removeprefix("export ").partition("=")
            env[name] = value
        yield env, project_copy
    finally:
        subprocess.run([str(CLUSTER), "drop"], env=env, capture_output=True, timeout=120)


def test_partitions_run_on_two_workers_and_a_check_blocks_its_own_partition(cluster):
    env, cfg = cluster
    plant_bsn_in_buurtcijfers(cfg.datasets_dir, BLOCKED, row=3)
    args = ["uv", "run", "--frozen", "haarlem-opendata", "run", "-d", "buurtcijfers"]
    for gemeente in GEMEENTEN:
        args += ["-g", gemeente]
    done = subprocess.run(
        args, env=env, cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=900
    )
    assert done.returncode == 1, done.stdout + done.stderr  # one partition blocked

    # published: Haarlem under the dataset's own name, Aa en Hunze under its partition name
    assert (cfg.portal_dir / "buurtcijfers" / "datapackage.json").exists()
    assert (cfg.portal_dir / "buurtcijfers-gm1680" / "datapackage.json").exists()
    assert not (cfg.portal_dir / "buurtcijfers-gm0358").exists()
    haarlem = pd.read_csv(cfg.portal_dir / "buurtcijfers" / "buurtcijfers.csv", dtype=str)
    assert haarlem["regio_code"].str[2:6].eq("0392").all()
    aa_en_hunze = cfg.portal_dir / "buurtcijfers-gm1680" / "buurtcijfers-gm1680.csv"
    assert "111222333" not in aa_en_hunze.read_text(encoding="utf-8")
    # the steward's summary says which partition was blocked, and by which check
    assert "geblokkeerd" in done.stdout and "pii_scan" in done.stdout

    # Dagster's runs, read back from PostgreSQL: one per partition, the blocked one by its check
    import dagster as dg

    instance = dg.DagsterInstance.from_config(env["DAGSTER_HOME"])
    assert type(instance.run_storage).__name__ == "PostgresRunStorage"
    runs = instance.get_runs()
    by_partition = {r.tags["dagster/partition"]: r for r in runs}
    assert set(by_partition) == {f"{g}|2017" for g in GEMEENTEN}
    published_key = dg.AssetKey(["buurtcijfers", "published"])
    for gemeente in GEMEENTEN:
        run = by_partition[f"{gemeente}|2017"]
        assert run.tags.get("dagster/partition/gemeente") == gemeente
        records = instance.get_records_for_run(run.run_id).records
        materialized = {
            r.event_log_entry.dagster_event.asset_key
            for r in records
            if r.event_log_entry.dagster_event
            and r.event_log_entry.dagster_event.is_step_materialization
        }
        checks = {
            r.event_log_entry.dagster_event.event_specific_data.check_name: (
                r.event_log_entry.dagster_event.event_specific_data.passed
            )
            for r in records
            if r.event_log_entry.dagster_event
            and r.event_log_entry.dagster_event.event_type_value == "ASSET_CHECK_EVALUATION"
        }
        if gemeente == BLOCKED:
            assert checks["pii_scan"] is False
            assert published_key not in materialized
        else:
            assert checks["pii_scan"] is True
            assert published_key in materialized
        # the planted value never reaches Dagster's storage, whatever the partition
        text = "\n".join(str(r.event_log_entry) for r in records)
        assert "111222333" not in text

    # both workers executed steps: the celery executor records which worker ran each step
    workers = {
        entry.text
        for run in runs
        for r in instance.get_records_for_run(run.run_id).records
        if r.event_log_entry.dagster_event
        and r.event_log_entry.dagster_event.event_type_value == "ENGINE_EVENT"
        for label, entry in (
            r.event_log_entry.dagster_event.event_specific_data.metadata or {}
        ).items()
        if label == "Celery worker"
    }
    assert {w.split("@")[0] for w in workers} == {"werker1", "werker2"}
    for log in (cfg.work_dir / "cluster").glob("werker*.log"):
        assert "111222333" not in log.read_text(), log.name
