"""The FAIR score and load-time checks of a spec's FAIR metadata."""

from __future__ import annotations

import copy

import pytest
import yaml

from haarlem_opendata.catalog import load_spec
from haarlem_opendata.errors import SpecError
from haarlem_opendata.fair import fair_score, validate_spec_metadata
from haarlem_opendata.fair.vocab import vocabularies
from haarlem_opendata.formats import FORMATS
from tests.package.helpers import METADATA_DIR, build, counts_spec, counts_spec_dict, counts_table


@pytest.fixture(scope="module")
def bundle(tmp_path_factory):
    return build(counts_spec(), counts_table(), tmp_path_factory.mktemp("b"))


def test_complete_package_passes_every_check(bundle):
    score = fair_score(bundle.package, bundle_dir=bundle.path, metadata_dir=METADATA_DIR)
    assert [c.id for c in score.failed] == []
    assert score.score == 1.0
    ids = {c.id for c in score.checks}
    assert {
        "FsF-F1-02D",
        "FsF-F2-01M",
        "FsF-F3-01M",
        "FsF-F4-01M",
        "FsF-A1-03D",
        "FsF-I2-01M",
        "FsF-R1.1-01M",
        "FsF-R1.2-01M",
        "FsF-R1.3-01M",
        "FsF-R1.3-02D",
    } <= ids
    meta = score.to_metadata()
    assert meta["passed"] == meta["total"] == len(score.checks)
    assert bundle.fair.score == 1.0


def test_incomplete_package_fails_the_matching_checks(bundle):
    package = copy.deepcopy(bundle.package)
    package["id"] = f"https://data.haarlem.nl/id/dataset/wijkcijfers/{package['version']}"
    package["keywords"] = []
    package["licenses"] = [{"name": "Eigen-licentie"}]
    package["provenance"].pop("sources")
    package["theme"] = {"label": "Zorg", "uri": "http://example.org/zorg"}
    package["resources"][0].pop("hash")
    package["resources"][0]["format"] = "xlsx"
    score = fair_score(package, metadata_dir=METADATA_DIR)  # and no DCAT: not machine-readable
    failed = {c.id for c in score.failed}
    assert failed == {
        "FsF-F1-02D",
        "FsF-F2-01M",
        "FsF-F3-01M",
        "FsF-F4-01M",
        "FsF-I2-01M",
        "FsF-R1.1-01M",
        "FsF-R1.2-01M",
        "FsF-R1.3-01M",
        "FsF-R1.3-02D",
    }
    assert score.score < 0.5
    detail = {c.id: c.detail for c in score.checks}
    assert "versienummer" in detail["FsF-F1-02D"]
    assert "bronnen ontbreken" in detail["FsF-R1.2-01M"]


def test_real_specs_pass_fair_metadata_checks():
    from haarlem_opendata.catalog import load_catalog
    from tests.package.helpers import PROJECT_ROOT

    for spec in load_catalog(PROJECT_ROOT / "datasets").values():
        validate_spec_metadata(spec, METADATA_DIR)


@pytest.mark.parametrize(
    ("override", "key", "message"),
    [
        ({"theme": "Riolen en putten"}, "theme", "unknown theme"),
        ({"license": "WTFPL"}, "license", "unknown licence"),
        ({"license": "CC0-1.0"}, "license", "requires attribution"),
        (
            {
                "description": (
                    "Number of residents with a Wmo provision for each neighbourhood of the city."
                )
            },
            "description",
            "Dutch description",
        ),
    ],
)
def test_bad_fair_metadata_is_a_spec_error(override, key, message):
    spec = counts_spec(**override)
    with pytest.raises(SpecError, match=message) as info:
        validate_spec_metadata(spec, METADATA_DIR)
    assert info.value.key == key


def test_english_column_description_is_a_spec_error():
    columns = counts_spec_dict()["columns"]
    columns[2] = {**columns[2], "description": "The number of residents of the area, from the CBS."}
    with pytest.raises(SpecError) as info:
        validate_spec_metadata(counts_spec(columns=columns), METADATA_DIR)
    assert info.value.key == "columns[2].description"


def test_spec_without_licence_or_description_fails_at_load(tmp_path):
    data = counts_spec_dict(name="zonder")
    del data["license"]
    path = tmp_path / "zonder.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True))
    with pytest.raises(SpecError) as info:
        load_spec(path)
    assert info.value.key == "license" and info.value.file == str(path)
    data = counts_spec_dict(name="zonder", description="")
    path.write_text(yaml.safe_dump(data, allow_unicode=True))
    with pytest.raises(SpecError) as info:
        load_spec(path)
    assert info.value.key == "description"


def test_unknown_theme_stops_the_bundle_before_any_file(tmp_path):
    with pytest.raises(SpecError):
        build(counts_spec(theme="Onbekend thema"), counts_table(), tmp_path)
    assert not any(tmp_path.iterdir())


def test_value_lists_are_uris():
    vocab = vocabularies(METADATA_DIR)
    assert len(vocab.themes) > 100
    tops = [t for t in vocab.themes.values() if t.parent is None]
    assert len(tops) == 17
    for theme in vocab.themes.values():
        assert theme.uri.startswith("http://standaarden.overheid.nl/owms/terms/")
        assert theme.parent is None or theme.parent.lower() in vocab.themes
    for lic in vocab.licenses.values():
        assert lic.donl_uri.startswith("http") and lic.path.startswith("https://")
    assert (
        vocab.license("CC-BY-4.0").attribution_required
        and not vocab.license("CC0-1.0").attribution_required
    )
    for fmt in FORMATS.values():
        assert fmt.uri.startswith("http://publications.europa.eu/resource/authority/file-type/")
    assert vocab.organisation.rsin == "001005650"
    assert vocab.organisation.tooi == "https://identifier.overheid.nl/tooi/id/gemeente/gm0392"
