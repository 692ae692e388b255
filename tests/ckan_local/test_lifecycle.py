"""scripts/ckan-local lifecycle on an isolated instance: stop refuses
connections and ends exactly its own processes, start --keep-db brings the
same data and token back, status/env report without leaking the token."""

from __future__ import annotations

import hashlib
import io
import os
import stat
from pathlib import Path

import ckanapi
import pytest
import requests

pytestmark = pytest.mark.ckan


def _pids(server) -> dict[str, int]:
    lines = (server.state / "pids").read_text().split("\n")
    return {k: int(v) for k, v in (line.split() for line in lines if line.strip())}


def _running(pid: int) -> bool:
    """Alive and not a zombie (the reaper here may be slow to collect)."""
    try:
        stat_line = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat_line.rsplit(")", 1)[1].split()[0] != "Z"


def test_stop_then_start_keeps_data_and_token(ckan_isolated_server, ckan_server):
    server = ckan_isolated_server
    payload = os.urandom(100_000)
    with server.admin() as ckan:
        org = ckan.action.organization_create(name="haarlem-lifecycle")
        dataset = ckan.action.package_create(name="blijft-bestaan", owner_org=org["id"])
        resource = ckan.action.resource_create(
            package_id=dataset["id"], name="x.bin", upload=("x.bin", io.BytesIO(payload))
        )
    pids = _pids(server)
    assert set(pids) == {"ckan", "redis"}

    server.stop()
    assert not any(_running(pid) for pid in pids.values())
    with pytest.raises(requests.ConnectionError):
        requests.get(f"{server.url}/api/3/action/status_show", timeout=5)
    assert ckan_server.answering(), "stopping the isolated CKAN touched the shared one"
    status = server.script("status")
    assert status.returncode == 3
    assert "not answering" in status.stdout

    server.start()
    assert server.script("status").returncode == 0
    with server.admin() as ckan:
        assert ckan.action.package_show(id="blijft-bestaan")["id"] == dataset["id"]
    got = requests.get(resource["url"], timeout=30)
    assert hashlib.sha256(got.content).digest() == hashlib.sha256(payload).digest()


def test_env_file_is_private_and_env_command_never_prints_the_token(ckan_isolated_server):
    server = ckan_isolated_server
    env_file = server.state / "env"
    assert stat.S_IMODE(env_file.stat().st_mode) == 0o600
    printed = server.script("env")
    assert printed.returncode == 0
    assert server.token not in printed.stdout + printed.stderr
    assert str(env_file) in printed.stdout
    status = server.script("status")
    assert status.returncode == 0
    assert server.token not in status.stdout + status.stderr
    assert server.token not in server.log_file.read_text()


def test_fresh_start_drops_previous_data(ckan_isolated_server):
    server = ckan_isolated_server
    with server.admin() as ckan:
        ckan.action.organization_create(name="verdwijnt-bij-fresh")
    result = server.script("start", "--fresh")
    assert result.returncode == 0, result.stderr
    fresh = dict(line.split("=", 1) for line in (server.state / "env").read_text().splitlines())
    assert fresh["CKAN_API_TOKEN"] != server.token
    server.token = fresh["CKAN_API_TOKEN"]
    with server.admin() as ckan, pytest.raises(ckanapi.NotFound):
        ckan.action.organization_show(id="verdwijnt-bij-fresh")
