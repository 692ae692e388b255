"""No raw value from the unprotected input reaches any file of the bundle."""

from __future__ import annotations

import json

import pandas as pd
import pyarrow.parquet as pq

from haarlem_opendata.checks import run_check
from haarlem_opendata.protect.pipeline import protect_table
from tests.package.helpers import METADATA_DIR, PROJECT_ROOT, build, counts_spec

NAMES = ["Geertruida Wijnbergen-Opzoomer", "Bartholomeus van Oosterwijck"]
EMAILS = ["geertruida.opzoomer@example.org", "b.oosterwijck@example.net"]


def raw_table() -> pd.DataFrame:
    """Before protection: names of contact persons and small Wmo counts (3 and 7) per buurt."""
    codes = ["GM0392", "WK039201", "BU03920101", "BU03920102", "BU03920103"]
    return pd.DataFrame(
        {
            "regio_code": codes,
            "naam_contactpersoon": [NAMES[0], NAMES[1], NAMES[0], NAMES[1], NAMES[0]],
            "aantal_inwoners": pd.array([9000, 9000, 2950, 3050, 3000], dtype="Int64"),
            "wmo_totaal": pd.array([3010, 3010, 1000, 3, 2007], dtype="Int64"),
            "gemiddeld_inkomen": [28.4, 28.4, 30.1, 25.2, 29.9],
        }
    )


def test_bundle_holds_no_raw_value(tmp_path):
    spec = counts_spec()
    protected = protect_table(
        spec, raw_table(), datasets_dir=PROJECT_ROOT / "datasets", metadata_dir=METADATA_DIR
    )
    protection = protected.protection.to_dict()
    # a summary that (wrongly) carries examples must still not leak them into the bundle
    protection["pii"] = {
        "passed": True,
        "cells_scanned": 20,
        "findings": [
            {
                "column": "naam_contactpersoon",
                "entity_type": "PERSON",
                "count": 1,
                "examples": [EMAILS[0]],
            }
        ],
    }
    checks = [
        run_check("pii_scan", spec, protected).to_dict(),
        {
            "name": "cells_audit",
            "passed": protection["cells"]["audit_geslaagd"],
            "metadata": protection["cells"],
        },
    ]
    assert all(c["passed"] for c in checks)
    checks[0]["metadata"]["examples"] = [EMAILS[1]]

    bundle = build(spec, protected.table, tmp_path, protection=protection, checks=checks)

    # the small count (3, in BU03920102) is hidden in every format
    suppressed = protected.table["wmo_totaal"].isna()
    assert protected.table.loc[suppressed, "regio_code"].tolist() == ["BU03920102"]
    csv = pd.read_csv(bundle.path / "wijkcijfers.csv", dtype=str, keep_default_na=False)
    assert (csv.loc[suppressed.to_numpy(), "wmo_totaal"] == "").all()
    parquet = pq.read_table(bundle.path / "wijkcijfers.parquet").column("wmo_totaal").to_pylist()
    assert [v is None for v in parquet] == suppressed.tolist()

    for path in bundle.path.iterdir():
        data = path.read_bytes()
        for secret in [*NAMES, *EMAILS]:
            assert secret.encode() not in data, (path.name, secret)
    package = json.loads((bundle.path / "datapackage.json").read_text())
    assert package["privacy"]["identifiers_dropped"] == ["naam_contactpersoon"]
    assert package["privacy"]["cells"]["n_primair"] >= 1
    assert package["privacy"]["pii"] == {
        "passed": True,
        "threshold": None,
        "columns_scanned": [],
        "cells_scanned": 20,
        "findings": 1,
        "allow_listed_findings": 0,
    }
    note = (bundle.path / "privacy.md").read_text()
    assert "Drempel: een aantal groter dan 0 en kleiner dan 10" in note
    assert "Contactpersoon (`naam_contactpersoon`)" in note
    assert "gegenereerde voorbeeldgegevens" in note
