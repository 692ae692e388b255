"""A FAIR score per dataset from automated checks modelled on the FAIRsFAIR / F-UJI metrics.

F-UJI assesses a published object over the network; here the same questions are asked of the
release bundle before it is published, offline: is there a persistent identifier, rich and
machine-readable metadata, an identifier for the data, an open access protocol, a licence,
provenance, community-standard formats and vocabularies given as URIs. Each check names the
F-UJI metric it follows; the score is the share of checks passed.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from rdflib import Graph, URIRef
from rdflib.namespace import DCAT, RDF

from haarlem_opendata.fair.vocab import vocabularies

OPEN_FORMATS = {"csv", "parquet", "geojson", "gpkg"}
DATAPACKAGE_PROFILES = ("https://datapackage.org/profiles/2.0/datapackage.json",)


class FairCheck(NamedTuple):
    id: str
    title: str
    passed: bool
    detail: str


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
            "checks": [c._asdict() for c in self.checks],
        }

    def to_markdown(self) -> str:
        rows = ["| Metriek | Controle | Uitkomst | Toelichting |", "|---|---|---|---|"]
        rows += [
            f"| {c.id} | {c.title} | {'✔' if c.passed else '✘'} | {c.detail} |" for c in self.checks
        ]
        return "\n".join(rows)


def _is_http_uri(value: object) -> bool:
    return isinstance(value, str) and re.match(r"^https?://[^\s/]+\.[^\s]+$", value) is not None


def _check(id_: str, title: str, problems: list[str], ok: str) -> FairCheck:
    return FairCheck(id_, title, not problems, ok if not problems else "; ".join(problems))


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
    metadata_dir: Path | str | None = None,
    shacl: bool = True,
) -> FairScore:
    """Score one data package (and, when given, its bundle folder or DCAT graph)."""
    vocab = vocabularies(metadata_dir)
    org = vocab.organisation
    checks: list[FairCheck] = []
    ident = package.get("id")
    version = str(package.get("version", ""))

    # F1: globally unique and persistent identifier
    problems = []
    if not _is_http_uri(ident):
        problems.append("geen http(s)-URI als id")
    elif not str(ident).startswith(org.id_base + "/"):
        problems.append(f"id valt niet onder {org.id_base}")
    elif version and version in str(ident):
        problems.append("id bevat het versienummer en is dus niet stabiel over releases")
    checks.append(
        _check(
            "FsF-F1-02D",
            "Persistente identifier",
            problems,
            f"{ident} (stabiel over releases; onder het eigen domein van de gemeente)",
        )
    )

    # F2: rich descriptive metadata
    problems = []
    for key in (
        "title",
        "description",
        "keywords",
        "created",
        "contributors",
        "temporal",
        "spatial",
        "theme",
    ):
        if not package.get(key):
            problems.append(f"{key} ontbreekt")
    if len(str(package.get("description", ""))) < 80:
        problems.append("beschrijving korter dan 80 tekens")
    if len(package.get("keywords") or []) < 3:
        problems.append("minder dan 3 trefwoorden")
    if not any("publisher" in c.get("roles", []) for c in package.get("contributors", [])):
        problems.append("geen uitgever")
    checks.append(
        _check(
            "FsF-F2-01M",
            "Rijke beschrijvende metadata",
            problems,
            "titel, beschrijving, trefwoorden, uitgever, datum, dekking in tijd en ruimte, thema",
        )
    )

    # F3: the metadata identifies the data it describes
    problems = []
    resources = package.get("resources") or []
    if not resources:
        problems.append("geen resources")
    for res in resources:
        if (
            not res.get("path")
            or not str(res.get("hash", "")).startswith("sha256:")
            or ("bytes" not in res and res.get("format") != "parquet")
        ):
            problems.append(f"{res.get('name')}: pad, sha256 of bytes ontbreekt")
    checks.append(
        _check(
            "FsF-F3-01M",
            "Identifier van de data in de metadata",
            problems,
            f"{len(resources)} bestanden met pad, grootte en sha256",
        )
    )

    # F4 / I1: machine-readable metadata in a formal knowledge representation
    graph, source = _load_graph(bundle_dir, dcat)
    problems = []
    if package.get("$schema") not in DATAPACKAGE_PROFILES:
        problems.append("datapackage.json zonder Data Package v2-profiel")
    if graph is None:
        problems.append(source)
    elif ident and (URIRef(ident), RDF.type, DCAT.Dataset) not in graph:
        problems.append("DCAT-graaf beschrijft de dataset niet")
    checks.append(
        _check(
            "FsF-F4-01M",
            "Machineleesbare metadata (Data Package + DCAT JSON-LD)",
            problems,
            f"datapackage.json (Data Package v2) en DCAT-AP-DONL als RDF ({len(graph) if graph is not None else 0} triples)",
        )
    )

    # A1: access through a standard, open protocol
    problems = []
    if not _is_http_uri(package.get("homepage")):
        problems.append("geen http(s)-landingspagina")
    if graph is not None:
        urls = [str(o) for o in graph.objects(None, DCAT.accessURL)]
        if not urls or not all(u.startswith(("http://", "https://")) for u in urls):
            problems.append("niet elke distributie heeft een http(s)-toegangs-URL")
    checks.append(
        _check(
            "FsF-A1-03D",
            "Toegang via een standaardprotocol (HTTP(S)), openbaar",
            problems,
            "landingspagina en download-URL's via HTTPS, zonder inlog",
        )
    )

    # I2: vocabularies as URIs
    problems = []
    theme = (package.get("theme") or {}).get("uri")
    if not theme or vocab.theme_by_uri(theme) is None:
        problems.append("thema is geen URI uit overheid:taxonomiebeleidsagenda")
    publisher = next(
        (c for c in package.get("contributors", []) if "publisher" in c.get("roles", [])), {}
    )
    if not str(publisher.get("path", "")).startswith("https://identifier.overheid.nl/tooi/"):
        problems.append("uitgever heeft geen TOOI-URI")
    for res in resources:
        if res.get("format") not in vocab.formats:
            problems.append(f"{res.get('name')}: formaat zonder URI in de formatenlijst")
    licenses = package.get("licenses") or [{}]
    if licenses[0].get("name") not in vocab.licenses:
        problems.append("licentie niet in de licentielijst")
    checks.append(
        _check(
            "FsF-I2-01M",
            "Begrippen als URI uit gedeelde lijsten",
            problems,
            "thema (OWMS), uitgever (TOOI), taal en formaat (EU-lijsten), licentie (DONL) als URI",
        )
    )

    # R1: content of the data described
    problems = []
    for res in resources:
        if res.get("type") != "table":
            continue
        fields = (res.get("schema") or {}).get("fields") or []
        if not fields:
            problems.append(f"{res.get('name')}: geen Table Schema")
        for f in fields:
            if not f.get("type") or not f.get("description"):
                problems.append(
                    f"{res.get('name')}.{f.get('name')}: type of beschrijving ontbreekt"
                )
    checks.append(
        _check(
            "FsF-R1-01MD",
            "Inhoud van de data beschreven (Table Schema)",
            problems,
            "elk veld met type, eenheid waar van toepassing en Nederlandse beschrijving",
        )
    )

    # R1.1: licence
    problems = []
    lic = licenses[0]
    if lic.get("name") not in vocab.licenses or not _is_http_uri(lic.get("path")):
        problems.append("geen bekende licentie met URL")
    checks.append(
        _check("FsF-R1.1-01M", "Licentie", problems, f"{lic.get('name')} ({lic.get('path')})")
    )

    # R1.2: provenance
    problems = []
    prov = package.get("provenance") or {}
    if not prov.get("sources"):
        problems.append("bronnen ontbreken")
    if not (prov.get("pipeline") or {}).get("version"):
        problems.append("pipelineversie ontbreekt")
    if not (prov.get("pipeline") or {}).get("git_commit"):
        problems.append("git-commit ontbreekt")
    if not (prov.get("run") or {}).get("dagster_run_id"):
        problems.append("run-id ontbreekt")
    if "generated" not in prov:
        problems.append("niet vermeld of de data gegenereerd is")
    if not package.get("privacy"):
        problems.append("privacysectie ontbreekt")
    checks.append(
        _check(
            "FsF-R1.2-01M",
            "Herkomst (provenance)",
            problems,
            "bronnen, pipelineversie, git-commit, Dagster-run, besluiten en toegepaste bescherming",
        )
    )

    # R1.3: community metadata standard
    problems = []
    if graph is None:
        problems.append("geen DCAT-metadata")
    elif shacl:
        from haarlem_opendata.fair.shacl import validate_dcat

        report = validate_dcat(graph, metadata_dir)
        if not report.conforms:
            problems.append(f"DCAT-AP-DONL SHACL: {len(report.violations)} overtredingen")
    checks.append(
        _check(
            "FsF-R1.3-01M",
            "Metadata volgens een gemeenschapsstandaard (DCAT-AP-DONL)",
            problems,
            "DCAT-AP-DONL voldoet aan de SHACL-shapes; Data Package v2",
        )
    )

    # R1.3: community file formats
    problems = [
        f"{r.get('name')}: {r.get('format')} is geen aanbevolen open formaat"
        for r in resources
        if r.get("format") not in OPEN_FORMATS
    ]
    if not any(r.get("format") == "csv" for r in resources):
        problems.append("geen CSV")
    checks.append(
        _check(
            "FsF-R1.3-02D",
            "Open standaardformaten",
            problems,
            "CSV en Parquet; geodata ook GeoJSON (RFC 7946) en GeoPackage",
        )
    )
    return FairScore(checks)


def fair_score_for_bundle(bundle_dir: Path, *, metadata_dir: Path | str | None = None) -> FairScore:
    package = json.loads((Path(bundle_dir) / "datapackage.json").read_text(encoding="utf-8"))
    return fair_score(package, bundle_dir=Path(bundle_dir), metadata_dir=metadata_dir)
