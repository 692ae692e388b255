"""DCAT-AP-DONL: the field mapping, the JSON-LD export and the SHACL shapes."""

from __future__ import annotations

import json

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, XSD

from haarlem_opendata.fair import donl_fields, missing_mandatory
from haarlem_opendata.fair.jsonld import OVERHEID, VCARD, dcat_graph, dcat_jsonld
from haarlem_opendata.fair.shacl import validate_dcat
from tests.package.helpers import METADATA_DIR, build, counts_spec, counts_table

NLD = "http://publications.europa.eu/resource/authority/language/NLD"
TOOI = "https://identifier.overheid.nl/tooi/id/gemeente/gm0392"
CC_BY = "http://creativecommons.org/licenses/by/4.0/deed.nl"


@pytest.fixture(scope="module")
def bundle(tmp_path_factory):
    return build(counts_spec(), counts_table(), tmp_path_factory.mktemp("b"))


def test_donl_fields_property_by_property(bundle):
    f = donl_fields(
        bundle.package, portal_base_url="https://portaal.example.nl/", metadata_dir=METADATA_DIR
    )
    assert f["identifier"] == "https://data.haarlem.nl/id/dataset/wijkcijfers"
    assert f["title"] == "Wijkcijfers Haarlem (test)"
    assert f["notes"] == counts_spec().description
    assert f["metadata_language"] == NLD
    assert f["language"] == [NLD]
    assert f["theme"] == ["http://standaarden.overheid.nl/owms/terms/Zorg_en_gezondheid"]
    assert f["modified"] == "2026-03-01"
    assert f["authority"] == TOOI and f["publisher"] == TOOI
    assert f["contact_point_name"] == "Gemeente Haarlem, team Open Data"
    assert f["contact_point_email"] == "opendata@haarlem.nl"
    assert f["license_id"] == CC_BY
    assert (
        f["access_rights"] == "http://publications.europa.eu/resource/authority/access-right/PUBLIC"
    )
    assert f["frequency"] == "http://publications.europa.eu/resource/authority/frequency/MONTHLY"
    assert f["spatial_value"] == ["http://standaarden.overheid.nl/owms/terms/Haarlem_(gemeente)"]
    assert (f["temporal_start"], f["temporal_end"]) == ("2017-01-01", "2017-12-31")
    assert f["version"] == "1.0.0" and f["tags"] == ["buurt", "wijk", "Wmo"]
    assert missing_mandatory(f) == []

    dists = {d["path"]: d for d in f["distributions"]}
    assert set(dists) == {"wijkcijfers.csv", "wijkcijfers.parquet", "regio-indeling.csv"}
    csv = dists["wijkcijfers.csv"]
    assert csv["url"] == "https://portaal.example.nl/dataset/wijkcijfers/wijkcijfers.csv"
    assert csv["license_id"] == CC_BY
    assert csv["format"] == "http://publications.europa.eu/resource/authority/file-type/CSV"
    assert csv["mediatype"] == "https://www.iana.org/assignments/media-types/text/csv"
    assert csv["name"] == "Wijkcijfers Haarlem (test) (CSV)"
    assert csv["description"].startswith("Tabel als CSV")
    assert csv["hash"] == bundle.package["resources"][0]["hash"].removeprefix("sha256:")
    assert dists["wijkcijfers.parquet"]["format"].endswith("/PARQUET")

    urls = donl_fields(
        bundle.package,
        portal_base_url=None,
        metadata_dir=METADATA_DIR,
        resource_urls={"wijkcijfers.csv": "https://ckan.example/download/x.csv"},
    )
    assert urls["distributions"][0]["url"] == "https://ckan.example/download/x.csv"
    assert urls["distributions"][1]["url"].startswith(
        "https://data.haarlem.nl/dataset/wijkcijfers/"
    )


def test_missing_mandatory_names_the_gaps(bundle):
    f = donl_fields(bundle.package, portal_base_url=None, metadata_dir=METADATA_DIR)
    f["theme"] = []
    f["distributions"][0]["license_id"] = ""
    assert missing_mandatory(f) == ["theme", "distributions[0].license_id"]


def test_jsonld_parses_and_has_every_mandatory_property(bundle):
    path = bundle.path / "dcat.jsonld"
    g = Graph().parse(path, format="json-ld")
    ds = URIRef("https://data.haarlem.nl/id/dataset/wijkcijfers")
    assert (ds, RDF.type, DCAT.Dataset) in g
    assert g.value(ds, DCTERMS.identifier) == Literal(str(ds), datatype=XSD.anyURI)
    assert g.value(ds, DCTERMS.title) == Literal("Wijkcijfers Haarlem (test)", lang="nl")
    assert g.value(ds, DCTERMS.description).language == "nl"
    assert g.value(ds, DCTERMS.language) == URIRef(NLD)
    assert g.value(ds, DCAT.theme) == URIRef(
        "http://standaarden.overheid.nl/owms/terms/Zorg_en_gezondheid"
    )
    assert g.value(ds, DCTERMS.modified) == Literal("2026-03-01", datatype=XSD.date)
    assert g.value(ds, OVERHEID.authority) == URIRef(TOOI)
    assert g.value(ds, DCTERMS.publisher) == URIRef(TOOI)
    contact = g.value(ds, DCAT.contactPoint)
    assert g.value(contact, VCARD.hasEmail) == URIRef("mailto:opendata@haarlem.nl")
    assert g.value(contact, VCARD.fn) is not None
    record = next(g.subjects(FOAF.primaryTopic, ds))
    assert g.value(record, DCTERMS.language) == URIRef(NLD)  # metadata language
    dists = list(g.objects(ds, DCAT.distribution))
    assert len(dists) == 3
    for dist in dists:
        assert g.value(dist, DCTERMS.license) == URIRef(CC_BY)
        assert str(g.value(dist, DCTERMS.format)).startswith(
            "http://publications.europa.eu/resource/authority/file-type/"
        )
        assert str(g.value(dist, DCAT.accessURL)).startswith(
            "https://data.haarlem.nl/dataset/wijkcijfers/"
        )
        assert g.value(dist, DCTERMS.title).language == "nl"
        assert g.value(dist, DCTERMS.description).language == "nl"
    assert dcat_jsonld(bundle.package, metadata_dir=METADATA_DIR) == path.read_text()  # byte-stable
    assert json.loads(path.read_text())["@context"]["dcat"] == str(DCAT)


def test_shacl_conforms_and_catches_a_missing_theme(bundle):
    graph = dcat_graph(bundle.package, metadata_dir=METADATA_DIR)
    report = validate_dcat(graph, METADATA_DIR)
    assert report.conforms, report.violations
    ds = URIRef(bundle.package["id"])
    graph.remove((ds, DCAT.theme, None))
    graph.remove((ds, DCTERMS.publisher, None))
    report = validate_dcat(graph, METADATA_DIR)
    assert not report.conforms
    assert any("dcat:theme" in v for v in report.violations)
    assert any("dct:publisher" in v for v in report.violations)


def test_shacl_rejects_a_theme_outside_the_taxonomy(bundle):
    graph = dcat_graph(bundle.package, metadata_dir=METADATA_DIR)
    ds = URIRef(bundle.package["id"])
    graph.set((ds, DCAT.theme, URIRef("http://example.org/thema/zorg")))
    assert not validate_dcat(graph, METADATA_DIR).conforms
