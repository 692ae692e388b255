"""The last-line net: a second, deliberately simple detector over every file before publication.

Independent of ``haarlem_opendata.pii`` (Presidio): regexes and checksums only, recall-first, with
a reviewed allow-list (``metadata/net_allow.yaml``) for the municipality's own identifiers.
"""

from haarlem_opendata.net.allow import ALLOW_FILE, AllowEntry, AllowList, load_allow_list
from haarlem_opendata.net.detect import TYPES, Hit, find_all, mask
from haarlem_opendata.net.proof import verify_net_pass
from haarlem_opendata.net.scan import CHECK_NAME, Finding, NetReport, scan_folder

__all__ = [
    "ALLOW_FILE",
    "CHECK_NAME",
    "TYPES",
    "AllowEntry",
    "AllowList",
    "Finding",
    "Hit",
    "NetReport",
    "find_all",
    "load_allow_list",
    "mask",
    "scan_folder",
    "verify_net_pass",
]
