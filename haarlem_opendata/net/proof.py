"""What a publisher checks of the net's pass: recorded, passed, and for exactly these bytes.

The ``pii_net`` entry in a bundle's ``checks.json`` lists the sha256 of every file the net read.
A publisher refuses the bundle unless every file it is about to publish is among them with the same
hash, so a file changed or added after the net ran never goes out on an old pass.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from haarlem_opendata.errors import PublishRefused
from haarlem_opendata.net.scan import CHECK_NAME


def verify_net_pass(checks: dict[str, Any], published: Iterable[tuple[str, str]], where) -> None:
    """``published``: (relpath, sha256) of every file to publish. Raises :class:`PublishRefused`."""
    entry = next(
        (
            c
            for c in checks.get("checks") or []
            if isinstance(c, dict) and c.get("name") == CHECK_NAME
        ),
        None,
    )
    if entry is None:
        raise PublishRefused(
            f"{where}: het vangnet ({CHECK_NAME}) heeft deze bundel niet gecontroleerd"
        )
    if entry.get("passed") is not True:
        raise PublishRefused(
            f"{where}: het vangnet ({CHECK_NAME}) is niet geslaagd; publiceren geweigerd"
        )
    seen = (entry.get("metadata") or {}).get("files") or {}
    for relpath, digest in published:
        if seen.get(relpath) != digest:
            raise PublishRefused(
                f"{where}: {relpath} is niet (of in een andere versie) door het vangnet "
                f"({CHECK_NAME}) gecontroleerd; publiceren geweigerd"
            )
