"""Preloaded by the scan's forkserver: every worker process forks with the analyzer built.

A forkserver (not plain fork) because the scan may run inside a threaded host such as a Dagster
step, and forking a threaded process can leave locks held in the child. The pre-filter gate
runs in the parent, so workers only need the analyzer. ``gc.freeze`` moves everything built
so far out of the collector's reach: in the worker, a collection then only walks the objects
made for the texts at hand.
"""

from __future__ import annotations

import gc

from haarlem_opendata.pii.analyzer import build_analyzer

build_analyzer()
# The analyzer lives as long as the worker: keep its objects out of every garbage collection.
gc.freeze()
