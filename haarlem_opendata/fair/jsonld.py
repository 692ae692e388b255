"""DCAT-AP-DONL as RDF (JSON-LD), built with rdflib from the :func:`donl_fields` mapping.

Linked-data harvesters (data.overheid.nl, data.europa.eu) read DCAT, not Frictionless. All values
come from :mod:`haarlem_opendata.fair.dcat`, so this module only decides RDF shape: which class,
which property, which datatype. Nodes that would be blank get IRIs under the dataset's identifier,
so the same package always serialises to the same bytes.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, OWL, RDF, SKOS, XSD

from haarlem_opendata.fair.dcat import donl_fields

VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
OVERHEID = Namespace("http://standaarden.overheid.nl/owms/terms/")
ADMS = Namespace("http://www.w3.org/ns/adms#")
SPDX = Namespace("http://spdx.org/rdf/terms#")
PROV = Namespace("http://www.w3.org/ns/prov#")

CONTEXT = {
    "dcat": str(DCAT),
    "dct": str(DCTERMS),
    "foaf": str(FOAF),
    "owl": str(OWL),
    "skos": str(SKOS),
    "vcard": str(VCARD),
    "overheid": str(OVERHEID),
    "adms": str(ADMS),
    "spdx": str(SPDX),
    "prov": str(PROV),
    "xsd": str(XSD),
}
NL = "nl"


def _bind(graph: Graph) -> None:
    for prefix, uri in CONTEXT.items():
        graph.bind(prefix, Namespace(uri))


def dcat_graph(
    package: dict,
    *,
    portal_base_url: str | None = None,
    resource_urls: dict[str, str] | None = None,
    metadata_dir: Path | str,
) -> Graph:
    """The DCAT-AP-DONL graph of one data package."""
    f = donl_fields(
        package,
        portal_base_url=portal_base_url,
        resource_urls=resource_urls,
        metadata_dir=metadata_dir,
    )
    g = Graph()
    _bind(g)
    ds = URIRef(f["identifier"])
    g.add((ds, RDF.type, DCAT.Dataset))
    g.add((ds, DCTERMS.identifier, Literal(f["identifier"], datatype=XSD.anyURI)))
    g.add((ds, DCTERMS.title, Literal(f["title"], lang=NL)))
    g.add((ds, DCTERMS.description, Literal(f["notes"], lang=NL)))
    for tag in f["tags"]:
        g.add((ds, DCAT.keyword, Literal(tag, lang=NL)))
    for lang in f["language"]:
        g.add((ds, DCTERMS.language, URIRef(lang)))
    for theme in f["theme"]:
        g.add((ds, DCAT.theme, URIRef(theme)))
        g.add((URIRef(theme), RDF.type, SKOS.Concept))
        g.add((URIRef(theme), SKOS.prefLabel, Literal(package["theme"]["label"], lang=NL)))
        g.add((URIRef(theme), SKOS.inScheme, OVERHEID.TaxonomieBeleidsagenda))
    g.add((ds, DCTERMS.modified, Literal(f["modified"], datatype=XSD.date)))
    g.add((ds, DCTERMS.issued, Literal(f["modified"], datatype=XSD.date)))
    authority = URIRef(f["authority"])
    g.add((ds, OVERHEID.authority, authority))
    g.add((ds, DCTERMS.publisher, URIRef(f["publisher"])))
    publisher_name = next(
        c["title"] for c in package["contributors"] if "publisher" in c.get("roles", [])
    )
    for agent in {authority, URIRef(f["publisher"])}:
        g.add((agent, RDF.type, FOAF.Agent))
        g.add((agent, FOAF.name, Literal(publisher_name, lang=NL)))

    contact = URIRef(f"{f['identifier']}#contactpunt")
    g.add((ds, DCAT.contactPoint, contact))
    g.add((contact, RDF.type, VCARD.Organization))
    g.add((contact, VCARD.fn, Literal(f["contact_point_name"], lang=NL)))
    g.add((contact, VCARD.hasEmail, URIRef(f"mailto:{f['contact_point_email']}")))
    if f.get("contact_point_website"):
        g.add((contact, VCARD.hasURL, URIRef(f["contact_point_website"])))

    g.add((ds, DCTERMS.accessRights, URIRef(f["access_rights"])))
    g.add((ds, DCAT.landingPage, URIRef(f["url"])))
    g.add((ds, OWL.versionInfo, Literal(f["version"])))
    if package.get("versionNotes"):
        g.add((ds, ADMS.versionNotes, Literal(package["versionNotes"], lang=NL)))
    g.add((ds, DCTERMS.accrualPeriodicity, URIRef(f["frequency"])))
    g.add((ds, ADMS.status, URIRef(f["dataset_status"])))
    for value in f.get("spatial_value", []):
        g.add((ds, DCTERMS.spatial, URIRef(value)))
    if f.get("temporal_start"):
        period = URIRef(f"{f['identifier']}#periode")
        g.add((ds, DCTERMS.temporal, period))
        g.add((period, RDF.type, DCTERMS.PeriodOfTime))
        g.add((period, DCAT.startDate, Literal(f["temporal_start"], datatype=XSD.date)))
        g.add((period, DCAT.endDate, Literal(f["temporal_end"], datatype=XSD.date)))
    for source in f.get("source", []):
        g.add((ds, DCTERMS.source, URIRef(source)))
    for besluit in package.get("provenance", {}).get("besluiten", []):
        url = besluit.get("url")
        if isinstance(url, str) and url.startswith("http"):
            g.add((ds, DCTERMS.isReferencedBy, URIRef(url)))
    _provenance(g, ds, package, f["identifier"])

    for dist in f["distributions"]:
        node = URIRef(f"{f['identifier']}/distributie/{dist['path']}")
        g.add((ds, DCAT.distribution, node))
        g.add((node, RDF.type, DCAT.Distribution))
        g.add((node, DCAT.accessURL, URIRef(dist["url"])))
        g.add((node, DCAT.downloadURL, URIRef(dist["download_url"])))
        g.add((node, DCTERMS.license, URIRef(dist["license_id"])))
        g.add((node, DCTERMS.format, URIRef(dist["format"])))
        g.add((node, DCAT.mediaType, URIRef(dist["mediatype"])))
        g.add((node, DCTERMS.title, Literal(dist["name"], lang=NL)))
        g.add((node, DCTERMS.description, Literal(dist["description"], lang=NL)))
        for lang in dist["language"]:
            g.add((node, DCTERMS.language, URIRef(lang)))
        if dist.get("size") is not None:
            g.add(
                (node, DCAT.byteSize, Literal(int(dist["size"]), datatype=XSD.nonNegativeInteger))
            )
        checksum = URIRef(f"{node}#checksum")
        g.add((node, SPDX.checksum, checksum))
        g.add((checksum, RDF.type, SPDX.Checksum))
        g.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
        g.add((checksum, SPDX.checksumValue, Literal(dist["hash"], datatype=XSD.hexBinary)))
        g.add((URIRef(dist["license_id"]), RDF.type, DCTERMS.LicenseDocument))

    record = URIRef(f"{f['identifier']}#record")
    g.add((record, RDF.type, DCAT.CatalogRecord))
    g.add((record, FOAF.primaryTopic, ds))
    g.add((record, DCTERMS.language, URIRef(f["metadata_language"])))
    g.add((record, DCTERMS.modified, Literal(f["modified"], datatype=XSD.date)))
    return g


def _provenance(g: Graph, ds: URIRef, package: dict, identifier: str) -> None:
    prov = package.get("provenance") or {}
    pipeline = prov.get("pipeline") or {}
    text = (
        f"Gemaakt door de pipeline haarlem-opendata {pipeline.get('version', '')} (commit "
        f"{pipeline.get('git_commit') or 'onbekend'}, run "
        f"{prov.get('run', {}).get('dagster_run_id', '')}) "
        "uit de bronnen: " + "; ".join(s.get("title", "") for s in prov.get("sources", [])) + "."
    )
    if prov.get("generated"):
        text += " Bevat gegenereerde voorbeeldgegevens."
    statement = URIRef(f"{identifier}#herkomst")
    g.add((ds, DCTERMS.provenance, statement))
    g.add((statement, RDF.type, DCTERMS.ProvenanceStatement))
    g.add((statement, SKOS.note, Literal(text, lang=NL)))


def to_jsonld(graph: Graph) -> str:
    """Canonical JSON-LD text: compacted with our prefixes, nodes sorted by ``@id``."""
    if any(isinstance(t, BNode) for triple in graph for t in triple):
        raise ValueError("DCAT graph must not contain blank nodes (they break byte-stable output)")
    data: Any = json.loads(graph.serialize(format="json-ld", context=CONTEXT, auto_compact=True))
    nodes = data.get("@graph", [data] if "@id" in data else [])
    nodes = sorted(
        ({k: v for k, v in n.items() if k != "@context"} for n in nodes), key=lambda n: n["@id"]
    )
    return (
        json.dumps(
            {"@context": CONTEXT, "@graph": _sorted_values(nodes)},
            ensure_ascii=False,
            indent=2,
            sort_keys=True,
        )
        + "\n"
    )


def _sorted_values(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _sorted_values(v) for k, v in value.items()}
    if isinstance(value, list):
        items = [_sorted_values(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return value


def dcat_jsonld(package: dict, **kwargs: Any) -> str:
    return to_jsonld(dcat_graph(package, **kwargs))
