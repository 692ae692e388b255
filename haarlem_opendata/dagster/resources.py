"""Dagster resources: the settings, and where a release goes (CKAN if configured, else a folder).

The settings object the entry point built is handed to every asset as the ``settings`` resource
(a plain value, so none of it enters Dagster's config or UI). The portal is a configurable
resource; its token field is Dagster's ``EnvVar("CKAN_API_TOKEN")``, so the UI and the run
storage show the variable's name, never the token. :func:`portal_resource` wires CKAN only when
the settings have a ``CKAN_URL`` (Dagster refuses an ``EnvVar`` whose variable is unset); without
it the local folder portal is the default.
"""

from __future__ import annotations

from pathlib import Path

import dagster as dg
from pydantic import Field

from haarlem_opendata.publish.ckan import DEFAULT_ORGANIZATION, CkanPublisher
from haarlem_opendata.publish.local import publish_local
from haarlem_opendata.publish.result import PublishResult
from haarlem_opendata.settings import Settings


class PortalResource(dg.ConfigurableResource):
    """Publishes release bundles to CKAN (``ckan_url`` set) or to the local folder portal."""

    ckan_url: str | None = Field(default=None, description="CKAN base URL; empty: local portal")
    ckan_api_token: str | None = Field(
        default=None, repr=False, description="CKAN API token (use EnvVar); never shown"
    )
    ckan_organization: str = Field(
        default=DEFAULT_ORGANIZATION, description="CKAN organization name"
    )
    portal_dir: str = Field(description="Local portal folder (HAARLEM_OPENDATA_PORTAL_DIR)")
    metadata_dir: str = Field(
        description="Value lists for the DONL fields on CKAN (HAARLEM_OPENDATA_METADATA_DIR)"
    )

    @property
    def uses_ckan(self) -> bool:
        return bool(self.ckan_url and self.ckan_url.strip())

    def publish(self, bundle_dir: Path) -> PublishResult:
        """Publish a verified bundle; raises PublishRefused/PortalError, never leaks the token."""
        url = (self.ckan_url or "").strip()
        if url:
            return CkanPublisher(
                url,
                self.ckan_api_token,
                metadata_dir=self.metadata_dir,
                organization=self.ckan_organization,
            ).publish(bundle_dir)
        return publish_local(bundle_dir, Path(self.portal_dir))

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


def portal_resource(settings: Settings) -> PortalResource:
    """The resource for definitions.py: CKAN when the settings name a CKAN_URL, else local."""
    folders = {"portal_dir": str(settings.portal_dir), "metadata_dir": str(settings.metadata_dir)}
    if settings.ckan_url:
        return PortalResource(
            ckan_url=settings.ckan_url,
            ckan_api_token=dg.EnvVar("CKAN_API_TOKEN") if settings.ckan_api_token else None,
            **folders,
        )
    return PortalResource(**folders)
