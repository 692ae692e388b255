"""Preloaded by the scan's forkserver: every worker process forks with the analyzer built.

A forkserver (not plain fork) because the scan may run inside a threaded host such as a Dagster
step, and forking a threaded process can leave locks held in the child.
"""

from __future__ import annotations

from haarlem_opendata.pii.analyzer import build_analyzer
from haarlem_opendata.pii.prefilter import candidate_entities

build_analyzer()
candidate_entities(["Mevr. J. de Vries, Zijlweg 1"])  # builds the cached gate patterns
