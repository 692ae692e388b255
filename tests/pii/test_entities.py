"""One definition per entity type, and every table derived from the same definitions."""

from __future__ import annotations

import pyarrow as pa
from hypothesis import given, settings
from hypothesis import strategies as st

from haarlem_opendata.pii.entities import BY_TYPE, DEFINITIONS, ENTITY_LABELS_NL, PLACEHOLDERS
from haarlem_opendata.pii.masking import mask_value
from haarlem_opendata.pii.recognizers.nl.bsn import elfproef_many
from haarlem_opendata.spec import ENTITY_TYPES
from haarlem_opendata.spec.checksums import elfproef

TYPES = [d.type for d in DEFINITIONS]


def test_the_spec_names_exactly_the_defined_types():
    """The spec's plain list (what an allow-list may name) and the definitions agree."""
    assert sorted(ENTITY_TYPES) == sorted(TYPES)
    assert len(set(TYPES)) == len(TYPES)


def test_the_analyzer_has_one_recognizer_per_definition(analyzer):
    recognizers = analyzer.registry.get_recognizers(language="nl", all_fields=True)
    assert sorted(e for r in recognizers for e in r.supported_entities) == sorted(TYPES)
    assert set(analyzer.get_supported_entities(language="nl")) == set(BY_TYPE)


def test_derived_tables_cover_every_type():
    assert list(ENTITY_LABELS_NL) == list(PLACEHOLDERS) == TYPES
    assert len(set(PLACEHOLDERS.values())) == len(TYPES)  # redaction says which kind it hid
    assert all(p.startswith("<") and p.endswith(">") for p in PLACEHOLDERS.values())


def test_every_definition_is_complete():
    for d in DEFINITIONS:
        assert d.label_nl and d.context, d.type
        assert bool(d.header_words) == (d.column_shape is not None), d.type
        gate = d.prefilter
        assert (gate.rule is None) == bool(gate.shape or gate.weak), d.type
        assert gate.valid is None or gate.shape is not None, d.type
        assert mask_value("x", d.type) == d.mask("x")


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 999_999_999), st.sampled_from(["plain", "dots", "spaces"])),
        min_size=1,
        max_size=50,
    )
)
def test_the_gates_elfproef_agrees_with_the_scalar_one(numbers):
    written = []
    for number, style in numbers:
        d = f"{number:09d}"
        written.append(
            {
                "plain": d,
                "dots": f"{d[:4]}.{d[4:6]}.{d[6:]}",
                "spaces": f"{d[:3]} {d[3:6]} {d[6:]}",
            }[style]
        )
    expected = [elfproef(w.replace(".", "").replace(" ", "")) for w in written]
    assert elfproef_many(pa.array(written)).tolist() == expected


def test_elfproef_edges():
    assert elfproef("001005650")  # the RSIN of Gemeente Haarlem
    assert not elfproef("000000000") and not elfproef("11122233") and not elfproef("1112223330")
    assert not elfproef("11122233x") and not elfproef("²11222333")
