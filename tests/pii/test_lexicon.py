"""The name lexicon: the whole list ships, a steward can point the scan at another one, and the
accuracy benchmark scans with a list that lacks every name it plants."""

from __future__ import annotations

import pytest

from benchmarks.pii_accuracy import write_lexicon_without_holdout
from benchmarks.pii_holdout_names import GIVEN_NAMES, SURNAMES
from haarlem_opendata.pii import lexicon


def _read(directory, name: str) -> set[str]:
    return set(lexicon._lines(name, directory))


def test_the_shipped_lists_include_the_names_the_benchmark_holds_out():
    shipped = _read(lexicon.names_dir(), "given_names.txt") | _read(
        lexicon.names_dir(), "surnames.txt"
    )
    assert set(GIVEN_NAMES) | set(SURNAMES) <= shipped
    assert {"Anna", "Arthur", "Sanne"} <= lexicon.given_names()  # held out, yet known in a run


def test_names_dir_from_the_environment(tmp_path, monkeypatch):
    (tmp_path / "given_names.txt").write_text("# eigen lijst\nZyrah\nAnna\n", encoding="utf-8")
    (tmp_path / "surnames.txt").write_text("Quispel\n", encoding="utf-8")
    monkeypatch.setenv(lexicon.NAMES_DIR_ENV, str(tmp_path))
    assert lexicon.names_dir() == tmp_path
    # the cached loaders, uncached: what a new process would read
    assert lexicon.given_names.__wrapped__() == {"Zyrah", "Anna"}
    assert lexicon.surnames.__wrapped__() == {"Quispel"}


def test_names_dir_without_the_lists_is_a_clear_error(tmp_path, monkeypatch):
    (tmp_path / "given_names.txt").write_text("Zyrah\n", encoding="utf-8")
    monkeypatch.setenv(lexicon.NAMES_DIR_ENV, str(tmp_path))
    with pytest.raises(FileNotFoundError, match=f"{lexicon.NAMES_DIR_ENV}.*surnames.txt"):
        lexicon.names_dir()


def test_benchmark_lexicon_lacks_every_planted_name_and_keeps_the_rest(tmp_path):
    write_lexicon_without_holdout(tmp_path)
    given = _read(tmp_path, "given_names.txt")
    surnames = _read(tmp_path, "surnames.txt")
    assert not (given | surnames) & (set(GIVEN_NAMES) | set(SURNAMES))
    shipped_given = _read(lexicon.names_dir(), "given_names.txt")
    assert given == shipped_given - set(GIVEN_NAMES)
    assert len(given) > 2000 and len(surnames) > 800
