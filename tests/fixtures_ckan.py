"""Pytest fixtures for a real CKAN 2.12 on 127.0.0.1 (``scripts/ckan-local``).

Why: the publisher must be tested against a real CKAN, not a mock. The first
test that asks for ``ckan_server`` starts one (fresh database) unless one
already answers with the credentials in ``.ckan-local/env``; a fresh machine
therefore only needs ``uv run pytest``. If CKAN cannot start, the test fails
with the log tail — it never skips.

Fault tests should take ``ckan_isolated_server``: a second CKAN of their own
(own port, database, Redis and storage; shared venv) that they may
``stop()`` and ``start()`` (data kept) without disturbing tests that share
``ckan_server`` — also under pytest-xdist.

The sysadmin token is kept out of every repr and message.
"""

from __future__ import annotations

import fcntl
import os
import socket
import subprocess
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import ckanapi
import pytest
import requests

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "ckan-local"
STATE = Path(os.environ.get("CKAN_LOCAL_STATE") or ROOT / ".ckan-local")
VENV = Path(os.environ.get("CKAN_LOCAL_VENV") or ROOT / ".ckan-local" / "venv")
ENV_FILE = STATE / "env"
LOG_FILE = STATE / "ckan.log"
START_TIMEOUT_S = 900  # a first install from nothing downloads ~55 packages
USER_AGENT = "haarlem-opendata-tests"


def _read_env() -> tuple[str, str] | None:
    if not ENV_FILE.exists():
        return None
    values: dict[str, str] = {}
    for line in ENV_FILE.read_text().splitlines():
        key, sep, value = line.partition("=")
        if sep:
            values[key.strip()] = value.strip()
    if "CKAN_URL" in values and "CKAN_API_TOKEN" in values:
        return values["CKAN_URL"], values["CKAN_API_TOKEN"]
    return None


def _tail(path: Path, lines: int = 40, since: float = 0.0) -> str:
    if not path.exists():
        return f"({path} does not exist)"
    if path.stat().st_mtime < since:
        return f"({path} was not written by this attempt)"
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


def _sysadmin_works(url: str, token: str) -> bool:
    """True when CKAN answers at url and the token belongs to a sysadmin."""
    try:
        with ckanapi.RemoteCKAN(url, apikey=token, user_agent=USER_AGENT) as ckan:
            ckan.action.status_show()
            me = ckan.action.user_show(id="ckan_admin")
        return bool(me.get("sysadmin"))
    except (
        requests.RequestException,
        ckanapi.CKANAPIError,
        ckanapi.NotAuthorized,
        ckanapi.NotFound,
        ckanapi.ValidationError,
    ):
        return False


