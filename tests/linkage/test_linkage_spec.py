"""What counts what is declared in the spec and checked on load, with the file and key named."""

from __future__ import annotations

import pytest

from haarlem_opendata.catalog import load_catalog, load_spec
from haarlem_opendata.catalog.linkage import linkage_groups, upstream
from haarlem_opendata.errors import SpecError


def _edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_the_shipped_catalog_links_buurt_and_sewer_area_residents(project_copy):
    catalog = load_catalog(project_copy.datasets_dir)
    groups = {g.population.naam: g for g in linkage_groups(catalog)}
    inwoners = groups["inwoners"]
    assert inwoners.datasets() == ["buurtcijfers", "rioolbelasting"]
    assert (inwoners.register.dataset, inwoners.register.source, inwoners.register.weight) == (
        "rioolbelasting",
        "adressen",
        "bewoners",
    )
    assert groups["adressen"].register.weight is None  # each address counts one
    # the dataset that can merge areas is audited after (and against) the buurt table
    assert upstream(catalog, "rioolbelasting") == ["buurtcijfers"]
    assert upstream(catalog, "buurtcijfers") == []


def test_a_population_without_a_register_is_refused_on_load(project_copy):
    _edit(
        project_copy.datasets_dir / "rioolbelasting.yaml",
        "populatie: {naam: inwoners, peildatum: 2017-01-01}",
        "populatie: {naam: inwoners, peildatum: 2018-01-01}",
    )
    with pytest.raises(SpecError) as error:
        load_catalog(project_copy.datasets_dir)
    message = str(error.value)
    assert "buurtcijfers.yaml" in message and "aantal_inwoners" in message
    assert "register" in message


def test_populatie_is_for_published_counts(project_copy):
    path = project_copy.datasets_dir / "buurtcijfers.yaml"
    _edit(
        path,
        "role: attribute, title: Soort regio,",
        "role: attribute, populatie: {naam: inwoners, peildatum: 2017-01-01}, title: Soort regio,",
    )
    with pytest.raises(SpecError, match="populatie is for published counts only"):
        load_spec(path)


def test_region_coded_rows_need_their_polygons(project_copy):
    path = project_copy.datasets_dir / "buurtcijfers.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("  # Waar de rijen liggen voor de koppelingsaudit")
    path.write_text(text[:start], encoding="utf-8")
    with pytest.raises(SpecError, match="protection.linkage.regions"):
        load_spec(path)


def test_the_table_schema_says_what_a_count_counts(workspace):
    from haarlem_opendata.package.tableschema import field_descriptor

    spec = load_catalog(workspace.datasets_dir)["rioolbelasting"]
    field = field_descriptor(spec.column("aantal_bewoners"), note=None, primary=False, unique=False)
    assert field["populatie"] == {"naam": "inwoners", "peildatum": "2017-01-01"}
    assert "populatie" not in field_descriptor(
        spec.column("gemaal_naam"), note=None, primary=False, unique=False
    )
