"""One HTTP session for the network adapters: retries with backoff, timeouts, JSON or a clear error.

Retries come from urllib3's ``Retry`` (via requests' ``HTTPAdapter``) rather than a hand-written
loop: it already handles backoff, ``Retry-After`` and which status codes are worth retrying.
"""

from __future__ import annotations

from typing import Any

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from haarlem_opendata.errors import InputError

TIMEOUT = (10, 120)  # connect, read (seconds); CBS can take a while on large tables
MAX_PAGES = 1000


def session(retries: int = 4, backoff: float = 1.0) -> requests.Session:
    retry = Retry(
        total=retries,
        backoff_factor=backoff,
        status_forcelist=(429, 500, 502, 503, 504),
        allowed_methods=frozenset({"GET"}),
        raise_on_status=False,
    )
    s = requests.Session()
    s.mount("http://", HTTPAdapter(max_retries=retry))
    s.mount("https://", HTTPAdapter(max_retries=retry))
    s.headers["User-Agent"] = "haarlem-opendata (Gemeente Haarlem open data pipeline)"
    return s


def get_json(
    s: requests.Session, url: str, params: dict[str, str] | None = None
) -> tuple[Any, requests.Response]:
    """GET ``url`` and decode JSON; network, HTTP and decoding problems raise :class:`InputError`."""
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
