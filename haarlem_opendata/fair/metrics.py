"""The FAIR checks, one function per F-UJI metric, each reading the :class:`Evidence` it needs.

A check returns a :class:`FairCheck`: passed with the metric's fixed Dutch explanation, or failed
with the problems it found. :data:`CHECKS` is the order they are reported in; adding a metric is
adding a function to it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import DCAT, RDF

from haarlem_opendata.fair.vocab import Vocabularies
from haarlem_opendata.formats import CSV, DATA_FORMATS, FORMATS, declares_bytes

OPEN_FORMATS = {f.key for f in DATA_FORMATS}
DATAPACKAGE_PROFILES = ("https://datapackage.org/profiles/2.0/datapackage.json",)
DESCRIPTIVE_KEYS = (
    "title",
    "description",
    "keywords",
    "created",
    "contributors",
    "temporal",
    "spatial",
    "theme",
)


@dataclass(frozen=True)
class FairCheck:
    """The outcome of one metric; ``detail`` lists the problems, or says what was found."""

    id: str  # the F-UJI metric, e.g. FsF-F1-02D
    title: str
    passed: bool
    detail: str

    def to_dict(self) -> dict:
        return {"id": self.id, "title": self.title, "passed": self.passed, "detail": self.detail}


@dataclass(frozen=True)
class Evidence:
    """What the checks look at: the data package and, when there is one, its DCAT graph."""

    package: dict
    vocab: Vocabularies
    graph: Graph | None
    graph_problem: str  # why there is no graph
    metadata_dir: Path | str
    shacl: bool

    @property
    def resources(self) -> list[dict]:
        return self.package.get("resources") or []

    @property
    def first_licence(self) -> dict:
        return (self.package.get("licenses") or [{}])[0]

    @property
    def publisher(self) -> dict:
        return next(
            (c for c in self.package.get("contributors", []) if "publisher" in c.get("roles", [])),
            {},
        )


def is_http_uri(value: object) -> bool:
    return isinstance(value, str) and re.match(r"^https?://[^\s/]+\.[^\s]+$", value) is not None


def _check(id_: str, title: str, problems: list[str], ok: str) -> FairCheck:
    return FairCheck(id_, title, not problems, ok if not problems else "; ".join(problems))


def persistent_identifier(e: Evidence) -> FairCheck:
    """F1: a globally unique identifier under the gemeente's domain, the same for every release."""
    ident = e.package.get("id")
    version = str(e.package.get("version", ""))
    problems = []
    if not is_http_uri(ident):
        problems.append("geen http(s)-URI als id")
    elif not str(ident).startswith(e.vocab.organisation.id_base + "/"):
        problems.append(f"id valt niet onder {e.vocab.organisation.id_base}")
    elif version and version in str(ident):
        problems.append("id bevat het versienummer en is dus niet stabiel over releases")
    ok = f"{ident} (stabiel over releases; onder het eigen domein van de gemeente)"
    return _check("FsF-F1-02D", "Persistente identifier", problems, ok)


def rich_metadata(e: Evidence) -> FairCheck:
    """F2: rich descriptive metadata."""
    package = e.package
    problems = [f"{key} ontbreekt" for key in DESCRIPTIVE_KEYS if not package.get(key)]
    if len(str(package.get("description", ""))) < 80:
        problems.append("beschrijving korter dan 80 tekens")
    if len(package.get("keywords") or []) < 3:
        problems.append("minder dan 3 trefwoorden")
    if not any("publisher" in c.get("roles", []) for c in package.get("contributors", [])):
        problems.append("geen uitgever")
    ok = "titel, beschrijving, trefwoorden, uitgever, datum, dekking in tijd en ruimte, thema"
    return _check("FsF-F2-01M", "Rijke beschrijvende metadata", problems, ok)


def data_identifier(e: Evidence) -> FairCheck:
    """F3: the metadata identifies each file it describes (path, size, sha256)."""
    problems = [] if e.resources else ["geen resources"]
    for res in e.resources:
        if (
            not res.get("path")
            or not str(res.get("hash", "")).startswith("sha256:")
            or ("bytes" not in res and declares_bytes(res.get("format")))
        ):
            problems.append(f"{res.get('name')}: pad, sha256 of bytes ontbreekt")
    ok = f"{len(e.resources)} bestanden met pad, grootte en sha256"
    return _check("FsF-F3-01M", "Identifier van de data in de metadata", problems, ok)


def machine_readable_metadata(e: Evidence) -> FairCheck:
    """F4 / I1: machine-readable metadata in a formal knowledge representation."""
    ident = e.package.get("id")
    problems = []
    if e.package.get("$schema") not in DATAPACKAGE_PROFILES:
        problems.append("datapackage.json zonder Data Package v2-profiel")
    if e.graph is None:
        problems.append(e.graph_problem)
    elif ident and (URIRef(ident), RDF.type, DCAT.Dataset) not in e.graph:
        problems.append("DCAT-graaf beschrijft de dataset niet")
    triples = len(e.graph) if e.graph is not None else 0
    ok = f"datapackage.json (Data Package v2) en DCAT-AP-DONL als RDF ({triples} triples)"
    title = "Machineleesbare metadata (Data Package + DCAT JSON-LD)"
    return _check("FsF-F4-01M", title, problems, ok)


