"""Makes the local-CKAN fixtures available here even before the root
conftest registers ``tests.fixtures_ckan`` as a plugin."""
from tests.fixtures_ckan import ckan_admin, ckan_anonymous, ckan_server  # noqa: F401
