"""CBS OData v3: read a table's ``TypedDataSet`` as JSON, following ``odata.nextLink`` pages.

The network twin of the CSV adapter: CBS pads codes and names in its JSON too and writes null for
secret values, so rows go through the same cleaning
(:func:`~haarlem_opendata.sources.cbs.clean_kwb`).
"""

from __future__ import annotations

import pandas as pd

from haarlem_opendata.errors import InputError
from haarlem_opendata.sources.cbs import clean_kwb
from haarlem_opendata.sources.http import MAX_PAGES, get_json, session
from haarlem_opendata.spec import ColumnSpec

NEXT_LINK = "odata.nextLink"


def typed_dataset_url(url: str, table_id: str | None) -> str:
    """``url`` may be the TypedDataSet itself or the OData API root (then ``table_id`` is
    needed)."""
    url = url.rstrip("/")
    if url.endswith("/TypedDataSet"):
        return url
    if not table_id:
        raise InputError(url, "a CBS OData source needs table_id or a .../TypedDataSet url")
    return f"{url}/{table_id}/TypedDataSet"


def read_typed_dataset(
    url: str,
    table_id: str | None = None,
    *,
    params: dict[str, str] | None = None,
    columns: list[ColumnSpec] | None = None,
    retries: int = 4,
    backoff: float = 1.0,
) -> pd.DataFrame:
    """All rows of a TypedDataSet (``params`` e.g. a ``$filter``), cleaned like the CSV export."""
    start = typed_dataset_url(url, table_id)
    s = session(retries, backoff)
    rows: list[dict] = []
    next_url: str | None = start
    query = {"$format": "json", **(params or {})}
    for _ in range(MAX_PAGES):
        if next_url is None:
            break
        payload, response = get_json(s, next_url, query)
        if not isinstance(payload, dict) or not isinstance(payload.get("value"), list):
            raise InputError(response.url, "not an OData response: no 'value' list")
        rows.extend(payload["value"])
        next_url = payload.get(NEXT_LINK)
        query = {"$format": "json"} if next_url and "$format" not in next_url else {}
    else:
        raise InputError(start, f"more than {MAX_PAGES} pages; is odata.nextLink looping?")
    if not rows:
        raise InputError(start, "the response has no rows (check the $filter)")
    raw = pd.DataFrame.from_records(rows).astype(object)
    return clean_kwb(raw, start, columns)
