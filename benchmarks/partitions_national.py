"""Benchmark: every gemeente's buurtcijfers partition, end to end to a local portal, on workers.

What a steward does for a national run: ``scripts/dagster-cluster start <workers>`` (PostgreSQL
run/event storage, Redis broker, ``haarlem-opendata werker`` processes), then
``haarlem-opendata run -d buurtcijfers -g ...`` from ``--launchers`` shells at once, each with its
share of the gemeenten (real CBS 2017 list, 387). Measures the wall time, the time per partition
(run start to end, from Dagster's PostgreSQL run storage), each worker's peak memory (VmHWM of
its processes) and the workers' busy time, from which the scaling with more workers follows.
Writes benchmarks/results/partitions_national.json.

    uv run python benchmarks/partitions_national.py [--gemeenten 387] [--workers 2] [--launchers 2]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CLUSTER = ROOT / "scripts" / "dagster-cluster"


def _descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(parent, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(children.get(current, []))
    return found


def _peak_mb(pid: int) -> float:
    """The largest peak resident set (VmHWM) among a worker's processes, in MB."""
    peaks = []
    for p in _descendants(pid):
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peaks.append(int(line.split()[1]) / 1024)
        except OSError:
            continue
    return round(max(peaks, default=0.0), 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gemeenten", type=int, default=0, help="first N of the list (0: all)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--launchers", type=int, default=2)
    parser.add_argument(
        "--out", type=Path, default=ROOT / "benchmarks/results/partitions_national.json"
    )
    args = parser.parse_args()

    codes = [
        line.split(",")[0]
        for line in (ROOT / "datasets/data/cbs_gemeenten_2017.csv").read_text().splitlines()[1:]
    ]
    if args.gemeenten:
        codes = codes[: args.gemeenten]
    tmp = Path(tempfile.mkdtemp(prefix="partitions-national-"))
    env = {
        **os.environ,
        "HAARLEM_OPENDATA_WORK_DIR": str(tmp / "work"),
        "HAARLEM_OPENDATA_PORTAL_DIR": str(tmp / "portal"),
        "HAARLEM_OPENDATA_CLUSTER_DB": f"haarlem_dagster_bench_{uuid.uuid4().hex[:6]}",
        "HAARLEM_OPENDATA_CLUSTER_REDIS_PORT": "6394",
    }
    env.pop("DAGSTER_HOME", None)
    env.pop("CKAN_URL", None)
    started = subprocess.run(
        [str(CLUSTER), "start", str(args.workers)], env=env, capture_output=True, text=True
    )
    if started.returncode != 0:
        raise SystemExit(started.stderr)
    for line in started.stdout.splitlines():
        name, _, value = line.removeprefix("export ").partition("=")
        env[name] = value
    worker_pids = [
        int((tmp / "work/cluster" / f"werker{i}.pid").read_text())
        for i in range(1, args.workers + 1)
    ]
    try:
        load_before = os.getloadavg()
        t0 = time.perf_counter()
        shells = []
        for i in range(args.launchers):
            share = codes[i :: args.launchers]
            command = ["uv", "run", "--frozen", "haarlem-opendata", "run", "-d", "buurtcijfers"]
            for code in share:
                command += ["-g", code]
            log = (tmp / f"launcher{i}.log").open("w")
            shells.append(
                subprocess.Popen(command, env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
            )
        exit_codes = [shell.wait() for shell in shells]
        wall = time.perf_counter() - t0
        peaks = {f"werker{i + 1}": _peak_mb(pid) for i, pid in enumerate(worker_pids)}

        import dagster as dg

        instance = dg.DagsterInstance.from_config(env["DAGSTER_HOME"])
        records = instance.get_run_records()
        durations = {
            r.dagster_run.tags.get("dagster/partition/gemeente"): r.end_time - r.start_time
            for r in records
            if r.start_time and r.end_time
        }
        statuses: dict[str, int] = {}
        for r in records:
            statuses[r.dagster_run.status.value] = statuses.get(r.dagster_run.status.value, 0) + 1
        step_seconds = 0.0
        for r in records:
            for stats in instance.get_run_step_stats(r.dagster_run.run_id):
                if stats.start_time and stats.end_time:
                    step_seconds += stats.end_time - stats.start_time
        published = sorted(p.parent.name for p in (tmp / "portal").glob("*/datapackage.json"))
        times = sorted(durations.values())
        slowest = sorted(durations.items(), key=lambda kv: -kv[1])[:5]
        result = {
            "gemeenten": len(codes),
            "workers": args.workers,
            "launchers": args.launchers,
            "wall_s": round(wall, 1),
            "launcher_exit_codes": exit_codes,
            "runs_by_status": statuses,
            "published_datasets": len(published),
            "partition_s": {
                "median": round(statistics.median(times), 1),
                "p90": round(times[int(0.9 * (len(times) - 1))], 1),
                "max": round(times[-1], 1),
                "slowest": [(g, round(s, 1)) for g, s in slowest],
            },
            "step_seconds_total": round(step_seconds, 1),
            "busy_fraction_of_workers": round(step_seconds / (wall * args.workers), 2),
            "peak_memory_mb_per_worker": peaks,
            "load_average_at_start": [round(x, 2) for x in load_before],
            "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
            "work_dir": str(tmp),
        }
        args.out.write_text(json.dumps(result, indent=2) + "\n")
        print(json.dumps(result, indent=2))
    finally:
        subprocess.run([str(CLUSTER), "drop"], env=env, capture_output=True)


if __name__ == "__main__":
    main()
