"""Makes the local-CKAN fixtures available here even before the root
conftest registers ``tests.fixtures_ckan`` as a plugin."""

from tests.fixtures_ckan import (  # noqa: F401
    ckan_admin,
    ckan_anonymous,
    ckan_isolated_server,
    ckan_server,
)
