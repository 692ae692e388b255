"""The Dagster shell: the only place the project imports dagster.

Assets, checks, jobs, resources, IO managers and metadata conversion wire the plain-Python core
(``stages`` and the engines under it) into Dagster; nothing in the core imports this package
(an import-linter contract in ``pyproject.toml`` checks it). ``definitions.defs`` is the code
location ``workspace.yaml`` loads.
"""
