"""Check a DCAT graph against the project's DCAT-AP-DONL SHACL shapes with pyshacl.

The shapes (``metadata/shacl/dcat-ap-donl.ttl``, CC0) were written for this project from the
DCAT-AP-DONL 1.1 property tables; no official machine-readable shape set under an open licence
was available offline.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import SH

SHAPES_FILE = Path("shacl") / "dcat-ap-donl.ttl"


@dataclass
class ShaclReport:
    conforms: bool
    violations: list[str] = field(default_factory=list)

    def to_metadata(self) -> dict:
        return {
            "conforms": self.conforms,
            "violations": self.violations[:50],
            "shapes": str(SHAPES_FILE),
        }


def load_shapes(metadata_dir: Path | str) -> Graph:
    """The shapes in ``metadata_dir`` (the settings' ``metadata_dir``)."""
    return Graph().parse(Path(metadata_dir) / SHAPES_FILE, format="turtle")


def validate_dcat(data: Graph, metadata_dir: Path | str) -> ShaclReport:
    from pyshacl import validate

    conforms, results, _text = validate(
        data, shacl_graph=load_shapes(metadata_dir), inference="none"
    )
    violations = []
    for result in results.subjects(SH.resultSeverity, SH.Violation):
        focus = results.value(result, SH.focusNode)
        message = results.value(result, SH.resultMessage)
        violations.append(f"{focus}: {message}")
    return ShaclReport(conforms=bool(conforms), violations=sorted(violations))
