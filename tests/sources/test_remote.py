"""CBS OData and PDOK OGC API Features adapters against fixtures served on 127.0.0.1."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from haarlem_opendata.errors import InputError
from haarlem_opendata.sources import load_source
from haarlem_opendata.sources.cbs_odata import read_typed_dataset
from haarlem_opendata.sources.pdok import read_features

from .conftest import Reply

TYPED = "/ODataApi/OData/83765NED/TypedDataSet"
ITEMS = "/cbs/wijken-en-buurten-2017/ogc/v1/collections/buurten/items"
RD_HEADER = {
    "Content-Type": "application/geo+json",
    "Content-Crs": "<http://www.opengis.net/def/crs/EPSG/0/28992>",
}


@pytest.fixture
def cbs_server(fixture_server):
    fixture_server.add(
        TYPED, Reply(fixture_server.fixture("cbs_odata/83765NED_typeddataset_page1.json"))
    )
    fixture_server.add(
        TYPED,
        Reply(fixture_server.fixture("cbs_odata/83765NED_typeddataset_page2.json")),
        match="skiptoken=5",
    )
    return fixture_server


def test_odata_pages_are_followed_and_cleaned_like_the_csv(cbs_server):
    df = read_typed_dataset(
        cbs_server.base + "/ODataApi/OData",
        "83765NED",
        params={"$filter": "substringof('0392',WijkenEnBuurten)"},
        backoff=0,
    )
    assert len(df) == 10  # 5 rows on each page
    assert [path for path, _ in cbs_server.requests] == [TYPED, TYPED]
    first_query = cbs_server.requests[0][1]
    assert first_query["$format"] == ["json"] and "substringof" in first_query["$filter"][0]
    assert df["regio_code"].iloc[0] == "GM0392" and df["Gemeentenaam_1"].iloc[0] == "Haarlem"
    assert df["soort_regio"].value_counts().to_dict() == {"buurt": 7, "wijk": 2, "gemeente": 1}
    secret = df.set_index("regio_code").loc["BU03920207"]
    assert pd.isna(secret["GemiddeldeWoningwaarde_35"])  # null in JSON: missing, not 0
    assert df["AantalInwoners_5"].dtype == "Int64"


def test_odata_through_load_source_in_remote_mode(cbs_server, tmp_path):
    from haarlem_opendata.spec import CitationSpec, LocalSourceSpec, RemoteSourceSpec, SourceSpec

    spec = SourceSpec(
        description="cbs",
        citation=CitationSpec(title="t", publisher="CBS"),
        local=LocalSourceSpec(adapter="cbs_kwb_csv", path="does-not-exist.csv"),
        remote=RemoteSourceSpec(
            adapter="cbs_odata", url=cbs_server.base + TYPED, table_id="83765NED"
        ),
    )
    df = load_source(spec, datasets_dir=tmp_path, mode="remote")
    assert df.attrs["source_file"] == cbs_server.base + TYPED and len(df) == 10
    with pytest.raises(InputError, match="file not found"):
        load_source(spec, datasets_dir=tmp_path, mode="local")


def test_odata_retries_a_server_error(fixture_server):
    page = json.loads(fixture_server.fixture("cbs_odata/83765NED_typeddataset_page1.json"))
    page.pop("odata.nextLink")
    page["value"] = page["value"][:2]  # gemeente + wijk
    fixture_server.add(TYPED, Reply("busy", status=503), Reply(json.dumps(page)))
    df = read_typed_dataset(fixture_server.base + TYPED, backoff=0)
    assert len(df) == 2 and len(fixture_server.requests) == 2


def test_odata_http_error_names_the_url(fixture_server):
    with pytest.raises(InputError, match="HTTP 404") as err:
        read_typed_dataset(fixture_server.base + "/ODataApi/OData/00000NED/TypedDataSet", backoff=0)
    assert "00000NED" in err.value.file


def test_odata_empty_result(fixture_server):
    fixture_server.add(TYPED, Reply(json.dumps({"odata.metadata": "x", "value": []})))
    with pytest.raises(InputError, match="no rows"):
        read_typed_dataset(fixture_server.base + TYPED, backoff=0)


def test_odata_unknown_region_code_names_the_row(fixture_server):
    page = json.loads(fixture_server.fixture("cbs_odata/83765NED_typeddataset_page1.json"))
    page.pop("odata.nextLink")
    page["value"][1]["WijkenEnBuurten"] = "XX039201  "
    fixture_server.add(TYPED, Reply(json.dumps(page)))
    with pytest.raises(InputError) as err:
        read_typed_dataset(fixture_server.base + TYPED, backoff=0)
    assert (err.value.column, err.value.row) == ("WijkenEnBuurten", 2)


@pytest.fixture
def pdok_server(fixture_server):
    fixture_server.add(
        ITEMS, Reply(fixture_server.fixture("pdok/buurten_page1.json"), headers=RD_HEADER)
    )
    fixture_server.add(
        ITEMS,
        Reply(fixture_server.fixture("pdok/buurten_page2.json"), headers=RD_HEADER),
        match="cursor=Ag",
    )
    return fixture_server


def test_pdok_pages_in_rd_new(pdok_server):
    url = pdok_server.base + "/cbs/wijken-en-buurten-2017/ogc/v1"
    gdf = read_features(
        url, "buurten", params={"gemeentecode": "GM0392"}, crs="EPSG:28992", backoff=0
    )
    assert list(gdf["buurtcode"]) == ["BU03920101", "BU03920102", "BU03920103"]
    assert gdf.crs.to_epsg() == 28992 and gdf.geometry.area.eq(250_000).all()
    first_query = pdok_server.requests[0][1]
    assert first_query["crs"] == ["http://www.opengis.net/def/crs/EPSG/0/28992"]
    assert first_query["gemeentecode"] == ["GM0392"] and first_query["f"] == ["json"]
    assert "cursor" in pdok_server.requests[1][1]


def test_pdok_bbox_gets_bbox_crs(pdok_server):
    url = pdok_server.base + "/cbs/wijken-en-buurten-2017/ogc/v1"
    read_features(url, "buurten", params={"bbox": "100000,480000,110000,495000"}, backoff=0)
    assert pdok_server.requests[0][1]["bbox-crs"] == ["http://www.opengis.net/def/crs/EPSG/0/28992"]


def test_pdok_answer_without_content_crs_is_wgs84_and_refused(fixture_server):
    fixture_server.add(ITEMS, Reply(fixture_server.fixture("pdok/buurten_page2.json")))
    with pytest.raises(InputError) as err:
        read_features(fixture_server.base + ITEMS, crs="EPSG:28992", backoff=0)
    assert "CRS84" in err.value.message and "EPSG:28992" in err.value.message
    assert err.value.column == "geometry"


def test_pdok_no_features(fixture_server):
    fixture_server.add(
        ITEMS,
        Reply(
            json.dumps({"type": "FeatureCollection", "features": [], "links": []}),
            headers=RD_HEADER,
        ),
    )
    with pytest.raises(InputError, match="no features"):
        read_features(fixture_server.base + ITEMS, backoff=0)


def test_pdok_through_load_source_in_remote_mode(pdok_server, tmp_path):
    from haarlem_opendata.spec import CitationSpec, LocalSourceSpec, RemoteSourceSpec, SourceSpec

    spec = SourceSpec(
        description="buurten",
        citation=CitationSpec(title="t", publisher="CBS/PDOK"),
        local=LocalSourceSpec(
            adapter="file", path="buurten.gpkg", layer="buurten", crs="EPSG:28992"
        ),
        remote=RemoteSourceSpec(
            adapter="pdok_ogc",
            url=pdok_server.base + "/cbs/wijken-en-buurten-2017/ogc/v1",
            collection="buurten",
            crs="EPSG:28992",
        ),
    )
    gdf = load_source(spec, datasets_dir=tmp_path, mode="remote")
    assert len(gdf) == 3 and gdf.crs.to_epsg() == 28992
