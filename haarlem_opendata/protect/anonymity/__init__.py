"""k-anonymity and l-diversity for record-level data.

One entry point, :func:`k_anonymize` (or :func:`k_anonymize_spec` for a dataset spec's
``protection.anonymity`` block), and one independent checker, :func:`verify_anonymity`, for the
blocking asset check.
"""

from haarlem_opendata.protect.anonymity.anonymize import (
    AnonymizationResult,
    k_anonymize,
    k_anonymize_spec,
)
from haarlem_opendata.protect.anonymity.hierarchy import (
    DateTimeLevels,
    GeoLevels,
    Hierarchy,
    NumericBands,
    TableHierarchy,
)
from haarlem_opendata.protect.anonymity.verify import VerificationResult, verify_anonymity

__all__ = [
    "AnonymizationResult",
    "DateTimeLevels",
    "GeoLevels",
    "Hierarchy",
    "NumericBands",
    "TableHierarchy",
    "VerificationResult",
    "k_anonymize",
    "k_anonymize_spec",
    "verify_anonymity",
]
