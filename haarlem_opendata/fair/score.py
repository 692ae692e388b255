"""A FAIR score per dataset from automated checks modelled on the FAIRsFAIR / F-UJI metrics.

F-UJI assesses a published object over the network; here the same questions are asked of the
release bundle before it is published, offline: is there a persistent identifier, rich and
machine-readable metadata, an identifier for the data, an open access protocol, a licence,
provenance, community-standard formats and vocabularies given as URIs. Each check
(:mod:`haarlem_opendata.fair.metrics`) names the F-UJI metric it follows; the score is the share
of checks passed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph

from haarlem_opendata.fair.metrics import CHECKS, Evidence, FairCheck
from haarlem_opendata.fair.vocab import vocabularies

__all__ = ["FairCheck", "FairScore", "fair_score", "fair_score_for_bundle"]


@dataclass
class FairScore:
    checks: list[FairCheck] = field(default_factory=list)

    @property
    def score(self) -> float:
        return (
            round(sum(c.passed for c in self.checks) / len(self.checks), 3) if self.checks else 0.0
        )

    @property
    def failed(self) -> list[FairCheck]:
        return [c for c in self.checks if not c.passed]

    def to_metadata(self) -> dict:
        return {
            "score": self.score,
            "passed": sum(c.passed for c in self.checks),
            "total": len(self.checks),
            "checks": [c.to_dict() for c in self.checks],
        }

    def to_markdown(self) -> str:
        rows = ["| Metriek | Controle | Uitkomst | Toelichting |", "|---|---|---|---|"]
        rows += [
            f"| {c.id} | {c.title} | {'✔' if c.passed else '✘'} | {c.detail} |" for c in self.checks
        ]
        return "\n".join(rows)


def _load_graph(bundle_dir: Path | None, dcat: Graph | None) -> tuple[Graph | None, str]:
    if dcat is not None:
        return dcat, "graph given"
    if bundle_dir is None:
        return None, "no bundle"
    path = Path(bundle_dir) / "dcat.jsonld"
    if not path.is_file():
        return None, "dcat.jsonld ontbreekt"
    try:
        return Graph().parse(path, format="json-ld"), "dcat.jsonld"
    except Exception as exc:  # noqa: BLE001 — rdflib raises many types; any failure = not machine-readable
        return None, f"dcat.jsonld niet te lezen als RDF ({type(exc).__name__})"


def fair_score(
    package: dict,
    *,
    bundle_dir: Path | None = None,
    dcat: Graph | None = None,
    metadata_dir: Path | str,
    shacl: bool = True,
) -> FairScore:
    """Score one data package (and, when given, its bundle folder or DCAT graph)."""
    vocab = vocabularies(metadata_dir)
    graph, source = _load_graph(bundle_dir, dcat)
    evidence = Evidence(
        package=package,
        vocab=vocab,
        graph=graph,
        graph_problem=source,
        metadata_dir=metadata_dir,
        shacl=shacl,
    )
    return FairScore([check(evidence) for check in CHECKS])


def fair_score_for_bundle(bundle_dir: Path, *, metadata_dir: Path | str) -> FairScore:
    package = json.loads((Path(bundle_dir) / "datapackage.json").read_text(encoding="utf-8"))
    return fair_score(package, bundle_dir=Path(bundle_dir), metadata_dir=metadata_dir)
