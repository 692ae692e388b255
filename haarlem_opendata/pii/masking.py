"""Show a found value without showing it: ``jan.jansen@ziggo.nl`` becomes ``j***@***.nl``.

Used for every value that appears in a report, check metadata or log. The mask never depends on
the value's length and keeps at most a first character and a non-identifying tail (a top-level
domain, a postcode's first two digits, an IBAN's country code); each entity type's rule is in
its definition (``entities.py``).
"""

from __future__ import annotations

from haarlem_opendata.pii.entities import BY_TYPE
from haarlem_opendata.pii.entity import STARS, mask_first


def mask_value(value: str, entity_type: str) -> str:
    value = str(value).strip()
    if not value:
        return STARS
    definition = BY_TYPE.get(entity_type)
    return definition.mask(value) if definition else mask_first(value)
