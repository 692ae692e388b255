"""The CKAN plugin `haarlem_pgsearch`: swaps Solr out when CKAN configures.

CKAN 2.12 has no switch for a search backend, so the swap patches the module
attributes CKAN looks its index and query classes up in. Those names are
guarded by tests/ckan_local/test_ckan_internals.py against the pinned CKAN.
"""

from __future__ import annotations

import logging
from typing import Any

from ckan import plugins
from ckan.lib import search

from .query import PgNoopPackageIndex, PgPackageSearchQuery

log = logging.getLogger(__name__)


def _no_solr_schema_check(schema_file: Any = None) -> bool:
    return False


def install() -> None:
    """Point CKAN's search lookups at the PostgreSQL replacement (idempotent)."""
    search._INDICES["package"] = PgNoopPackageIndex
    search._QUERIES["package"] = PgPackageSearchQuery
    # model_dictize builds `search.PackageSearchQuery()` directly (group counts,
    # tag pages), bypassing query_for.
    search.PackageSearchQuery = PgPackageSearchQuery  # type: ignore[misc]
    # Startup would otherwise try to reach Solr and log a traceback.
    search.check_solr_schema_version = _no_solr_schema_check


class PgSearchPlugin(plugins.SingletonPlugin):
    plugins.implements(plugins.IConfigurer)
    plugins.implements(plugins.IClick)

    def get_commands(self) -> list[Any]:
        from .cli import haarlem_local

        return [haarlem_local]

    def update_config(self, config: Any) -> None:
        install()
        log.info(
            "haarlem_pgsearch: dataset search answered from PostgreSQL "
            "(no Solr; local and test use only)"
        )
