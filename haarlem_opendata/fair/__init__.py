"""FAIR metadata on top of the data package: DCAT-AP-DONL mapping, JSON-LD, SHACL and a FAIR
score."""

from haarlem_opendata.fair.dcat import donl_fields, missing_mandatory
from haarlem_opendata.fair.score import FairCheck, FairScore, fair_score, fair_score_for_bundle
from haarlem_opendata.fair.specs import validate_spec_metadata

__all__ = [
    "FairCheck",
    "FairScore",
    "donl_fields",
    "fair_score",
    "fair_score_for_bundle",
    "missing_mandatory",
    "validate_spec_metadata",
]
