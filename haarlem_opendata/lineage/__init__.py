"""Decision lineage: which published data, in which exact version, underlies a besluit.

``register`` (the besluiten and their validation against the dataset specs), ``releases`` (the
append-only release history), ``dossier`` (a besluit resolved to the versions current on its date),
and the outputs built from a dossier: HTML pages, CKAN groups, PROV-O, OpenLineage and Dagster
external assets. Import the submodule you need; this package imports nothing heavy on its own.
"""
