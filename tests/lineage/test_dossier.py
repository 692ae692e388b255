"""A besluit resolves to exactly the dataset versions current on its date, also after newer ones."""

from __future__ import annotations

import json

from haarlem_opendata.lineage.dossier import build_dossier, build_dossiers
from haarlem_opendata.lineage.releases import load_releases, record_release

from .conftest import make_release


def _versions(dossier) -> dict[str, str | None]:
    return {d.dataset: d.version for d in dossier.datasets}


def test_each_seeded_besluit_resolves_to_its_datasets_and_versions(register, catalog, history):
    releases = load_releases(history)
    expected = {
        "HLM-2018-RB-031": {"buurtcijfers": "1.1.0"},  # 1.1.0 published on the decision day
        "HLM-2026-CB-007": {"meldingen": "1.0.0"},
        "HLM-2026-RB-014": {"rioolbelasting": "1.1.0"},
    }
    for identificatie, versions in expected.items():
        dossier = build_dossier(identificatie, register, catalog, releases)
        assert dossier.besluit.identificatie == identificatie
        assert _versions(dossier) == versions


def test_newer_release_does_not_change_the_dossier(register, catalog, history):
    before = build_dossier("HLM-2026-RB-014", register, catalog, load_releases(history))
    assert record_release(history, make_release("rioolbelasting", "2.0.0", "2026-09-01T10:00:00"))
    after = build_dossier("HLM-2026-RB-014", register, catalog, load_releases(history))

    assert _versions(after) == {"rioolbelasting": "1.1.0"}
    [dataset] = after.datasets
    assert [p.version for p in dataset.publications] == ["1.1.0"]
    assert dataset.publications[0].published_at == "2026-05-01T10:00:00Z"
    assert dataset.publications[0].data_hash == before.datasets[0].publications[0].data_hash
    assert dataset.newer_versions == ["2.0.0"]
    assert before.datasets[0].newer_versions == []


def test_dossier_lists_every_portal_current_on_the_date(register, catalog, history):
    dossier = build_dossier("HLM-2026-CB-007", register, catalog, load_releases(history))
    [dataset] = dossier.datasets
    assert {p.portal: p.portal_url for p in dataset.publications} == {
        "ckan": "http://ckan.test/dataset/haarlem-meldingen",
        "local": "portal/meldingen/",
    }
    assert all(p.run_id == "run-meldingen-1.0.0" for p in dataset.publications)
    assert all(p.git_commit.startswith("0123456789") for p in dataset.publications)
    assert set(dataset.publications[0].resources) == {"meldingen.csv"}


def test_dossier_without_release_before_the_date_says_so(register, catalog, tmp_path):
    path = tmp_path / "releases.jsonl"
    record_release(path, make_release("rioolbelasting", "1.0.0", "2026-11-25T10:00:00"))
    dossier = build_dossier("HLM-2026-RB-014", register, catalog, load_releases(path))
    [dataset] = dossier.datasets
    assert dataset.version is None
    assert dataset.publications == []
    assert dataset.first_publication_after.version == "1.0.0"
    assert dataset.newer_versions == ["1.0.0"]


def test_dossier_json_has_sources_protection_hashes(register, catalog, history, tmp_path):
    bundle = tmp_path / "bundles" / "meldingen" / "1.0.0"
    bundle.mkdir(parents=True)
    privacy = {"samenvatting": "Meldingen zijn k-anoniem gemaakt (k=5).", "anonymity": {"k": 5}}
    (bundle / "datapackage.json").write_text(json.dumps({"name": "meldingen", "privacy": privacy}))

    dossier = build_dossier(
        "HLM-2026-CB-007",
        register,
        catalog,
        load_releases(history),
        bundles_dir=tmp_path / "bundles",
    )
    data = json.loads(dossier.to_json())
    assert data["besluit"]["identificatie"] == "HLM-2026-CB-007"
    assert data["besluit"]["verantwoordelijkeOrganisatie"] == "001005650"
    assert data["besluit"]["datum"] == "2026-03-10"
    [ds] = data["datasets"]
    assert ds["protection"] == {
        "source": "datapakket",
        "summary": [privacy["samenvatting"]],
        "details": privacy,
    }
    assert ds["sources"][0]["title"] == "Bron van meldingen"
    assert ds["publications"][0]["data_hash"].startswith("sha256:")

    # without the bundle the configured protection is described instead
    plain = build_dossier("HLM-2026-CB-007", register, catalog, load_releases(history))
    assert plain.datasets[0].protection.source == "specificatie"
    assert any("persoonsgegevens" in s for s in plain.datasets[0].protection.summary)


def test_build_dossiers_covers_the_register_newest_first(register, catalog, history):
    dossiers = build_dossiers(register, catalog, load_releases(history))
    assert [d.besluit.identificatie for d in dossiers] == [
        "HLM-2026-RB-014",
        "HLM-2026-CB-007",
        "HLM-2018-RB-031",
    ]
