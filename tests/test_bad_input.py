"""Bad input through the real pipeline: a clear error naming file, column and row; nothing
published."""

from __future__ import annotations

import geopandas as gpd
import pytest
import yaml

from haarlem_opendata.catalog import load_catalog, load_spec
from haarlem_opendata.errors import SpecError
from tests.dagster_helpers import materialized, run_job, step_errors

CBS = "data/kwb2017_nl.csv"  # the national file; buurtcijfers publishes Haarlem's rows
CBS_FILE = "kwb2017_nl.csv"


def _haarlem_line(lines: list[str], k: int) -> int:
    """The index in ``lines`` (= the file's data row number) of Haarlem's ``k``-th row."""
    rows = [
        i
        for i, line in enumerate(lines[1:], start=1)
        if line.count(",") and line.split(",")[1][2:6] == "0392"
    ]
    return rows[k - 1]


def _edit_cbs(cfg, edit) -> None:
    path = cfg.datasets_dir / CBS
    raw = path.read_bytes().decode("utf-8-sig")
    newline = "\r\n" if "\r\n" in raw else "\n"
    lines = raw.split(newline)
    path.write_bytes(("\ufeff" + newline.join(edit(lines))).encode("utf-8"))


def _cbs_lines(cfg) -> list[str]:
    return (cfg.datasets_dir / CBS).read_bytes().decode("utf-8-sig").splitlines()


def _assert_blocked(cfg, job: str, dataset: str, *fragments: str) -> None:
    result = run_job(job)
    assert not result.success
    assert (dataset, "published") not in materialized(result)
    assert not (cfg.portal_dir / dataset).exists()
    message = " ".join(step_errors(result))
    for fragment in fragments:
        assert fragment in message, message


def test_cbs_renamed_column(project_copy):
    _edit_cbs(
        project_copy, lambda lines: [lines[0].replace("AantalInwoners_5", "Inwoners"), *lines[1:]]
    )
    _assert_blocked(
        project_copy,
        "buurtcijfers_job",
        "buurtcijfers",
        CBS_FILE,
        "AantalInwoners_5",
    )


def test_cbs_missing_column(project_copy):
    def drop_last(lines):
        return [",".join(line.split(",")[:-1]) if line else line for line in lines]

    _edit_cbs(project_copy, drop_last)
    _assert_blocked(
        project_copy,
        "buurtcijfers_job",
        "buurtcijfers",
        CBS_FILE,
        "HuishOnderOfRondSociaalMinimum_73",
    )


def test_cbs_non_numeric_count(project_copy):
    def corrupt(lines):
        header = lines[0].split(",")
        index = header.index("AantalInwoners_5")
        row = _haarlem_line(lines, 3)
        cells = lines[row].split(",")
        cells[index] = "veel"
        return [*lines[:row], ",".join(cells), *lines[row + 1 :]]

    _edit_cbs(project_copy, corrupt)
    _assert_blocked(
        project_copy,
        "buurtcijfers_job",
        "buurtcijfers",
        CBS_FILE,
        "AantalInwoners_5",
        f"row {_haarlem_line(_cbs_lines(project_copy), 3)}",
    )


def test_cbs_unknown_region_code(project_copy):
    row = _haarlem_line(_cbs_lines(project_copy), 5)
    _edit_cbs(
        project_copy,
        lambda lines: [*lines[:row], lines[row].replace("BU0392", "XX0392", 2), *lines[row + 1 :]],
    )
    _assert_blocked(project_copy, "buurtcijfers_job", "buurtcijfers", CBS_FILE, f"row {row}")


def test_cbs_empty_file(project_copy):
    (project_copy.datasets_dir / CBS).write_bytes(b"")
    _assert_blocked(project_copy, "buurtcijfers_job", "buurtcijfers", CBS_FILE, "empty")


