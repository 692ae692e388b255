"""A real outage: the CKAN server itself is stopped in the middle of a publish, then started again.

Runs on an isolated CKAN of its own (``ckan_isolated_server``), so stopping it does not disturb
tests that share the main local CKAN. The server is stopped from a response hook, i.e. right
after CKAN answered the chosen request and before the publisher sends its next one.
"""

from __future__ import annotations

import ckanapi
import pytest

from haarlem_opendata.publish.bundle import load_bundle
from haarlem_opendata.publish.ckan import (
    STAGING_SUFFIX,
    CkanPublisher,
    PortalError,
    retrying_session,
)
from tests.package.helpers import METADATA_DIR
from tests.publish.bundles import default_table, write_bundle
from tests.publish.test_ckan import public_state, staging_visible_to_public

pytestmark = pytest.mark.ckan


def _publisher(server, stop_after: tuple[str, int] | None = None) -> CkanPublisher:
    session = retrying_session(retries=3, backoff_factor=0.05)
    if stop_after is not None:
        action, nth = stop_after
        seen = []

        def stop_server(response, *args, **kwargs):
            if response.request.url.endswith(f"/api/action/{action}"):
                seen.append(action)
                if len(seen) == nth:
                    server.stop()

        session.hooks["response"].append(stop_server)
    return CkanPublisher(server.url, server.token, metadata_dir=METADATA_DIR, session=session)


@pytest.mark.parametrize(
    "stop_after",
    # (The cut-by-cut test in test_ckan.py covers every other step without stopping a server.)
    [("resource_create", 2), ("package_update", 1)],
    ids=["mid-upload", "after-staging-emptied"],
)
def test_server_stopped_mid_publish_then_next_run_completes(
    ckan_isolated_server, tmp_path, stop_after
):
    server = ckan_isolated_server
    name = f"herstart-{stop_after[0].replace('_', '')}-{stop_after[1]}"
    _publisher(server).publish(write_bundle(tmp_path, name))
    old_state = public_state(server, name)
    bundle_dir = write_bundle(tmp_path, name, "1.1.0", default_table(value=4))
    new_state = load_bundle(bundle_dir).content_hashes()

    try:
        with pytest.raises(PortalError, match="niet bereikbaar"):
            _publisher(server, stop_after=stop_after).publish(bundle_dir)
    finally:
        if not server.answering():
            server.start()

    assert public_state(server, name) in (old_state, new_state)
    assert not staging_visible_to_public(server, name)
    assert _publisher(server).publish(bundle_dir).write_calls > 0  # the job is finished now
    assert public_state(server, name) == new_state
    with server.admin() as admin:
        assert len(admin.action.package_show(id=name)["resources"]) == len(new_state)
        with pytest.raises(ckanapi.NotFound):
            admin.action.package_show(id=name + STAGING_SUFFIX)
    assert _publisher(server).publish(bundle_dir).write_calls == 0
