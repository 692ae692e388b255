"""Every entity type the scanner knows: one definition per recognizer module, collected here.

Every per-type table is derived from ``DEFINITIONS``: the analyzer's recognizers
(``analyzer.py``), the pre-filter gate (``prefilter.py``), the whole-column rules (``columns.py``),
the masks (``masking.py``), the redaction placeholders (``redact.py``) and the Dutch labels in
reports. The spec's plain list of type names (``EntityType``) must name the same types; a test
checks that.

The order is the order in which a column header is matched: a ``postcode_huisnummer`` column
is an address, a ``naam_email`` column a column of names.
"""

from __future__ import annotations

from types import MappingProxyType

from haarlem_opendata.pii.entity import EntityDefinition
from haarlem_opendata.pii.recognizers.generic import iban, ip, url
from haarlem_opendata.pii.recognizers.nl import (
    address,
    bsn,
    date_of_birth,
    email,
    kenteken,
    person_name,
    phone,
    postcode,
)

DEFINITIONS: tuple[EntityDefinition, ...] = (
    person_name.DEFINITION,
    email.DEFINITION,
    phone.DEFINITION,
    bsn.DEFINITION,
    date_of_birth.DEFINITION,
    iban.DEFINITION,
    kenteken.DEFINITION,
    address.DEFINITION,
    postcode.DEFINITION,
    url.DEFINITION,
    ip.DEFINITION,
)
BY_TYPE = MappingProxyType({d.type: d for d in DEFINITIONS})
ENTITY_LABELS_NL = MappingProxyType({d.type: d.label_nl for d in DEFINITIONS})
PLACEHOLDERS = MappingProxyType({d.type: d.placeholder for d in DEFINITIONS})
