"""The small Solr-syntax parser of the pgsearch plugin (pure, no CKAN needed)."""

from __future__ import annotations

import importlib.util
import sys

import pytest

from tests.fixtures_ckan import ROOT

_PATH = ROOT / "scripts/ckanext-pgsearch/ckanext/haarlem_pgsearch/solr_syntax.py"
_spec = importlib.util.spec_from_file_location("pgsearch_solr_syntax", _PATH)
solr_syntax = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = solr_syntax  # dataclasses look their module up
_spec.loader.exec_module(solr_syntax)
Clause = solr_syntax.Clause


def test_ckan_generated_fq_is_split_into_clauses():
    clauses, words = solr_syntax.parse(
        '+capacity:public  organization:"gemeente-haarlem" +state:(active OR draft) '
        '-tags:"oud nieuws" +dataset_type:dataset'
    )
    assert words == []
    assert clauses == [
        Clause("capacity", ("public",)),
        Clause("organization", ("gemeente-haarlem",)),
        Clause("state", ("active", "draft")),
        Clause("tags", ("oud nieuws",), negated=True),
        Clause("dataset_type", ("dataset",)),
    ]


@pytest.mark.parametrize("q", ["", "*:*", '""', "  "])
def test_match_all_queries_have_no_conditions(q):
    assert solr_syntax.parse(q) == ([], [])


def test_free_words_and_fields_mix():
    clauses, words = solr_syntax.parse("riool +tags:water gemaal")
    assert clauses == [Clause("tags", ("water",))]
    assert words == ["riool", "gemaal"]


@pytest.mark.parametrize("q", ["a OR b", "NOT riool", "title:(a b) OR x", "{!lucene}x"])
def test_boolean_syntax_is_refused_not_guessed(q):
    with pytest.raises(solr_syntax.SyntaxRefused):
        solr_syntax.parse(q)


def test_sort_parsing():
    keys = solr_syntax.parse_sort("score desc, metadata_modified desc,name")
    assert [(k.field, k.descending) for k in keys] == [
        ("score", True),
        ("metadata_modified", True),
        ("name", False),
    ]
    with pytest.raises(solr_syntax.SyntaxRefused):
        solr_syntax.parse_sort("name sideways")
