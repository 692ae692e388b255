"""The file-format table: every row as the value list and the CKAN labels had it before it moved
into code (``metadata/donl/formats.yaml`` and ``publish/ckan_mapping.py``)."""

from __future__ import annotations

from haarlem_opendata.formats import DATA_FORMATS, FORMATS, declares_bytes
from haarlem_opendata.publish.ckan_mapping import FORMAT_LABELS

FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/"


def test_metadata_file_formats_are_unchanged():
    rows = {k: (f.uri, f.mediatype, f.title, f.description) for k, f in FORMATS.items()}
    assert rows["md"] == (
        FILE_TYPE + "MARKDOWN",
        "text/markdown",
        "Privacyverantwoording",
        "Uitleg in gewone taal hoe de privacy van inwoners in deze dataset is beschermd.",
    )
    assert rows["json"] == (
        FILE_TYPE + "JSON",
        "application/json",
        "Data Package (metadata)",
        "Beschrijving van de dataset en de bestanden als Frictionless Data Package.",
    )
    assert rows["jsonld"] == (
        FILE_TYPE + "JSON_LD",
        "application/ld+json",
        "DCAT-AP-DONL (metadata)",
        "Beschrijving van de dataset volgens DCAT-AP-DONL als JSON-LD.",
    )


def test_ckan_labels_are_unchanged():
    assert FORMAT_LABELS == {
        "csv": "CSV",
        "parquet": "Parquet",
        "geojson": "GeoJSON",
        "gpkg": "GeoPackage",
        "json": "JSON",
        "jsonld": "JSON-LD",
        "md": "Markdown",
    }


def test_data_formats_and_declared_sizes():
    assert [f.key for f in DATA_FORMATS] == ["csv", "parquet", "geojson", "gpkg"]
    assert [f.key for f in DATA_FORMATS if f.geo] == ["geojson", "gpkg"]
    assert all(f.extension == f".{f.key}" for f in FORMATS.values())
    assert not declares_bytes("parquet") and declares_bytes("csv") and declares_bytes("xlsx")
