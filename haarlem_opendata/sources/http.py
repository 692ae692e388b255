"""The source adapters' HTTP policy: which answers to retry, timeouts, JSON or a clear error.

The session itself comes from :func:`haarlem_opendata.http.retrying_session` (urllib3's
``Retry``); only reads are made here, so only GET is retried, on 429 and 5xx answers.
"""

from __future__ import annotations

from typing import Any

import requests

from haarlem_opendata.errors import InputError
from haarlem_opendata.http import retrying_session

TIMEOUT = (10, 120)  # connect, read (seconds); CBS can take a while on large tables
MAX_PAGES = 1000


def session(retries: int = 4, backoff: float = 1.0) -> requests.Session:
    return retrying_session(
        retries=retries,
        backoff_factor=backoff,
        status_forcelist=(429, 500, 502, 503, 504),
        allowed_methods=("GET",),
        user_agent="haarlem-opendata (Gemeente Haarlem open data pipeline)",
    )


def get_json(
    s: requests.Session, url: str, params: dict[str, str] | None = None
) -> tuple[Any, requests.Response]:
    """GET ``url`` and decode JSON; network, HTTP and decoding problems raise
    :class:`InputError`."""
    try:
        response = s.get(url, params=params, timeout=TIMEOUT)
    except requests.RequestException as exc:
        raise InputError(url, f"request failed: {type(exc).__name__}") from None
    if response.status_code != 200:
        raise InputError(response.url, f"HTTP {response.status_code} {response.reason}")
    try:
        return response.json(), response
    except ValueError:
        raise InputError(response.url, "response is not JSON") from None
