"""The ckanext-dcat profile `haarlem_donl`: the portal serves the release's own DCAT-AP-DONL.

Every release carries `dcat.jsonld`, made by haarlem_opendata.fair from the data package and
checked against the project's SHACL shapes before anything is published. Mapping CKAN fields to
RDF a second time here would give two mappings that drift apart; instead the profile reads that
file from CKAN's storage and adds it to the graph as it is, plus what only the portal knows: the
download URL of each file on this portal and the catalogue node. The dataset's URI in the graph
is its DONL identifier (the schema's `uri` field, which ckanext-dcat uses for the dataset node).
"""

from __future__ import annotations

import logging
from typing import Any

from ckan.lib import uploader
from ckan.plugins import toolkit
from ckanext.dcat.profiles.base import RDFProfile
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF

log = logging.getLogger(__name__)

DCAT_FILE = "dcat.jsonld"
NLD = URIRef("http://publications.europa.eu/resource/authority/language/NLD")


def _release_graph(resource: dict[str, Any]) -> Graph | None:
    if resource.get("url_type") != "upload":
        return None
    path = uploader.get_resource_uploader(resource).get_path(resource["id"])
    graph = Graph()
    try:
        graph.parse(path, format="json-ld")
    except (OSError, ValueError) as exc:
        log.warning("haarlem_donl: %s of %s not readable: %s", DCAT_FILE, resource["id"], exc)
        return None
    return graph


class DonlProfile(RDFProfile):
    def graph_from_dataset(self, dataset_dict: dict[str, Any], dataset_ref: URIRef) -> None:
        resources = dataset_dict.get("resources") or []
        dcat_file = next((r for r in resources if r.get("bundle_path") == DCAT_FILE), None)
        release = _release_graph(dcat_file) if dcat_file else None
        if release is None:  # not a release of the pipeline: say at least what CKAN knows
            self.g.add((dataset_ref, RDF.type, DCAT.Dataset))
            self.g.add(
                (dataset_ref, DCTERMS.title, Literal(dataset_dict.get("title", ""), lang="nl"))
            )
            return
        for triple in release:
            self.g.add(triple)
        by_path = {r.get("bundle_path"): r.get("url") for r in resources if r.get("url")}
        for distribution in release.objects(dataset_ref, DCAT.distribution):
            path = str(distribution).rsplit("/", 1)[-1]
            for access in release.objects(distribution, DCAT.accessURL):
                path = str(access).rsplit("/", 1)[-1]
            if by_path.get(path):
                self.g.add((distribution, DCAT.downloadURL, URIRef(by_path[path])))

    def graph_from_catalog(self, catalog_dict: dict[str, Any], catalog_ref: URIRef) -> None:
        config = toolkit.config
        self.g.add((catalog_ref, RDF.type, DCAT.Catalog))
        title = config.get("ckan.site_title") or "Open data"
        self.g.add((catalog_ref, DCTERMS.title, Literal(title, lang="nl")))
        description = config.get("ckan.site_description") or title
        self.g.add((catalog_ref, DCTERMS.description, Literal(description, lang="nl")))
        self.g.add((catalog_ref, DCTERMS.language, NLD))
        self.g.add((catalog_ref, FOAF.homepage, URIRef(config.get("ckan.site_url"))))
        publisher = config.get("ckanext.haarlem_portal.publisher")
        if publisher:
            self.g.add((catalog_ref, DCTERMS.publisher, URIRef(publisher)))
