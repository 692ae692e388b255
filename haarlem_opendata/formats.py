"""The file formats of a release bundle, one row each: the one place that knows them.

What a format is — its extension, IANA media type, EU file-type URI (``dct:format`` in
DCAT-AP-DONL), Dutch title and description, CKAN label, whether it holds a table or geometry —
is read from here by the bundle writer, the DCAT mapping, the FAIR score and the publisher.
Adding a format takes code (a writer in :mod:`haarlem_opendata.package.files`), so the list lives
in code too. A leaf module: the package, FAIR and publish layers all read it, and it imports none
of them.
"""

from __future__ import annotations

from dataclasses import dataclass

_FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/"
_IANA = "https://www.iana.org/assignments/media-types/"


@dataclass(frozen=True)
class FileFormat:
    key: str  # the data package's resource "format"
    extension: str
    mediatype: str  # IANA media type
    uri: str  # EU file-type authority URI
    title: str  # Dutch, for the portal; also the suffix of a resource title: "Meldingen (CSV)"
    description: str  # Dutch, for the portal
    ckan_label: str  # the display name CKAN keeps as given
    data: bool = False  # a protected table is written in this format
    tabular: bool = False  # a Table Schema describes it ("type": "table")
    geo: bool = False  # carries the geometry column
    encoding: str | None = None  # declared in the data package
    # The standard reader (frictionless) reads Parquet through pyarrow, not as a byte stream, so
    # it cannot count bytes and reports a declared "bytes" as wrong; the sha256 it does not check,
    # and this project's own validation and publisher do check it.
    declares_bytes: bool = True

    @property
    def mediatype_uri(self) -> str:
        return _IANA + self.mediatype


CSV = FileFormat(
    key="csv",
    extension=".csv",
    mediatype="text/csv",
    uri=_FILE_TYPE + "CSV",
    title="CSV",
    description="Tabel als CSV (UTF-8, komma als scheidingsteken); een lege cel is een "
    "ontbrekende of afgeschermde waarde.",
    ckan_label="CSV",
    data=True,
    tabular=True,
    encoding="utf-8",
)
PARQUET = FileFormat(
    key="parquet",
    extension=".parquet",
    mediatype="application/vnd.apache.parquet",
    uri=_FILE_TYPE + "PARQUET",
    title="Parquet",
    description="Dezelfde tabel als Apache Parquet, met kolomtypen, voor analyse.",
    ckan_label="Parquet",
    data=True,
    tabular=True,
    declares_bytes=False,
)
GEOJSON = FileFormat(
    key="geojson",
    extension=".geojson",
    mediatype="application/geo+json",
    uri=_FILE_TYPE + "GEOJSON",
    title="GeoJSON",
    description="Geodata als GeoJSON (RFC 7946, coördinaten in WGS84).",
    ckan_label="GeoJSON",
    data=True,
    geo=True,
    encoding="utf-8",
)
GPKG = FileFormat(
    key="gpkg",
    extension=".gpkg",
    mediatype="application/geopackage+sqlite3",
    uri=_FILE_TYPE + "GPKG",
    title="GeoPackage",
    description="Geodata als GeoPackage in het Rijksdriehoekstelsel (EPSG:28992).",
    ckan_label="GeoPackage",
    data=True,
    geo=True,
)
MARKDOWN = FileFormat(
    key="md",
    extension=".md",
    mediatype="text/markdown",
    uri=_FILE_TYPE + "MARKDOWN",
    title="Privacyverantwoording",
    description="Uitleg in gewone taal hoe de privacy van inwoners in deze dataset is beschermd.",
    ckan_label="Markdown",
    encoding="utf-8",
)
JSON = FileFormat(
    key="json",
    extension=".json",
    mediatype="application/json",
    uri=_FILE_TYPE + "JSON",
    title="Data Package (metadata)",
    description="Beschrijving van de dataset en de bestanden als Frictionless Data Package.",
    ckan_label="JSON",
    encoding="utf-8",
)
JSONLD = FileFormat(
    key="jsonld",
    extension=".jsonld",
    mediatype="application/ld+json",
    uri=_FILE_TYPE + "JSON_LD",
    title="DCAT-AP-DONL (metadata)",
    description="Beschrijving van de dataset volgens DCAT-AP-DONL als JSON-LD.",
    ckan_label="JSON-LD",
    encoding="utf-8",
)

FORMATS: dict[str, FileFormat] = {
    f.key: f for f in (CSV, PARQUET, GEOJSON, GPKG, MARKDOWN, JSON, JSONLD)
}
# The formats a protected table is published in: all open, community-standard formats.
DATA_FORMATS: tuple[FileFormat, ...] = tuple(f for f in FORMATS.values() if f.data)


def declares_bytes(key: str | None) -> bool:
    """Whether a resource of this format states its size (an unknown format: yes)."""
    found = FORMATS.get(key or "")
    return found is None or found.declares_bytes
