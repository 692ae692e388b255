"""PDOK OGC API Features: read a collection as a GeoDataFrame in the declared CRS, page by page.

Asks the server for the declared CRS (``crs``, and ``bbox-crs`` when a bbox is given) and checks
the ``Content-Crs`` it answers with: GeoJSON without it is CRS84 by definition, and geometry in
an unexpected CRS is refused, never silently reprojected.
"""

from __future__ import annotations

import geopandas as gpd
from pyproj import CRS

from haarlem_opendata.errors import InputError
from haarlem_opendata.sources.files import check_crs
from haarlem_opendata.sources.http import MAX_PAGES, get_json, session

CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
PAGE_SIZE = "1000"


def crs_uri(crs: str) -> str:
    epsg = CRS.from_user_input(crs).to_epsg()
    if epsg is None:
        raise ValueError(f"not an EPSG CRS: {crs!r}")
    return f"http://www.opengis.net/def/crs/EPSG/0/{epsg}"


def items_url(url: str, collection: str | None) -> str:
    url = url.rstrip("/")
    if url.endswith("/items") or collection is None:
        return url
    return f"{url}/collections/{collection}/items"


def read_features(
    url: str,
    collection: str | None = None,
    *,
    params: dict[str, str] | None = None,
    crs: str | None = "EPSG:28992",
    retries: int = 4,
    backoff: float = 1.0,
) -> gpd.GeoDataFrame:
    """All features of ``collection`` (following ``links`` rel=next), in ``crs``."""
    start = items_url(url, collection)
    query = {"f": "json", "limit": PAGE_SIZE, **(params or {})}
    if crs is not None:
        query["crs"] = crs_uri(crs)
        if "bbox" in query:
            query.setdefault("bbox-crs", crs_uri(crs))
    s = session(retries, backoff)
    features: list[dict] = []
    content_crs: str | None = None
    next_url: str | None = start
    for _ in range(MAX_PAGES):
        if next_url is None:
            break
        payload, response = get_json(s, next_url, query)
        query = {}  # the next link carries the query
        if not isinstance(payload, dict) or payload.get("type") != "FeatureCollection":
            raise InputError(response.url, "not a GeoJSON FeatureCollection")
        page_crs = response.headers.get("Content-Crs", f"<{CRS84}>").strip().strip("<>")
        if content_crs is not None and page_crs != content_crs:
            raise InputError(
                response.url,
                f"pages disagree on CRS: {content_crs} then {page_crs}",
                column="geometry",
            )
        content_crs = page_crs
        features.extend(payload.get("features") or [])
        next_url = next(
            (link["href"] for link in payload.get("links", []) if link.get("rel") == "next"), None
        )
    else:
        raise InputError(start, f"more than {MAX_PAGES} pages; is the next link looping?")
    if not features:
        raise InputError(start, "the collection returned no features (check the filter)")
    found = CRS.from_user_input(content_crs or CRS84)
    gdf = gpd.GeoDataFrame.from_features(features, crs=found)
    if crs is not None:
        check_crs(gdf, crs, start, collection)
    return gdf
