"""The FAIR score's exact output (score, metadata, Markdown table, Dutch texts), pinned.

The packages in ``tests/fixtures/fair/<dataset>/`` are the ``datapackage.json`` and
``dcat.jsonld`` the pipeline writes for the three shipped datasets on the embedded default; the
poor packages below break every check in every way it can fail. ``expected.json`` holds what the
scorer returned for each case; regenerate it only for a deliberate change of the score's output:
``uv run --frozen python -m tests.fair.test_score_characterisation``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS

from haarlem_opendata.fair import fair_score
from tests.package.helpers import METADATA_DIR, PROJECT_ROOT

FIXTURES = PROJECT_ROOT / "tests" / "fixtures" / "fair"
EXPECTED = FIXTURES / "expected.json"
DATASETS = ("buurtcijfers", "meldingen", "rioolbelasting")


def _package(name: str) -> dict:
    return json.loads((FIXTURES / name / "datapackage.json").read_text(encoding="utf-8"))


def _graph(name: str) -> Graph:
    return Graph().parse(FIXTURES / name / "dcat.jsonld", format="json-ld")


def _shipped(name: str) -> Callable[[Path], dict]:
    return lambda _tmp: {"package": _package(name), "bundle_dir": FIXTURES / name}


def _poor_package() -> dict:
    """A package a careless steward could write: every field that a check reads is wrong."""
    package = _package("rioolbelasting")
    package["id"] = "urn:dataset:rioolbelasting"
    package["description"] = "Kort."
    package["keywords"] = ["riool"]
    package.pop("temporal")
    package["contributors"] = [c for c in package["contributors"] if "publisher" not in c["roles"]]
    package["$schema"] = "https://specs.frictionlessdata.io/schemas/data-package.json"
    package["homepage"] = "data.haarlem.nl/dataset/rioolbelasting"
    package["theme"] = {"label": "Riolen", "uri": "http://example.org/riolen"}
    package["licenses"] = [{"name": "CC-BY-4.0", "path": "licentie.txt"}]
    package["provenance"] = {"pipeline": {}, "run": {}}
    package.pop("privacy")
    first = package["resources"][0]
    first["format"] = "xlsx"
    first.pop("bytes")
    first["hash"] = "md5:0"
    first["schema"]["fields"][0].pop("description")
    first["schema"]["fields"][1].pop("type")
    package["resources"][1].pop("schema")
    package["resources"] = [r for r in package["resources"] if r["format"] != "csv"]
    return package


def _graph_with_faults() -> Graph:
    """The shipped graph with a title removed (a SHACL violation) and an FTP download URL."""
    graph = _graph("buurtcijfers")
    dataset = URIRef(_package("buurtcijfers")["id"])
    graph.remove((dataset, DCTERMS.title, None))
    distribution = next(graph.objects(dataset, DCAT.distribution))
    graph.set((distribution, DCAT.accessURL, URIRef("ftp://ftp.haarlem.nl/buurtcijfers.csv")))
    graph.add((distribution, DCTERMS.description, Literal("tweede beschrijving", lang="nl")))
    return graph


def _versioned_id(_tmp: Path) -> dict:
    package = _package("buurtcijfers")
    package["id"] = f"{package['id']}/{package['version']}"
    package["licenses"] = [{"name": "Eigen-licentie"}]
    return {"package": package, "dcat": _graph_with_faults()}


def _foreign_id(_tmp: Path) -> dict:
    package = _package("meldingen")
    package["id"] = "https://data.example.org/id/dataset/meldingen"
    return {"package": package, "dcat": _graph_with_faults(), "shacl": False}


def _unreadable_dcat(tmp: Path) -> dict:
    (tmp / "dcat.jsonld").write_text("{ geen json", encoding="utf-8")
    return {"package": _poor_package(), "bundle_dir": tmp}


def _missing_dcat(tmp: Path) -> dict:
    return {"package": _poor_package(), "bundle_dir": tmp}


CASES: dict[str, Callable[[Path], dict]] = {
    **{name: _shipped(name) for name in DATASETS},
    "leeg": lambda _tmp: {"package": {}},
    "slecht": lambda _tmp: {"package": _poor_package()},
    "slecht-dcat-ontbreekt": _missing_dcat,
    "slecht-dcat-onleesbaar": _unreadable_dcat,
    "id-met-versie-en-foute-graaf": _versioned_id,
    "id-buiten-domein-zonder-shacl": _foreign_id,
}


def _output(case: str, tmp: Path) -> dict:
    score = fair_score(metadata_dir=METADATA_DIR, **CASES[case](tmp))
    return {"metadata": score.to_metadata(), "markdown": score.to_markdown()}


@pytest.mark.parametrize("case", sorted(CASES))
def test_fair_score_output_is_unchanged(case, tmp_path):
    expected = json.loads(EXPECTED.read_text(encoding="utf-8"))[case]
    assert _output(case, tmp_path) == expected


def test_every_check_fails_in_some_poor_case():
    expected = json.loads(EXPECTED.read_text(encoding="utf-8"))
    failed = {
        c["id"] for out in expected.values() for c in out["metadata"]["checks"] if not c["passed"]
    }
    assert len(failed) == 11 == expected["leeg"]["metadata"]["total"]


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        outputs = {}
        for case in sorted(CASES):
            (Path(tmp) / case).mkdir()
            outputs[case] = _output(case, Path(tmp) / case)
    EXPECTED.write_text(json.dumps(outputs, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