def open_protocol(e: Evidence) -> FairCheck:
    """A1: access through a standard, open protocol."""
    problems = []
    if not is_http_uri(e.package.get("homepage")):
        problems.append("geen http(s)-landingspagina")
    if e.graph is not None:
        urls = [str(o) for o in e.graph.objects(None, DCAT.accessURL)]
        if not urls or not all(u.startswith(("http://", "https://")) for u in urls):
            problems.append("niet elke distributie heeft een http(s)-toegangs-URL")
    title = "Toegang via een standaardprotocol (HTTP(S)), openbaar"
    return _check(
        "FsF-A1-03D", title, problems, "landingspagina en download-URL's via HTTPS, zonder inlog"
    )


def shared_vocabularies(e: Evidence) -> FairCheck:
    """I2: theme, publisher, formats and licence as URIs from shared value lists."""
    problems = []
    theme = (e.package.get("theme") or {}).get("uri")
    if not theme or e.vocab.theme_by_uri(theme) is None:
        problems.append("thema is geen URI uit overheid:taxonomiebeleidsagenda")
    if not str(e.publisher.get("path", "")).startswith("https://identifier.overheid.nl/tooi/"):
        problems.append("uitgever heeft geen TOOI-URI")
    for res in e.resources:
        if res.get("format") not in FORMATS:
            problems.append(f"{res.get('name')}: formaat zonder URI in de formatenlijst")
    if e.first_licence.get("name") not in e.vocab.licenses:
        problems.append("licentie niet in de licentielijst")
    ok = "thema (OWMS), uitgever (TOOI), taal en formaat (EU-lijsten), licentie (DONL) als URI"
    return _check("FsF-I2-01M", "Begrippen als URI uit gedeelde lijsten", problems, ok)


def described_content(e: Evidence) -> FairCheck:
    """R1: every table's content described by a Table Schema."""
    problems = []
    for res in e.resources:
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
    ok = "elk veld met type, eenheid waar van toepassing en Nederlandse beschrijving"
    return _check("FsF-R1-01MD", "Inhoud van de data beschreven (Table Schema)", problems, ok)


def licence(e: Evidence) -> FairCheck:
    """R1.1: a known licence with a URL."""
    lic = e.first_licence
    problems = []
    if lic.get("name") not in e.vocab.licenses or not is_http_uri(lic.get("path")):
        problems.append("geen bekende licentie met URL")
    return _check("FsF-R1.1-01M", "Licentie", problems, f"{lic.get('name')} ({lic.get('path')})")


def provenance(e: Evidence) -> FairCheck:
    """R1.2: where the data came from, which run made it, and how residents were protected."""
    prov = e.package.get("provenance") or {}
    pipeline = prov.get("pipeline") or {}
    problems = []
    if not prov.get("sources"):
        problems.append("bronnen ontbreken")
    if not pipeline.get("version"):
        problems.append("pipelineversie ontbreekt")
    if not pipeline.get("git_commit"):
        problems.append("git-commit ontbreekt")
    if not (prov.get("run") or {}).get("dagster_run_id"):
        problems.append("run-id ontbreekt")
    if "generated" not in prov:
        problems.append("niet vermeld of de data gegenereerd is")
    if not e.package.get("privacy"):
        problems.append("privacysectie ontbreekt")
    ok = "bronnen, pipelineversie, git-commit, Dagster-run, besluiten en toegepaste bescherming"
    return _check("FsF-R1.2-01M", "Herkomst (provenance)", problems, ok)


def community_metadata(e: Evidence) -> FairCheck:
    """R1.3: metadata that conforms to the community standard (the DCAT-AP-DONL SHACL shapes)."""
    problems = []
    if e.graph is None:
        problems.append("geen DCAT-metadata")
    elif e.shacl:
        from haarlem_opendata.fair.shacl import validate_dcat

        report = validate_dcat(e.graph, e.metadata_dir)
        if not report.conforms:
            problems.append(f"DCAT-AP-DONL SHACL: {len(report.violations)} overtredingen")
    title = "Metadata volgens een gemeenschapsstandaard (DCAT-AP-DONL)"
    return _check(
        "FsF-R1.3-01M", title, problems, "DCAT-AP-DONL voldoet aan de SHACL-shapes; Data Package v2"
    )


def open_formats(e: Evidence) -> FairCheck:
    """R1.3: data in open, community-standard file formats, at least CSV."""
    problems = [
        f"{r.get('name')}: {r.get('format')} is geen aanbevolen open formaat"
        for r in e.resources
        if r.get("format") not in OPEN_FORMATS
    ]
    if not any(r.get("format") == CSV.key for r in e.resources):
        problems.append("geen CSV")
    ok = "CSV en Parquet; geodata ook GeoJSON (RFC 7946) en GeoPackage"
    return _check("FsF-R1.3-02D", "Open standaardformaten", problems, ok)


CHECKS: tuple[Callable[[Evidence], FairCheck], ...] = (
    persistent_identifier,
    rich_metadata,
    data_identifier,
    machine_readable_metadata,
    open_protocol,
    shared_vocabularies,
    described_content,
    licence,
    provenance,
    community_metadata,
    open_formats,
)
