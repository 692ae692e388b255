"""Fixtures for the publisher tests: a request log that counts CKAN actions independently of the
publisher's own counter, and a transport that lets the portal "go away" after N requests."""

from __future__ import annotations

import uuid
from collections.abc import Callable

import pytest
import requests
from requests.adapters import HTTPAdapter

from haarlem_opendata.publish.ckan import CkanPublisher, retrying_session
from tests.package.helpers import METADATA_DIR

ORG = "gemeente-haarlem"


class RequestLog:
    """Every request a session sends, as (method, CKAN action or path)."""

    def __init__(self, base_url: str):
        self.base_url = base_url
        self.requests: list[tuple[str, str]] = []

    def hook(self, response: requests.Response, *args, **kwargs) -> None:
        path = response.request.url[len(self.base_url) :]
        action = path.split("/api/action/", 1)[1].split("?")[0] if "/api/action/" in path else path
        self.requests.append((response.request.method, action))

    def actions(self) -> list[str]:
        return [a for m, a in self.requests if not a.startswith("/")]


class GoesAwayAdapter(HTTPAdapter):
    """Behaves like the portal's host refusing connections once ``allowed`` requests were sent."""

    def __init__(self, allowed: int, **kwargs):
        super().__init__(**kwargs)
        self.allowed = allowed
        self.sent = 0

    def send(self, request, *args, **kwargs):
        self.sent += 1
        if self.sent > self.allowed:
            raise requests.ConnectionError(f"[Errno 111] Connection refused ({request.url})")
        return super().send(request, *args, **kwargs)


@pytest.fixture
def unique() -> Callable[[str], str]:
    return lambda prefix: f"{prefix}-{uuid.uuid4().hex[:10]}"


@pytest.fixture
def make_publisher(ckan_server):
    """``make_publisher(token=..., goes_away_after=N)`` → (publisher, RequestLog)."""

    def make(token: str | None = "__server__", goes_away_after: int | None = None):
        session = retrying_session(retries=2, backoff_factor=0.01)
        if goes_away_after is not None:
            adapter = GoesAwayAdapter(goes_away_after)
            session.mount("http://", adapter)
            session.mount("https://", adapter)
        log = RequestLog(ckan_server.url)
        session.hooks["response"].append(log.hook)
        publisher = CkanPublisher(
            ckan_server.url,
            ckan_server.token if token == "__server__" else token,
            metadata_dir=METADATA_DIR,
            organization=ORG,
            session=session,
        )
        return publisher, log

    return make
