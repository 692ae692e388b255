"""The shipped dataset specs and the shipped register agree (the one source of truth, both ways)."""

from __future__ import annotations

from haarlem_opendata.catalog import load_catalog, load_register
from haarlem_opendata.lineage.register import datasets_for, validate_register
from haarlem_opendata.settings import PACKAGE_DIR

from .conftest import SEEDED_LINKS

ROOT = PACKAGE_DIR.parent


def test_shipped_catalog_names_the_seeded_besluiten_and_the_register_validates():
    catalog = load_catalog(ROOT / "datasets")
    register = load_register(ROOT / "metadata" / "besluiten.yaml")
    validate_register(register, catalog)
    assert {
        name: list(spec.besluiten) for name, spec in catalog.items() if name in SEEDED_LINKS
    } == SEEDED_LINKS
    for besluit in register.besluiten:
        assert datasets_for(besluit.identificatie, catalog)
