"""The real Haarlem CBS extract plus the generated municipal counts, protected as the spec says."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
import yaml

from haarlem_opendata.generators.sociaal_domein import generate
from haarlem_opendata.protect.cells import audit_suppression, protect_count_table
from haarlem_opendata.sources.cbs import read_kwb_csv
from haarlem_opendata.spec import CellProtectionSpec

ROOT = Path(__file__).resolve().parents[2]
RENAME = {
    "AantalInwoners_5": "aantal_inwoners",
    "GemiddeldeWoningwaarde_35": "gemiddelde_woningwaarde",
    "GemiddeldInkomenPerInkomensontvanger_65": "gemiddeld_inkomen_per_inkomensontvanger",
    "GemiddeldInkomenPerInwoner_66": "gemiddeld_inkomen_per_inwoner",
    "HuishoudensMetEenLaagInkomen_72": "huishoudens_laag_inkomen",
}


@pytest.fixture(scope="module")
def buurtcijfers() -> tuple[pd.DataFrame, CellProtectionSpec]:
    cbs = read_kwb_csv(ROOT / "datasets/data/kwb2017_haarlem_GM0392.csv")
    sociaal = generate(cbs)
    cbs = cbs.rename(columns=RENAME)
    cbs["regio_code"] = cbs["Codering_3"].str.strip()
    table = cbs[["regio_code", *RENAME.values()]].merge(sociaal, on="regio_code", how="inner")
    spec_yaml = yaml.safe_load((ROOT / "datasets/buurtcijfers.yaml").read_text(encoding="utf-8"))
    return table, CellProtectionSpec.model_validate(spec_yaml["protection"]["cells"])


@pytest.fixture(scope="module")
def protected(buurtcijfers):
    table, spec = buurtcijfers
    return protect_count_table(table, spec, metadata_dir=ROOT / "metadata")


def test_haarlem_table_passes_the_attackers_audit(buurtcijfers, protected):
    table, spec = buurtcijfers
    assert len(table) == 133
    assert protected.passed
    attacker = audit_suppression(
        protected.table,
        region=spec.region,
        counts=spec.counts,
        relations=spec.relations,
        primary=protected.primary[spec.counts],
        protection_width=spec.width,
        threshold=spec.threshold,
    )
    assert attacker.passed
    assert not attacker.intervals["exact"].any()
    assert attacker.unsafe_published == []
    n_hidden = int(protected.table[spec.counts].isna().to_numpy().sum())
    assert n_hidden == len(attacker.intervals) > 0


def test_every_primary_cell_names_its_rule_from_the_versioned_pack(protected):
    prim = protected.audit[protected.audit["kind"] == "primary"]
    assert prim["rule"].notna().all()
    meta = protected.to_metadata()
    assert meta["regelset"]["naam"] == "cbs_regels" and meta["regelset"]["versie"]
    assert {r["id"] for r in meta["regels"]} <= {
        "sociaal-domein-klein-aantal",
        "frequentie",
        "kwb-inkomen-basis",
        "kwb-huishoudensinkomen-basis",
    }
    # Income earners and dwellings are not in this extract: those rules are reported as not applied.
    assert set(meta["regelset"]["niet_toegepast_basiskolom_ontbreekt"]) == {
        "kwb-inkomen-inkomensontvangers",
        "kwb-woz-woningen",
    }
    json.dumps(meta)


def test_gemeente_totals_stay_published(protected, buurtcijfers):
    _, spec = buurtcijfers
    gm = protected.table[protected.table["regio_code"] == "GM0392"]
    assert gm[spec.counts].notna().all(axis=None)


def test_average_is_hidden_when_its_base_is_too_small(buurtcijfers):
    table, spec = buurtcijfers
    table = table.copy()
    i = table.index[table["regio_code"] == "BU03920101"][0]
    table.loc[i, "aantal_inwoners"] = 80  # < 100: the income average may not be shown
    result = protect_count_table(table, spec, metadata_dir=ROOT / "metadata")
    assert pd.isna(result.table.loc[i, "gemiddeld_inkomen_per_inwoner"])
    row = result.audit[
        (result.audit["key"] == "BU03920101")
        & (result.audit["column"] == "gemiddeld_inkomen_per_inwoner")
    ]
    assert row["rule"].tolist() == ["kwb-inkomen-basis"]
    assert not pd.isna(result.table.loc[i, "aantal_inwoners"])


def test_protection_is_deterministic(buurtcijfers, protected):
    table, spec = buurtcijfers
    again = protect_count_table(table, spec, metadata_dir=ROOT / "metadata")
    pd.testing.assert_frame_equal(again.secondary, protected.secondary)
    pd.testing.assert_frame_equal(again.table, protected.table)