def test_geometry_in_the_wrong_crs(project_copy):
    path = project_copy.datasets_dir / "data/rioolbelasting_bemalingsgebieden.gpkg"
    areas = gpd.read_file(path, layer="bemalingsgebieden").to_crs("EPSG:4326")
    areas.to_file(path, layer="bemalingsgebieden", driver="GPKG")
    _assert_blocked(
        project_copy,
        "rioolbelasting_job",
        "rioolbelasting",
        "rioolbelasting_bemalingsgebieden.gpkg",
        "EPSG:28992",
    )


def test_spec_errors_name_the_file_and_the_key(project_copy):
    path = project_copy.datasets_dir / "meldingen.yaml"
    spec = yaml.safe_load(path.read_text())
    spec["columns"][2]["type"] = "tekst"
    path.write_text(yaml.safe_dump(spec, allow_unicode=True))
    with pytest.raises(SpecError) as error:
        load_spec(path)
    assert "meldingen.yaml" in str(error.value)
    assert "columns[2].type" in str(error.value)


def test_spec_name_must_match_the_file(project_copy):
    path = project_copy.datasets_dir / "meldingen.yaml"
    path.rename(project_copy.datasets_dir / "meldingen2.yaml")
    with pytest.raises(SpecError, match="name"):
        load_catalog(project_copy.datasets_dir)


def test_spec_unknown_reference(project_copy):
    path = project_copy.datasets_dir / "buurtcijfers.yaml"
    spec = yaml.safe_load(path.read_text())
    spec["protection"]["cells"]["counts"].append("wmo_onbekend")
    spec["protection"]["cells"]["relations"] = []
    path.write_text(yaml.safe_dump(spec, allow_unicode=True))
    with pytest.raises(SpecError, match="wmo_onbekend"):
        load_spec(path)


def test_unknown_theme_fails_at_load_time_and_nothing_is_published(project_copy):
    from haarlem_opendata.dagster.definitions import build_definitions

    path = project_copy.datasets_dir / "rioolbelasting.yaml"
    spec = yaml.safe_load(path.read_text())
    spec["theme"] = "Riolen en putten"
    path.write_text(yaml.safe_dump(spec, allow_unicode=True))
    with pytest.raises(SpecError) as error:
        build_definitions()
    assert "rioolbelasting.yaml" in str(error.value) and "theme" in str(error.value)
    assert not project_copy.portal_dir.exists()


def test_unknown_licence_fails_at_load_time(project_copy):
    path = project_copy.datasets_dir / "meldingen.yaml"
    spec = yaml.safe_load(path.read_text())
    spec["license"] = "Alle rechten voorbehouden"
    path.write_text(yaml.safe_dump(spec, allow_unicode=True))
    with pytest.raises(SpecError, match="license"):
        load_catalog(project_copy.datasets_dir, project_copy.metadata_dir)


@pytest.mark.parametrize(
    ("pii", "fragments"),
    [
        (
            {"allow_list": [{"column": "bestaat_niet", "entity_type": "NL_BSN", "reason": "r"}]},
            ["protection.pii.allow_list[0].column", "bestaat_niet"],
        ),
        (
            {"allow_list": [{"value": "Jos Wienen", "entity_type": "NAAM", "reason": "r"}]},
            ["protection.pii.allow_list[0].entity_type", "PERSON"],
        ),
        (
            {"skip_columns": [{"column": "gemaal_naam", "reason": "r"}]},
            ["protection.pii", "every published cell is scanned"],
        ),
    ],
)
def test_pii_exceptions_in_a_spec_are_checked_at_load_time(project_copy, pii, fragments):
    """An allow-list entry that names no real column or type, or a column left out of the scan,
    stops the spec from loading, naming the file and the key; nothing is published."""
    from haarlem_opendata.dagster.definitions import build_definitions

    path = project_copy.datasets_dir / "rioolbelasting.yaml"
    spec = yaml.safe_load(path.read_text())
    spec["protection"]["pii"] = pii
    path.write_text(yaml.safe_dump(spec, allow_unicode=True))
    with pytest.raises(SpecError) as error:
        build_definitions()
    message = str(error.value)
    assert "rioolbelasting.yaml" in message
    for fragment in fragments:
        assert fragment in message, message
    assert not project_copy.portal_dir.exists()
