"""The besluit pages are published too: the net reads them before any page is written."""

from __future__ import annotations

import pytest

from haarlem_opendata.catalog import load_register
from haarlem_opendata.errors import PublishRefused
from haarlem_opendata.lineage.dossier import build_dossiers
from haarlem_opendata.lineage.html import write_besluit_pages
from haarlem_opendata.spec import Besluit, BesluitenRegister
from tests.lineage.conftest import COVERAGE, REGISTER_FILE, SEEDED_LINKS, make_spec


def _dossiers(extra: Besluit | None):
    seeded = load_register(REGISTER_FILE)
    register = BesluitenRegister(besluiten=[*seeded.besluiten, *([extra] if extra else [])])
    links = {n: list(ids) for n, ids in SEEDED_LINKS.items()}
    if extra:
        links["meldingen"].append(extra.identificatie)
    catalog = {n: make_spec(n, ids, *COVERAGE[n]) for n, ids in links.items()}
    return build_dossiers(register, catalog, [])


def test_a_besluit_page_with_a_phone_number_is_not_written(workspace, tmp_path):
    leaky = Besluit.model_validate(
        {
            "identificatie": "HLM-2026-RB-031",
            "titel": "Aanpak zwerfafval",
            "bestuursorgaan": "gemeenteraad",
            "besluittype": "Raadsbesluit",
            "datum": "2026-06-04",
            "ingangsdatum": "2026-07-01",
            "toelichting": "Op verzoek van bewoner (bel 06-72247045) vastgesteld.",
        }
    )
    portal = tmp_path / "portal"
    # the seeded register: clean, RSIN allowed
    write_besluit_pages(_dossiers(None), portal, metadata_dir=workspace.metadata_dir)
    before = {p.name: p.read_bytes() for p in (portal / "besluiten").iterdir()}
    with pytest.raises(PublishRefused, match="pii_net") as info:
        write_besluit_pages(_dossiers(leaky), portal, metadata_dir=workspace.metadata_dir)
    assert "72247045" not in str(info.value) and "06-********" in str(info.value)
    assert {p.name: p.read_bytes() for p in (portal / "besluiten").iterdir()} == before
