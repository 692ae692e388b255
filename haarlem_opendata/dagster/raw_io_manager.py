"""The Dagster IO manager for the raw stages (``[dataset, raw, <source>]``, ``[dataset, source]``).

A small one of the project's own on top of :class:`~haarlem_opendata.raw.store.RawStore`, rather
than Dagster's UPath IO manager: the store must set 0600/0700 whatever the umask, encrypt with a
key that never enters Dagster's config or event log, and write GeoParquet for geodata; the UPath
manager pickles by default and knows none of that. Only row counts ever go to metadata.

A plain ``IOManager`` built from the settings, not a configurable one: the folder and the keys
come from the settings object and the keys must never become Dagster config.
"""

from __future__ import annotations

import dagster as dg
import pandas as pd

from haarlem_opendata.raw.store import RawStore
from haarlem_opendata.settings import Settings


def _location(key: dg.AssetKey) -> tuple[str, str, str]:
    dataset, stage, *rest = key.path
    return dataset, stage, rest[0] if rest else "tabel"


class RawStoreIOManager(dg.IOManager):
    """Raw and source tables in the private raw store (``HAARLEM_OPENDATA_RAW_DIR``)."""

    def __init__(self, settings: Settings) -> None:
        self._store = RawStore(settings.raw_dir, settings.raw_keys)

    def handle_output(self, context: dg.OutputContext, obj: pd.DataFrame) -> None:
        self._store.write(*_location(context.asset_key), obj)

    def load_input(self, context: dg.InputContext) -> pd.DataFrame:
        return self._store.read(*_location(context.asset_key))
