"""The name lexicon: the whole list ships, a steward can point the scan at another one (the
setting ``pii_names_dir``, passed in, never read from the environment), and the accuracy
benchmark scans with a list that lacks every name it plants."""

from __future__ import annotations

import pytest

from benchmarks.pii_accuracy import write_lexicon_without_holdout
from benchmarks.pii_holdout_names import GIVEN_NAMES, SURNAMES
from haarlem_opendata import stages
from haarlem_opendata.pii import lexicon, pool
from haarlem_opendata.settings import Settings


def _read(directory, name: str) -> set[str]:
    return set(lexicon._lines(name, directory))


@pytest.fixture
def own_lists(tmp_path):
    """A folder with a steward's own lists; the shipped ones are back after the test."""
    (tmp_path / "given_names.txt").write_text("# eigen lijst\nZyrah\nAnna\n", encoding="utf-8")
    (tmp_path / "surnames.txt").write_text("Quispel\n", encoding="utf-8")
    yield tmp_path
    lexicon.use_names_dir(None)


def test_the_shipped_lists_include_the_names_the_benchmark_holds_out():
    assert lexicon.names_dir() == lexicon.SHIPPED_DIR
    shipped = _read(lexicon.SHIPPED_DIR, "given_names.txt") | _read(
        lexicon.SHIPPED_DIR, "surnames.txt"
    )
    assert set(GIVEN_NAMES) | set(SURNAMES) <= shipped
    assert {"Anna", "Arthur", "Sanne"} <= lexicon.given_names()  # held out, yet known in a run


def test_the_settings_name_lists_replace_the_shipped_ones(own_lists):
    stages.use_pii_settings(Settings(pii_names_dir=own_lists))
    assert lexicon.names_dir() == own_lists.resolve()
    assert lexicon.given_names() == {"Zyrah", "Anna"}
    assert lexicon.surnames() == {"Quispel"}
    stages.use_pii_settings(Settings(pii_names_dir=None))
    assert "Sanne" in lexicon.given_names()  # every cache built from the lists was cleared


def test_a_folder_without_the_lists_is_a_clear_error(tmp_path):
    (tmp_path / "given_names.txt").write_text("Zyrah\n", encoding="utf-8")
    with pytest.raises(FileNotFoundError, match="surnames.txt"):
        lexicon.use_names_dir(tmp_path)
    assert lexicon.names_dir() == lexicon.SHIPPED_DIR  # unchanged


# "Zyrah" is a name only in the own list, "Sanne" only in the shipped one: alone before a verb,
# only the lexicon makes either a name.
TEXTS = [f"Zyrah belde over tak {i}" for i in range(20)] + [
    f"Sanne belde over tak {i}" for i in range(20)
]


def _names_found(hits: dict) -> set[str]:
    return {
        TEXTS[i][s:e] for i, found in hits.items() for kind, s, e, _ in found if kind == "PERSON"
    }


def test_worker_processes_scan_with_the_configured_lists(own_lists, monkeypatch):
    monkeypatch.setattr(pool, "MIN_CHUNK", 2)  # small chunks: this handful goes to the pool
    lexicon.use_names_dir(own_lists)
    hits, cpu_by_worker = pool.analyze_many(TEXTS, threshold=0.5, workers=2)
    assert cpu_by_worker  # the pool was used, and its workers never saw an environment variable
    assert _names_found(hits) == {"Zyrah"}
    assert sorted(hits) == list(range(20))

    lexicon.use_names_dir(None)
    hits, cpu_by_worker = pool.analyze_many(TEXTS, threshold=0.5, workers=2)
    assert cpu_by_worker and _names_found(hits) == {"Sanne"}


def test_benchmark_lexicon_lacks_every_planted_name_and_keeps_the_rest(tmp_path):
    write_lexicon_without_holdout(tmp_path)
    given = _read(tmp_path, "given_names.txt")
    surnames = _read(tmp_path, "surnames.txt")
    assert not (given | surnames) & (set(GIVEN_NAMES) | set(SURNAMES))
    shipped_given = _read(lexicon.SHIPPED_DIR, "given_names.txt")
    assert given == shipped_given - set(GIVEN_NAMES)
    assert len(given) > 2000 and len(surnames) > 800
