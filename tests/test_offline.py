"""No run reaches the network: not the pipeline, not the PII scan's worker processes.

Each command runs in a fresh interpreter whose ``sitecustomize`` installs a Python audit hook
that records every attempt to resolve a host name or to connect an internet socket, in that
process and in every process it starts (multiprocessing's forkserver and its workers are new
interpreters that inherit ``PYTHONPATH``; forked workers inherit the hook). A library that
swallows a failed download would still leave its attempt in the record. Unix-domain sockets
(how the forkserver talks to its workers) are not network and are not recorded.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.conftest import PROJECT_ROOT

AUDIT_HOOK = textwrap.dedent(
    """
    import json, os, sys

    _LOG = os.environ["HAARLEM_TEST_NETWORK_LOG"]
    _EVENTS = {"socket.connect", "socket.getaddrinfo", "socket.gethostbyname",
               "socket.gethostbyaddr", "socket.sendto", "urllib.Request"}

    def _hook(event, args):
        if event not in _EVENTS:
            return
        if event == "socket.connect" and isinstance(args[1], (str, bytes)):
            return  # AF_UNIX: a path, not a host
        with open(_LOG, "a") as f:
            record = {"pid": os.getpid(), "event": event, "args": repr(args[1:])}
            f.write(json.dumps(record) + "\\n")

    sys.addaudithook(_hook)
    with open(_LOG + ".interpreters", "a") as f:
        f.write(f"{os.getpid()}\\n")
    """
)

POOL_SCAN = textwrap.dedent(
    """
    import pandas as pd
    from haarlem_opendata.pii.scan import scan_dataframe

    n = 6000  # every text passes the gate: enough for the worker pool
    texts = [f"Bel 06-1{i:07d} of mail melder{i}@voorbeeld.nl" for i in range(n)]
    report = scan_dataframe(pd.DataFrame({"omschrijving": texts}), workers=2)
    assert report.extra["worker_processes"] >= 1, report.extra
    assert {f.entity_type for f in report.findings} >= {"PHONE_NUMBER", "EMAIL_ADDRESS"}
    print("workers", report.extra["worker_processes"])
    """
)


@pytest.fixture
def audited_env(tmp_path, workspace):
    hook_dir = tmp_path / "audit"
    hook_dir.mkdir()
    (hook_dir / "sitecustomize.py").write_text(AUDIT_HOOK)
    log = tmp_path / "network.jsonl"
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(hook_dir), env.get("PYTHONPATH")]))
    env["HAARLEM_TEST_NETWORK_LOG"] = str(log)
    env.pop("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", None)  # the package must switch it off itself
    return env, log


def _attempts(log: Path) -> list[dict]:
    if not log.exists():
        return []
    return [json.loads(line) for line in log.read_text().splitlines()]


def _run(args: list[str], env: dict) -> subprocess.CompletedProcess:
    done = subprocess.run(
        args, cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=900, check=False
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done


def test_the_hook_records_a_real_attempt(audited_env):
    """The record works: a deliberate lookup and connect are both in it."""
    env, log = audited_env
    probe = (
        "import socket\n"
        "try:\n    socket.create_connection(('192.0.2.1', 80), timeout=0.01)\n"
        "except OSError:\n    pass\n"
    )
    _run([sys.executable, "-c", probe], env)
    assert {a["event"] for a in _attempts(log)} >= {"socket.getaddrinfo", "socket.connect"}


def test_pii_scan_with_worker_processes_reaches_no_network(audited_env):
    env, log = audited_env
    done = _run([sys.executable, "-c", POOL_SCAN], env)
    assert "workers" in done.stdout
    # the hook ran in the forkserver too (a new interpreter), so its forked workers have it
    interpreters = set(Path(f"{log}.interpreters").read_text().split())
    assert len(interpreters) >= 2
    assert _attempts(log) == []


def test_running_every_dataset_reaches_no_network(audited_env):
    env, log = audited_env
    done = _run([sys.executable, "-m", "haarlem_opendata.cli", "run"], env)
    assert "gepubliceerd" in done.stdout
    assert _attempts(log) == []
