"""Planting personal data in a copy of the shipped sources, for tests that must see it blocked."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import yaml

BSN = "111222333"  # passes the elfproef


def plant_bsn_in_buurtcijfers(datasets_dir: Path, gemeente: str, *, row: int) -> None:
    """A new text column ``opmerking`` in buurtcijfers' municipal source, declared an ordinary
    attribute, with a BSN in the ``row``-th row of ``gemeente`` (one partition only)."""
    path = datasets_dir / "data/sociaal_domein_2017.parquet"
    table = pd.read_parquet(path)
    table["opmerking"] = ""
    rows = table.index[table["regio_code"].str[2:6] == gemeente.removeprefix("GM")]
    table.loc[rows[row], "opmerking"] = f"BSN {BSN}"
    table.to_parquet(path, index=False)
    spec_path = datasets_dir / "buurtcijfers.yaml"
    spec = yaml.safe_load(spec_path.read_text())
    spec["columns"].append(
        {
            "name": "opmerking",
            "type": "string",
            "role": "attribute",
            "title": "Opmerking",
            "description": "Een toelichting bij de regio.",
        }
    )
    spec_path.write_text(yaml.safe_dump(spec, allow_unicode=True))
