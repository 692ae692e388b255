"""The catalog: the YAML files in ``datasets/`` and ``metadata/`` read into spec models and checked.

One layer above :mod:`haarlem_opendata.spec` (the models, which import nothing of the project):
reading a file and the checks that need more than one file (FAIR metadata against the value
lists, linked populations across datasets: :mod:`.linkage`) live here, so the models stay a leaf.
"""

from haarlem_opendata.catalog.besluiten import load_register
from haarlem_opendata.catalog.datasets import load_catalog, load_spec
from haarlem_opendata.catalog.files import key_path, read_yaml_mapping, validation_error

__all__ = [
    "key_path",
    "load_catalog",
    "load_register",
    "load_spec",
    "read_yaml_mapping",
    "validation_error",
]
