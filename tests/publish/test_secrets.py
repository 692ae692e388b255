"""The CKAN API token never shows up: not in logs, output, exceptions, metadata or Dagster
events."""

from __future__ import annotations

import http.server
import json
import logging
import threading

import dagster as dg
import pytest
from dagster._serdes import serialize_value

from haarlem_opendata.dagster.resources import PortalResource, portal_resource
from haarlem_opendata.publish.ckan import CkanPublisher, PortalError, retrying_session
from haarlem_opendata.settings import Settings
from tests.package.helpers import METADATA_DIR
from tests.publish.bundles import default_table, write_bundle

pytestmark = pytest.mark.ckan


def test_token_stays_out_of_logs_output_errors_and_metadata(
    ckan_server, make_publisher, unique, tmp_path, caplog, capfd
):
    token = ckan_server.token  # a real, recognisable token that CKAN accepts
    caplog.set_level(logging.DEBUG)  # everything: ours, ckanapi, requests, urllib3
    name = unique("geheim")
    texts: list[str] = []

    publisher, _ = make_publisher()
    texts.append(repr(publisher))
    for version, value in (("1.0.0", 0), ("1.0.0", 0), ("1.1.0", 1)):
        result = publisher.publish(write_bundle(tmp_path, name, version, default_table(value)))
        texts += [json.dumps(result.to_metadata()), repr(result)]
    # A failing run: the portal goes away in the middle of an update.
    broken, _ = make_publisher(goes_away_after=8)
    with pytest.raises(PortalError) as raised:
        broken.publish(write_bundle(tmp_path, name, "1.2.0", default_table(2)))
    texts += [
        str(raised.value),
        repr(raised.value),
        repr(raised.value.__cause__),
        repr(raised.value.__context__),
    ]

    out, err = capfd.readouterr()
    texts += [out, err, caplog.text]
    texts += [repr(r.__dict__) for r in caplog.records]
    assert caplog.records, "nothing was logged, so nothing was checked"
    assert not [t for t in texts if token in t]


@pytest.fixture
def echo_server():
    """A non-CKAN web server that echoes request headers back, as a careless proxy page might."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def _echo(self):
            body = ("<html><pre>" + str(self.headers) + "</pre></html>").encode()
            self.send_response(502)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST = _echo

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def test_errors_that_echo_the_request_are_masked(echo_server, tmp_path, caplog):
    caplog.set_level(logging.DEBUG)
    token = "haarlem-recognisable-token-5c2e1b"
    publisher = CkanPublisher(
        echo_server, token, metadata_dir=METADATA_DIR, session=retrying_session(1, 0.01)
    )
    with pytest.raises(PortalError) as raised:
        publisher.publish(write_bundle(tmp_path, "echo"))
    assert "***" in str(raised.value)  # the echoed Authorization header, masked
    assert token not in str(raised.value) and token not in repr(raised.value)
    chain, error = [], raised.value
    while error is not None:  # what a traceback would print: the whole exception chain
        chain.append(repr(error))
        error = error.__cause__ or error.__context__
    assert not [t for t in chain if token in t] and "CKANAPIError(" not in "".join(chain[1:])
    assert token not in caplog.text


def test_dagster_event_log_and_metadata_never_hold_the_token(
    ckan_server, unique, tmp_path, monkeypatch
):
    monkeypatch.setenv("CKAN_URL", ckan_server.url)
    monkeypatch.setenv("CKAN_API_TOKEN", ckan_server.token)
    bundle_dir = write_bundle(tmp_path, unique("dagster"))

    @dg.asset
    def published(portal: PortalResource) -> dg.MaterializeResult:
        result = portal.publish(bundle_dir)
        return dg.MaterializeResult(metadata=result.to_metadata())

    instance = dg.DagsterInstance.ephemeral()
    resource = portal_resource(Settings())
    outcome = dg.materialize([published], resources={"portal": resource}, instance=instance)

    assert outcome.success
    materialization = outcome.asset_materializations_for_node("published")[0]
    assert materialization.metadata["portal"].value == "ckan"
    events = [serialize_value(e) for e in instance.all_logs(outcome.run_id)]
    run = serialize_value(instance.get_run_by_id(outcome.run_id))
    assert events and all(ckan_server.token not in e for e in events)
    assert ckan_server.token not in run
    assert ckan_server.token not in repr(resource)
