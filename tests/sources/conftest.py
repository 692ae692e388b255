"""A real HTTP server on 127.0.0.1 that serves the response fixtures (no network, no mocks)."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


@dataclass
class Reply:
    body: str
    status: int = 200
    headers: dict[str, str] = field(default_factory=lambda: {"Content-Type": "application/json"})


@dataclass
class FixtureServer:
    base: str
    routes: dict[str, list[Reply]] = field(
        default_factory=dict
    )  # key: path + "?" + sorted query keys
    requests: list[tuple[str, dict[str, list[str]]]] = field(default_factory=list)

    def add(self, path: str, *replies: Reply, match: str = "") -> None:
        """Replies for ``path`` (served in turn, the last one repeats); ``match`` must be in the
        query."""
        self.routes[path + "|" + match] = list(replies)

    def fixture(self, relative: str) -> str:
        return (FIXTURES / relative).read_text(encoding="utf-8").replace("{base}", self.base)


@pytest.fixture
def fixture_server():
    state: dict[str, FixtureServer] = {}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            server = state["server"]
            parts = urlsplit(self.path)
            server.requests.append((parts.path, parse_qs(parts.query)))
            candidates = [
                (key, replies)
                for key, replies in server.routes.items()
                if key.split("|")[0] == parts.path and key.split("|")[1] in parts.query
            ]
            if not candidates:
                self.send_response(404)
                self.end_headers()
                return
            _, replies = max(candidates, key=lambda kv: len(kv[0]))
            reply = replies.pop(0) if len(replies) > 1 else replies[0]
            body = reply.body.encode("utf-8")
            self.send_response(reply.status)
            for name, value in reply.headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state["server"] = FixtureServer(base=f"http://127.0.0.1:{httpd.server_address[1]}")
    thread = threading.Thread(
        target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    try:
        yield state["server"]
    finally:
        httpd.shutdown()
        httpd.server_close()
