"""The independent checker: counts failing classes, agrees with pycanon, never leaks values."""

from __future__ import annotations

import json
import math

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st
from pycanon import anonymity as pycanon

from haarlem_opendata.protect.anonymity import verify_anonymity
from haarlem_opendata.spec import LDiversitySpec


def test_counts_failing_classes_without_values():
    df = pd.DataFrame(
        {
            "wijk": ["WK1"] * 3 + ["WK2"] * 2 + ["WK3"],
            "maand": ["2024-01"] * 6,
            "ziekte": ["griep", "griep", "astma", "griep", "griep", "zeldzame aandoening"],
        }
    )
    result = verify_anonymity(df, quasi_identifier_columns=["wijk", "maand"], k=2)
    assert not result.passed and result.violations == 1 and result.k == 1
    diverse = verify_anonymity(
        df.iloc[:5],
        quasi_identifier_columns=["wijk"],
        k=2,
        l_diversity=[LDiversitySpec(column="ziekte", l=2)],
    )
    assert not diverse.passed and diverse.violations == 1 and diverse.l == {"ziekte": 1.0}
    text = json.dumps(diverse.to_metadata())
    assert "griep" not in text and "WK2" not in text


def test_empty_table_does_not_pass():
    df = pd.DataFrame({"wijk": pd.Series([], dtype=str)})
    assert not verify_anonymity(df, quasi_identifier_columns=["wijk"], k=1).passed


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from("abc"), st.sampled_from("xy"), st.sampled_from("pqrs")),
        min_size=1,
        max_size=40,
    )
)
def test_agrees_with_pycanon(rows):
    df = pd.DataFrame(rows, columns=["q1", "q2", "s"])
    rules = [
        LDiversitySpec(column="s", l=2),
        LDiversitySpec(column="s", l=2, kind="entropy"),
        LDiversitySpec(column="s", l=2, kind="recursive", c=2.0),
    ]
    result = verify_anonymity(df, quasi_identifier_columns=["q1", "q2"], k=2, l_diversity=rules[:1])
    assert result.k == pycanon.k_anonymity(df, ["q1", "q2"])
    assert result.l["s"] == pycanon.l_diversity(df, ["q1", "q2"], ["s"])
    entropy = verify_anonymity(
        df, quasi_identifier_columns=["q1", "q2"], k=1, l_diversity=rules[1:2]
    )
    # pycanon reports int(exp(min entropy)), which floating point can put just below an integer
    ours = entropy.l["s"]
    assert pycanon.entropy_l_diversity(df, ["q1", "q2"], ["s"]) in {
        math.floor(ours - 1e-9),
        math.floor(ours + 1e-9),
    }


def test_recursive_cl_diversity_by_hand():
    # pycanon's recursive (c, l) sorts counts ascending, so it is no reference; check by hand:
    # class A has counts 3,1,1 -> r1=3 < c*(r2+r3)=2*2 passes (c=2, l=2); class B 4,1 -> 4 < 2*1
    # fails
    df = pd.DataFrame({"q": ["A"] * 5 + ["B"] * 5, "s": list("xxxyz") + list("xxxxy")})
    rule = LDiversitySpec(column="s", l=2, kind="recursive", c=2.0)
    result = verify_anonymity(df, quasi_identifier_columns=["q"], k=5, l_diversity=[rule])
    assert not result.passed and result.violations == 1
    assert verify_anonymity(
        df.iloc[:5], quasi_identifier_columns=["q"], k=5, l_diversity=[rule]
    ).passed
