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


def _location(context: dg.OutputContext | dg.InputContext) -> tuple[str, str, str]:
    """``<dataset>/<stage>/<name>``; a partition's table is ``<name>@<gemeente>-<jaar>``, so the
    bewaartermijn of the dataset's spec applies to every partition's raw files."""
    dataset, stage, *rest = context.asset_key.path
    name = rest[0] if rest else "tabel"
    if context.has_asset_partitions:
        name = f"{name}@{str(context.asset_partition_key).replace('|', '-')}"
    return dataset, stage, name


class RawStoreIOManager(dg.IOManager):
    """Raw and source tables in the private raw store (``HAARLEM_OPENDATA_RAW_DIR``)."""

    def __init__(self, settings: Settings) -> None:
        self._store = RawStore(settings.raw_dir, settings.raw_keys)

    def handle_output(self, context: dg.OutputContext, obj: pd.DataFrame) -> None:
        self._store.write(*_location(context), obj)

    def load_input(self, context: dg.InputContext) -> pd.DataFrame:
        return self._store.read(*_location(context))
