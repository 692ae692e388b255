"""Building the Dutch analyzer and scanning reach no network (no model, no suffix-list download)."""

from __future__ import annotations

import importlib
import socket

import pandas as pd
import pytest


class NetworkUsed(AssertionError):
    pass


@pytest.fixture
def no_sockets(monkeypatch):
    attempts = []

    def refuse(*args, **kwargs):
        attempts.append(args[1:] if args else kwargs)  # libraries may swallow the error
        raise NetworkUsed("network access attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    yield attempts


def test_build_and_scan_with_sockets_blocked(no_sockets):
    import haarlem_opendata.pii.recognizers.nl.email as email_module
    from haarlem_opendata.pii import analyzer as analyzer_module
    from haarlem_opendata.pii import scan

    importlib.reload(email_module)  # a fresh tldextract extractor: first suffix lookup happens here
    fresh = analyzer_module.build_analyzer.__wrapped__()  # not the cached one
    results = fresh.analyze("mail jan@ziggo.nl of bel 0612345678", language="nl")
    assert {"EMAIL_ADDRESS", "PHONE_NUMBER"} <= {r.entity_type for r in results}

    df = pd.DataFrame({"omschrijving": ["Groet, Pietje Puk", "Boom op de Zijlweg"]})
    report = scan.scan_dataframe(df, workers=1)
    assert [f.entity_type for f in report.findings] == ["PERSON"]
    assert no_sockets == []
