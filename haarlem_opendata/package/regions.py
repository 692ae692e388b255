"""The region list a table's region codes refer to (``foreignKeys`` target).

CBS region codes nest by construction (GM0392 ⊃ WK039201 ⊃ BU03920101), so the list is derived
from the codes in the table itself plus their parents: no extra source, nothing that can go stale,
and region codes are public. Each release ships it as a small resource so that Frictionless can
check every region code in the table against it.
"""

from __future__ import annotations

import re

import pandas as pd

SOORT = {"GM": "gemeente", "WK": "wijk", "BU": "buurt"}
_CODE = re.compile(r"^(GM[0-9]{4}|WK[0-9]{6}|BU[0-9]{8})$")


def parent_code(code: str) -> str | None:
    if code.startswith("BU"):
        return "WK" + code[2:8]
    if code.startswith("WK"):
        return "GM" + code[2:6]
    return None


def region_list(codes: list[str]) -> pd.DataFrame:
    """Columns ``regio_code``, ``soort_regio``, ``ligt_in``; sorted, each code once."""
    found: set[str] = set()
    for code in codes:
        code = str(code).strip()
        while code and _CODE.match(code) and code not in found:
            found.add(code)
            code = parent_code(code) or ""
    rows = sorted(found, key=lambda c: ({"GM": 0, "WK": 1, "BU": 2}[c[:2]], c))
    return pd.DataFrame(
        {
            "regio_code": rows,
            "soort_regio": [SOORT[c[:2]] for c in rows],
            "ligt_in": [parent_code(c) for c in rows],
        },
        dtype=object,
    )


def region_schema() -> dict:
    return {
        "fields": [
            {
                "name": "regio_code",
                "title": "Regiocode",
                "description": (
                    "CBS-code van de regio: GMxxxx (gemeente), WKxxxxxx (wijk) of BUxxxxxxxx "
                    "(buurt)."
                ),
                "type": "string",
                "constraints": {
                    "required": True,
                    "unique": True,
                    "pattern": r"^(GM[0-9]{4}|WK[0-9]{6}|BU[0-9]{8})$",
                },
            },
            {
                "name": "soort_regio",
                "title": "Soort regio",
                "description": "Gemeente, wijk of buurt.",
                "type": "string",
                "constraints": {"required": True, "enum": ["gemeente", "wijk", "buurt"]},
            },
            {
                "name": "ligt_in",
                "title": "Ligt in",
                "description": "Code van de regio waar deze regio in ligt; leeg voor de gemeente.",
                "type": "string",
            },
        ],
        "primaryKey": ["regio_code"],
        "foreignKeys": [
            {"fields": ["ligt_in"], "reference": {"resource": "", "fields": ["regio_code"]}}
        ],
        "missingValues": [""],
    }
