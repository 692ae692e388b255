"""The Dagster resource that decides where a release goes: CKAN when configured, else a folder.

``CKAN_URL`` and ``CKAN_API_TOKEN`` come from the environment through ``EnvVar`` so the token
never sits in code, config files or the Dagster UI. Dagster refuses an ``EnvVar`` whose variable is
unset, so :func:`portal_resource_from_env` only wires the CKAN fields when ``CKAN_URL`` is set;
without it the local folder portal is the default.
"""

from __future__ import annotations

import os
from pathlib import Path

import dagster as dg
from pydantic import Field

from haarlem_opendata.publish.ckan import DEFAULT_ORGANIZATION, CkanPublisher
from haarlem_opendata.publish.local import publish_local
from haarlem_opendata.publish.result import PublishResult


class PortalResource(dg.ConfigurableResource):
    """Publishes release bundles to CKAN (``ckan_url`` set) or to the local folder portal."""

    ckan_url: str | None = Field(default=None, description="CKAN base URL; empty: local portal")
    ckan_api_token: str | None = Field(
        default=None, repr=False, description="CKAN API token (use EnvVar); never shown"
    )
    ckan_organization: str = Field(
        default=DEFAULT_ORGANIZATION, description="CKAN organization name"
    )
    portal_dir: str | None = Field(
        default=None, description="Local portal folder; default: settings().portal_dir"
    )

    @property
    def uses_ckan(self) -> bool:
        return bool(self.ckan_url and self.ckan_url.strip())

    def publish(self, bundle_dir: Path) -> PublishResult:
        """Publish a verified bundle; raises PublishRefused/PortalError, never leaks the token."""
        if self.uses_ckan:
            return CkanPublisher(
                self.ckan_url.strip(), self.ckan_api_token, organization=self.ckan_organization
            ).publish(bundle_dir)
        return publish_local(bundle_dir, self._portal_dir())

    def ckan_client(self):
        """A RemoteCKAN with the publisher's retrying session, for lineage's besluit groups."""
        import ckanapi

        from haarlem_opendata.publish.ckan import USER_AGENT, retrying_session

        return ckanapi.RemoteCKAN(
            self.ckan_url.strip(),
            apikey=self.ckan_api_token,
            user_agent=USER_AGENT,
            session=retrying_session(),
        )

    def mask(self, text: str) -> str:
        """``text`` with the API token replaced, for errors raised outside the publisher."""
        if self.ckan_api_token:
            text = text.replace(self.ckan_api_token, "***")
        return text

    def _portal_dir(self) -> Path:
        if self.portal_dir:
            return Path(self.portal_dir)
        from haarlem_opendata.settings import settings

        return settings().portal_dir


def portal_resource_from_env(portal_dir: str | Path | None = None) -> PortalResource:
    """The resource for definitions.py: CKAN from ``EnvVar`` when CKAN_URL is set, else local."""
    folder = str(portal_dir) if portal_dir is not None else None
    if os.environ.get("CKAN_URL", "").strip():
        return PortalResource(
            ckan_url=dg.EnvVar("CKAN_URL"),
            ckan_api_token=dg.EnvVar("CKAN_API_TOKEN") if "CKAN_API_TOKEN" in os.environ else None,
            portal_dir=folder,
        )
    return PortalResource(portal_dir=folder)
