"""The search returns the optimal node (checked against brute force over the whole lattice), its
claims hold under an independent checker (pycanon), and impossible requests fail loudly."""

from __future__ import annotations

import itertools
import math
from collections import Counter, defaultdict

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pycanon import anonymity as pycanon

from haarlem_opendata.errors import ProtectionError
from haarlem_opendata.protect.anonymity import Hierarchy, k_anonymize, verify_anonymity
from haarlem_opendata.protect.anonymity.hierarchy import EncodedQI
from haarlem_opendata.spec import (
    ArxHierarchySpec,
    CategoriesSpec,
    LDiversitySpec,
    NumericBandsSpec,
)

from .conftest import ADULT_QIS

# --- a small hierarchy set, generalised here by hand (independent of the encoder) ------------


class ShiftedBands(Hierarchy):
    """e → e//2 → (e+1)//4 → *: level 2 does not nest in level 1 (like grid cells vs buurten)."""

    def encode(self, df, name, source):
        uniq, codes = np.unique(df[name].to_numpy(), return_inverse=True)
        groups = [uniq, uniq // 2, (uniq + 1) // 4, np.zeros(len(uniq), dtype=int)]
        maps = [np.unique(g, return_inverse=True)[1].astype(np.int64) for g in groups]
        labels = [np.unique(g).astype(str) for g in groups[:3]] + [np.array(["*"])]
        return EncodedQI(
            name,
            (name,),
            codes.astype(np.int64),
            maps,
            ["exact", "2", "4+1", "*"],
            labels.__getitem__,
        )


B_L1 = {"p": "X", "q": "X", "r": "Y", "s": "Y", "t": "Z"}
B_L2 = {"X": "U", "Y": "U", "Z": "V"}
SPECS = {
    "a": NumericBandsSpec(kind="numeric_bands", widths=[2, 4]),
    "b": CategoriesSpec(kind="categories", levels=[B_L1, B_L2]),
    "c": CategoriesSpec(kind="categories", levels=[{"m": "mf", "f": "mf"}]),
    "e": ShiftedBands(),
}
HEIGHTS = {"a": 4, "b": 4, "c": 3, "e": 4}


def generalise(column: str, value, level: int):
    if level == HEIGHTS[column] - 1:
        return "*"
    if column == "a":
        return value if level == 0 else (value // (2 if level == 1 else 4))
    if column == "b":
        return [value, B_L1[value], B_L2.get(B_L1[value])][level]
    if column == "e":
        return [value, value // 2, (value + 1) // 4][level]
    return value if level == 0 else "mf"


def class_ok(sensitive: list, rule: LDiversitySpec | None) -> bool:
    if rule is None:
        return True
    counts = sorted(Counter(sensitive).values(), reverse=True)
    if rule.kind == "distinct":
        return len(counts) >= rule.l
    if rule.kind == "entropy":
        total = sum(counts)
        return -sum(c / total * math.log(c / total) for c in counts) >= math.log(rule.l) - 1e-12
    return len(counts) >= rule.l and counts[0] < rule.c * sum(counts[rule.l - 1 :])


def brute_force(df, qis, k, max_suppression, rules, metric, weights=None):
    """Evaluate every node of the lattice on plain Python rows; return (loss, sum, levels)."""
    records = df.to_dict("records")
    n = len(records)
    budget = math.floor(max_suppression * n + 1e-9)
    raw_count = {q: Counter(r[q] for r in records) for q in qis}
    best = None
    for levels in itertools.product(*[range(HEIGHTS[q]) for q in qis]):
        gen = [
            tuple(generalise(q, r[q], lvl) for q, lvl in zip(qis, levels, strict=True))
            for r in records
        ]
        members: dict[tuple, list] = defaultdict(list)
        for key, r in zip(gen, records, strict=True):
            members[key].append(r)
        bad = {
            key
            for key, rs in members.items()
            if len(rs) < k
            or not all(class_ok([r[rule.column] for r in rs], rule) for rule in rules)
        }
        suppressed = [key in bad for key in gen]
        if sum(suppressed) > budget:
            continue
        cost, top = 0.0, 0.0
        for i, (q, lvl) in enumerate(zip(qis, levels, strict=True)):
            domain = len(raw_count[q])
            leaves: dict = defaultdict(set)
            gen_count: Counter = Counter()
            for key, r in zip(gen, records, strict=True):
                leaves[key[i]].add(r[q])
                gen_count[key[i]] += 1
            for key, r, sup in zip(gen, records, suppressed, strict=True):
                if metric == "loss":
                    full = 1.0 if domain > 1 else 0.0
                    per = (len(leaves[key[i]]) - 1) / (domain - 1) if domain > 1 else 0.0
                elif metric == "precision":
                    full, per = 1.0, lvl / (HEIGHTS[q] - 1)
                else:
                    full = math.log2(n / raw_count[q][r[q]])
                    per = math.log2(gen_count[key[i]] / raw_count[q][r[q]])
                w = (weights or {}).get(q, 1.0)
                cost += w * (full if sup else per)
                top += w * full
        loss = cost / top if top > 0 else 0.0
        cand = (loss, sum(levels), levels)
        if (
            best is None
            or loss < best[0] - 1e-9
            or (abs(loss - best[0]) <= 1e-9 and cand[1:] < best[1:])
        ):
            best = cand
    return best


rows = st.lists(
    st.tuples(
        st.integers(0, 7),
        st.sampled_from("pqrst"),
        st.sampled_from("mf"),
        st.integers(0, 3),
        st.sampled_from("uvw"),
    ),
    min_size=1,
    max_size=30,
)
rules = st.sampled_from(
    [
        [],
        [LDiversitySpec(column="s", l=2)],
        [LDiversitySpec(column="s", l=2, kind="entropy")],
        [LDiversitySpec(column="s", l=2, kind="recursive", c=2.0)],
        [LDiversitySpec(column="s", l=2), LDiversitySpec(column="s2", l=2, kind="entropy")],
        [
            LDiversitySpec(column="s", l=3, kind="recursive", c=3.0),
            LDiversitySpec(column="s2", l=2),
        ],
    ]
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    data=rows,
    k=st.integers(1, 4),
    max_suppression=st.sampled_from([0.0, 0.05, 0.2, 0.4]),
    l_rules=rules,
    metric=st.sampled_from(["loss", "precision", "entropy"]),
    qis=st.sampled_from([["a", "b", "c"], ["e", "b", "c"]]),
    weights=st.sampled_from([None, {"b": 3.0}, {"c": 0.5, "b": 2.0}]),
)
def test_search_matches_brute_force_over_whole_lattice(
    data, k, max_suppression, l_rules, metric, qis, weights
):
    df = pd.DataFrame(data, columns=["a", "b", "c", "s", "s2"]).assign(e=lambda d: d["a"])
    expected = (
        brute_force(df, qis, k, max_suppression, l_rules, metric, weights) if k <= len(df) else None
    )
    call = {
        "quasi_identifiers": {q: SPECS[q] for q in qis},
        "k": k,
        "max_suppression": max_suppression,
        "l_diversity": l_rules or None,
        "metric": metric,
        "weights": weights,
    }
    if expected is None:
        with pytest.raises(ProtectionError):
            k_anonymize(df, **call)
        return
    result = k_anonymize(df, **call)
    assert tuple(result.levels[q] for q in qis) == expected[2]
    assert result.information_loss == pytest.approx(expected[0], abs=1e-9)
    check = verify_anonymity(
        result.data, quasi_identifier_columns=qis, k=k, l_diversity=l_rules or None
    )
    assert check.passed
    assert result.k == check.k
    assert result.suppressed == len(df) - len(result.data)


def test_handmade_optimum_suppresses_the_outlier():
    # Record 6 (a=7, b=t, c=f) differs from the rest in every attribute below the top level.
    df = pd.DataFrame(
        {
            "a": [0, 0, 1, 1, 0, 7],
            "b": ["p", "p", "q", "q", "p", "t"],
            "c": list("mmmmmf"),
            "s": [0, 1, 2, 3, 0, 1],
        }
    )
    specs = {q: SPECS[q] for q in ["a", "b", "c"]}
    strict = k_anonymize(df, quasi_identifiers=specs, k=2)
    assert strict.suppressed == 0
    assert strict.levels == {"a": 3, "b": 3, "c": 1}  # everything merged into one class
    assert strict.data["a"].tolist() == ["*"] * 6
    budget = k_anonymize(df, quasi_identifiers=specs, k=2, max_suppression=0.2)
    assert budget.suppressed == 1
    assert budget.levels == {"a": 0, "b": 0, "c": 0}  # the rest is 2-anonymous as it is
    assert budget.data.index.tolist() == [0, 1, 2, 3, 4]
    assert budget.data["a"].tolist() == ["0", "0", "1", "1", "0"]
    # only the suppressed record costs: 3 QIs fully generalised out of 6 records x 3 QIs
    assert budget.information_loss == pytest.approx(3 / 18)
    assert brute_force(df, ["a", "b", "c"], 2, 0.2, [], "loss")[2] == (0, 0, 0)


def test_already_k_anonymous_table_keeps_level_zero(adult_dir):
    df = pd.DataFrame(
        {"sex": ["Male", "Female"] * 6, "race": ["White"] * 6 + ["Black"] * 6, "x": range(12)}
    )
    specs = {
        c: ArxHierarchySpec(kind="arx_csv", path=f"adult_hierarchy_{c}.csv")
        for c in ["sex", "race"]
    }
    result = k_anonymize(df, quasi_identifiers=specs, k=3, base_dir=adult_dir)
    assert result.levels == {"sex": 0, "race": 0}
    assert result.suppressed == 0
    assert result.information_loss == 0.0
    assert result.data["sex"].astype(str).tolist() == df["sex"].tolist()
    assert result.data["x"].tolist() == list(range(12))


def test_k_larger_than_table_is_a_clear_error():
    df = pd.DataFrame({"a": [1, 2, 3], "s": [0, 0, 0]})
    with pytest.raises(ProtectionError, match=r"k=5 is larger than the table \(3 records\)"):
        k_anonymize(df, quasi_identifiers={"a": SPECS["a"]}, k=5)


def test_no_node_within_budget_names_k_budget_and_best():
    # Only two sensitive values exist overall, so 3-diversity is impossible even at the top.
    df = pd.DataFrame({"a": [0, 1, 2, 3, 4, 5], "s": ["x", "y", "x", "y", "x", "y"]})
    with pytest.raises(ProtectionError) as err:
        k_anonymize(
            df,
            quasi_identifiers={"a": SPECS["a"]},
            k=2,
            max_suppression=0.1,
            l_diversity=[LDiversitySpec(column="s", l=3)],
        )
    text = str(err.value)
    assert "k=2" in text and "10.00%" in text and "best achievable needs 100.00%" in text


@pytest.mark.parametrize(("k", "budget"), [(5, 0.0), (10, 0.01), (5, 0.05)])
def test_adult_claims_hold_under_pycanon(adult, adult_dir, k, budget):
    specs = {
        c: ArxHierarchySpec(kind="arx_csv", path=f"adult_hierarchy_{c}.csv") for c in ADULT_QIS
    }
    rules = [
        LDiversitySpec(column="occupation", l=3),
        LDiversitySpec(column="salary-class", l=2, kind="recursive", c=30),
    ]
    result = k_anonymize(
        adult,
        quasi_identifiers=specs,
        k=k,
        max_suppression=budget,
        l_diversity=rules,
        base_dir=adult_dir,
    )
    published = result.data.astype(str).reset_index(drop=True)  # pycanon indexes by position
    assert result.suppressed <= math.floor(budget * len(adult))
    assert len(published) == len(adult) - result.suppressed
    assert pycanon.k_anonymity(published, ADULT_QIS) == result.k >= k
    assert pycanon.l_diversity(published, ADULT_QIS, ["occupation"]) == result.l["occupation"] >= 3
    _, c_l = pycanon.recursive_c_l_diversity(published, ADULT_QIS, ["salary-class"])
    assert c_l >= 2
    meta = result.to_metadata()
    assert meta["k_achieved"] == result.k and meta["metric"] == "loss"
    assert set(meta["levels"]) == set(ADULT_QIS)


def test_spec_entry_point_keeps_index_and_metadata_is_json_safe():
    import json

    from haarlem_opendata.protect.anonymity import k_anonymize_spec
    from haarlem_opendata.spec import AnonymitySpec

    rng = np.random.default_rng(7)
    n = 400
    df = pd.DataFrame(
        {
            "tijdstip": pd.Timestamp("2025-01-01")
            + pd.to_timedelta(rng.integers(0, 365 * 24 * 60, n), "min"),
            "categorie": rng.choice(["Afval", "Groen", "Riolering"], n),
            "leeftijd": rng.integers(18, 90, n),
            "omschrijving": [f"melding {i}" for i in range(n)],
        },
        index=pd.RangeIndex(1000, 1000 + n),
    )
    spec = AnonymitySpec.model_validate(
        {
            "k": 4,
            "max_suppression": 0.02,
            "quasi_identifiers": {
                "tijdstip": {
                    "kind": "datetime",
                    "levels": ["hour", "day", "week", "month", "year"],
                },
                "categorie": {
                    "kind": "categories",
                    "levels": [{"Afval": "Schoon", "Groen": "Groen", "Riolering": "Schoon"}],
                },
                "leeftijd": {"kind": "numeric_bands", "widths": [5, 10, 20]},
            },
            "l_diversity": [{"column": "omschrijving", "l": 4, "kind": "entropy"}],
        }
    )
    result = k_anonymize_spec(df, spec)
    check = verify_anonymity(
        result.data,
        quasi_identifier_columns=list(spec.quasi_identifiers),
        k=4,
        l_diversity=spec.l_diversity,
    )
    assert check.passed and check.k == result.k
    assert result.data.index.isin(df.index).all() and len(result.data) == n - result.suppressed
    assert (result.data["omschrijving"] == df.loc[result.data.index, "omschrijving"]).all()
    meta = json.loads(json.dumps(result.to_metadata()))
    assert meta["suppressed_records"] == result.suppressed <= 8
    assert meta["levels"] == result.levels and meta["l_diversity"][0]["l_achieved"] >= 4
    text = json.dumps(meta)
    assert "melding " not in text and "Afval" not in text and "2025-" not in text