def _run_script(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(
            [str(SCRIPT), *args],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=START_TIMEOUT_S,
            stdin=subprocess.DEVNULL,
            check=False,
            env={**os.environ, **(env or {})},
        )
    except subprocess.TimeoutExpired:
        pytest.fail(
            f"scripts/ckan-local {' '.join(args)} took over "
            f"{START_TIMEOUT_S}s\n--- {LOG_FILE} ---\n{_tail(LOG_FILE)}",
            pytrace=False,
        )


@dataclass
class CkanServer:
    """A running local CKAN: its URL, its sysadmin token, and control."""

    url: str
    token: str = field(repr=False)
    started_here: bool = False
    state: Path = STATE
    script_env: dict[str, str] = field(default_factory=dict, repr=False)

    @property
    def log_file(self) -> Path:
        return self.state / "ckan.log"

    def script(self, *args: str) -> subprocess.CompletedProcess[str]:
        """Run scripts/ckan-local for this instance."""
        return _run_script(*args, env=self.script_env)

    def admin(self) -> ckanapi.RemoteCKAN:
        return ckanapi.RemoteCKAN(self.url, apikey=self.token, user_agent=USER_AGENT)

    def anonymous(self) -> ckanapi.RemoteCKAN:
        return ckanapi.RemoteCKAN(self.url, user_agent=USER_AGENT)

    def answering(self) -> bool:
        try:
            r = requests.get(f"{self.url}/api/3/action/status_show", timeout=3)
            return r.ok
        except requests.RequestException:
            return False

    def stop(self) -> None:
        """Stop CKAN (and its Redis): the URL refuses connections afterwards."""
        result = self.script("stop")
        if result.returncode != 0:
            pytest.fail(f"scripts/ckan-local stop failed:\n{result.stderr}", pytrace=False)

    def start(self) -> None:
        """Start again on the same database, storage and token."""
        result = self.script("start", "--keep-db")
        if result.returncode != 0 or not _sysadmin_works(self.url, self.token):
            pytest.fail(
                "local CKAN did not come back with its data:\n"
                f"{result.stderr}\n--- {self.log_file} ---\n{_tail(self.log_file)}",
                pytrace=False,
            )

    def restart(self) -> None:
        self.stop()
        self.start()

    def new_organization(self, title: str = "Testorganisatie", **fields: Any) -> dict[str, Any]:
        """A fresh organization with a unique name."""
        name = fields.pop("name", f"org-{uuid.uuid4().hex[:12]}")
        with self.admin() as ckan:
            return ckan.action.organization_create(name=name, title=title, **fields)

    def new_user(
        self, organization: str | None = None, capacity: str = "editor"
    ) -> tuple[dict[str, Any], str]:
        """A fresh non-sysadmin user and an API token for it; optionally a
        member of ``organization`` with ``capacity``."""
        name = f"user-{uuid.uuid4().hex[:12]}"
        with self.admin() as ckan:
            user = ckan.action.user_create(
                name=name, email=f"{name}@example.invalid", password=uuid.uuid4().hex + "Aa1!"
            )
            token = ckan.action.api_token_create(user=name, name="tests")["token"]
            if organization:
                ckan.action.organization_member_create(
                    id=organization, username=name, role=capacity
                )
        return user, token


def _start_or_reuse() -> CkanServer:
    STATE.mkdir(exist_ok=True)
    # xdist workers share one server: only one of them may start it.
    with open(STATE / "fixture.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        found = _read_env()
        if found and _sysadmin_works(*found):
            return CkanServer(url=found[0], token=found[1])
        began = time.time()
        result = _run_script("start")
        found = _read_env()
        if result.returncode != 0 or not found or not _sysadmin_works(*found):
            pytest.fail(
                "could not start the local CKAN (scripts/ckan-local start):\n"
                f"{result.stderr[-4000:]}\n--- {LOG_FILE} ---\n{_tail(LOG_FILE, since=began)}",
                pytrace=False,
            )
        return CkanServer(url=found[0], token=found[1], started_here=True)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def ckan_isolated_server(
    ckan_server: CkanServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[CkanServer]:
    """A second local CKAN for fault tests (stop/start at will); destroyed
    (database dropped, state removed) after the module."""
    state = tmp_path_factory.mktemp("ckan-isolated")
    env = {
        "CKAN_LOCAL_STATE": str(state),
        "CKAN_LOCAL_DB": f"ckan_iso_{uuid.uuid4().hex[:10]}",
        "CKAN_LOCAL_PORT": str(_free_port()),
        "CKAN_LOCAL_REDIS_PORT": str(_free_port()),
    }
    result = _run_script("start", env=env)
    values = (
        dict(line.split("=", 1) for line in (state / "env").read_text().splitlines())
        if (state / "env").exists()
        else {}
    )
    if result.returncode != 0 or "CKAN_API_TOKEN" not in values:
        _run_script("destroy", env=env)
        pytest.fail(
            "could not start an isolated local CKAN:\n"
            f"{result.stderr[-4000:]}\n--- log ---\n{_tail(state / 'ckan.log')}",
            pytrace=False,
        )
    server = CkanServer(
        url=values["CKAN_URL"],
        token=values["CKAN_API_TOKEN"],
        started_here=True,
        state=state,
        script_env=env,
    )
    yield server
    server.script("destroy")


@pytest.fixture(scope="session")
def ckan_server() -> Iterator[CkanServer]:
    """The local CKAN, started if needed. Stopped at the end only when this
    (non-xdist) session started it and CKAN_LOCAL_KEEP is not set."""
    server = _start_or_reuse()
    yield server
    if (
        server.started_here
        and not os.environ.get("CKAN_LOCAL_KEEP")
        and not os.environ.get("PYTEST_XDIST_WORKER")
    ):
        _run_script("stop")


@pytest.fixture
def ckan_admin(ckan_server: CkanServer) -> Iterator[ckanapi.RemoteCKAN]:
    """ckanapi client with the sysadmin token."""
    with ckan_server.admin() as ckan:
        yield ckan


@pytest.fixture
def ckan_anonymous(ckan_server: CkanServer) -> Iterator[ckanapi.RemoteCKAN]:
    """ckanapi client without a token: a member of the public."""
    with ckan_server.anonymous() as ckan:
        yield ckan
