"""The data-package stage: a protected table becomes a validated, self-describing release bundle.

``build_bundle`` writes the files (CSV, Parquet, and for geodata GeoJSON and GeoPackage), the
Frictionless ``datapackage.json`` with privacy and provenance sections, the public ``privacy.md``,
the DCAT-AP-DONL ``dcat.jsonld`` and ``checks.json``; ``validate_bundle`` is the blocking check.
"""

from haarlem_opendata.package.bundle import Bundle, build_bundle
from haarlem_opendata.package.checks import record_bundle_check
from haarlem_opendata.package.validate import ValidationReport, validate_bundle
from haarlem_opendata.package.versioning import next_version

__all__ = [
    "Bundle",
    "ValidationReport",
    "build_bundle",
    "next_version",
    "record_bundle_check",
    "validate_bundle",
]
