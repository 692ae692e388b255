"""The one way the project builds an HTTP session: requests with urllib3's ``Retry`` mounted.

Both network sides use it — the source adapters (CBS OData, PDOK) and the CKAN publisher — each
with its own retry policy. urllib3's ``Retry`` already handles exponential backoff, the
``Retry-After`` header and which status codes and methods are worth repeating, so there is no
hand-written retry loop and no second retry library.
"""

from __future__ import annotations

from collections.abc import Collection

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry


def retrying_session(
    *,
    retries: int,
    backoff_factor: float,
    status_forcelist: Collection[int],
    allowed_methods: Collection[str] | None,
    read_retries: int | None = None,
    user_agent: str | None = None,
) -> requests.Session:
    """A session retrying connection errors and ``status_forcelist`` answers with backoff.

    ``allowed_methods=None`` retries every method (only for callers whose writes are safe to
    repeat); ``read_retries`` caps retries after the request was sent (default: ``retries``).
    """
    retry = Retry(
        total=retries,
        connect=retries,
        read=retries if read_retries is None else read_retries,
        status=retries,
        backoff_factor=backoff_factor,
        status_forcelist=tuple(status_forcelist),
        allowed_methods=None if allowed_methods is None else frozenset(allowed_methods),
        raise_on_status=False,
    )
    session = requests.Session()
    adapter = HTTPAdapter(max_retries=retry)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    if user_agent is not None:
        session.headers["User-Agent"] = user_agent
    return session
