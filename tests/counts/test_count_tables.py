"""Count tables derived from meldingen: right counts, small cells hidden, nothing recomputable.

The counts are checked against an independent recount (geopandas' spatial join and the spec's
category mapping, not the project's hierarchy code), and the protection against an independent
attacker: scipy's ``linprog`` on constraints written out here from the long table, not the
project's model or its warm-started HiGHS.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from pydantic import ValidationError
from scipy.optimize import linprog

from haarlem_opendata.catalog import load_catalog
from haarlem_opendata.errors import ProtectionError, SpecError
from haarlem_opendata.protect.cells import modular
from haarlem_opendata.protect.counts.protect import audit_published_counts, protect_counts
from haarlem_opendata.protect.counts.shape import WideLayout, to_long, to_wide
from haarlem_opendata.spec import CountTableSpec
from tests.conftest import PROJECT_ROOT

DATASETS_DIR = PROJECT_ROOT / "datasets"

REGION = {
    "hierarchy": "locatie",
    "levels": ["buurtcode", "wijkcode", "gemeentecode"],
    "level_names": {"buurtcode": "buurt", "wijkcode": "wijk", "gemeentecode": "gemeente"},
}
COUNT = {"name": "aantal", "title": "Aantal", "description": "Aantal meldingen."}
CATEGORY = {
    "name": "hoofdcategorie",
    "title": "Hoofdcategorie",
    "description": "d",
    "hierarchy": "categorie",
    "level": 1,
}
MONTH = {
    "name": "maand",
    "title": "Maand",
    "description": "d",
    "hierarchy": "tijdstip",
    "level": "month",
}


@pytest.fixture(scope="module")
def meldingen_spec():
    return load_catalog(DATASETS_DIR)["meldingen"]


@pytest.fixture(scope="module")
def records():
    return pd.read_parquet(DATASETS_DIR / "data" / "meldingen_2025.parquet")


def _table_spec(**overrides) -> CountTableSpec:
    data = {
        "name": "t",
        "title": "T",
        "description": "D",
        "region": REGION,
        "dimensions": [CATEGORY],
        "count": COUNT,
        "threshold": 5,
    }
    data.update(overrides)
    return CountTableSpec.model_validate(data)


def _protect(records, meldingen_spec, table_spec):
    return protect_counts(
        records,
        table_spec,
        dict(meldingen_spec.protection.anonymity.quasi_identifiers),
        base_dir=DATASETS_DIR,
        source="meldingen_2025.parquet",
    )


@pytest.fixture(scope="module")
def by_category(records, meldingen_spec):
    return _protect(records, meldingen_spec, _table_spec())


def _recount(records, meldingen_spec) -> pd.DataFrame:
    """buurt × hoofdcategorie counts, computed without the project's hierarchy code."""
    regions = gpd.read_file(DATASETS_DIR / "data" / "buurten_wijken_haarlem.gpkg", layer="buurten")
    points = gpd.GeoDataFrame(
        records[["categorie"]].astype(str),
        geometry=gpd.points_from_xy(records["x"], records["y"]),
        crs=28992,
    )
    joined = gpd.sjoin(points, regions.to_crs(28992), predicate="intersects")
    joined = joined[~joined.index.duplicated()]
    mapping = meldingen_spec.protection.anonymity.quasi_identifiers["categorie"].levels[0]
    joined["hoofd"] = joined["categorie"].map(mapping)
    return joined.groupby(["buurtcode", "hoofd"]).size()


def test_published_counts_equal_an_independent_recount(by_category, records, meldingen_spec):
    truth = _recount(records, meldingen_spec)
    table = by_category.table
    buurt = table[(table["regio_niveau"] == "buurt") & (table["hoofdcategorie"] != "totaal")]
    shown = buurt.dropna(subset=["aantal"])
    assert len(shown) > 0.7 * len(buurt)  # most buurt cells are published
    for row in shown.itertuples(index=False):
        assert row.aantal == truth.get((row.regio_code, row.hoofdcategorie), 0)
    gemeente = table[(table["regio_niveau"] == "gemeente") & (table["hoofdcategorie"] == "totaal")]
    assert int(gemeente["aantal"].iloc[0]) == len(records)


def test_no_small_count_is_published_and_every_region_has_a_row(by_category):
    table = by_category.table
    shown = table["aantal"].dropna()
    assert not ((shown > 0) & (shown < 5)).any()
    assert table["regio_code"].nunique() == 111 + 21 + 1  # every buurt, wijk and the gemeente
    summary = by_category.summary.to_dict()
    assert summary["n_primair"] > 0 and summary["n_secundair"] > 0
    assert summary["aandeel_gepubliceerd"] == pytest.approx(
        table["aantal"].notna().mean(), abs=1e-4
    )


def _independent_intervals(long: pd.DataFrame, dims: list[str], cells: list[int]):
    """min/max of chosen hidden cells given every published cell, the region sums, the totals
    and non-negativity: constraints written out from the long table, solved with linprog."""
    long = long.reset_index(drop=True)
    hidden = np.flatnonzero(long["aantal"].isna().to_numpy())
    var = {int(i): k for k, i in enumerate(hidden)}
    known = long["aantal"].astype("Float64").fillna(0).to_numpy(dtype=float)
    key = {tuple(r): i for i, r in enumerate(long[["regio_code", *dims]].itertuples(index=False))}
    equations = []  # each a list of (row, sign) summing to zero
    has_parent = long[long["bovenliggende_regio"].notna()]
    children = has_parent.groupby(["bovenliggende_regio", *dims]).groups
    for (parent, *values), rows in children.items():
        equations.append([(key[(parent, *values)], 1.0)] + [(int(r), -1.0) for r in rows])
    for dim in dims:
        others = [x for x in dims if x != dim]
        parts = long[long[dim] != "totaal"].groupby(["regio_code", *others]).groups
        for group, rows in parts.items():
            group = group if isinstance(group, tuple) else (group,)
            values = dict(zip(["regio_code", *others], group, strict=True))
            values[dim] = "totaal"
            total = key[(values["regio_code"], *(values[x] for x in dims))]
            equations.append([(total, 1.0)] + [(int(r), -1.0) for r in rows])
    A, b = [], []
    for eq in equations:
        if not any(r in var for r, _ in eq):
            continue
        coef = np.zeros(len(hidden))
        rhs = 0.0
        for r, s in eq:
            if r in var:
                coef[var[r]] += s
            else:
                rhs -= s * known[r]
        A.append(coef)
        b.append(rhs)
    out = {}
    for cell in cells:
        c = np.zeros(len(hidden))
        c[var[cell]] = 1.0
        lo = linprog(c, A_eq=np.array(A), b_eq=np.array(b), bounds=(0, None), method="highs")
        hi = linprog(-c, A_eq=np.array(A), b_eq=np.array(b), bounds=(0, None), method="highs")
        assert lo.status == 0 and hi.status in (0, 3)
        out[cell] = (lo.fun, np.inf if hi.status == 3 else -hi.fun)
    return out


def _truth_long(records, meldingen_spec, table_spec):
    from haarlem_opendata.protect.counts.aggregate import aggregate

    wide, layout = aggregate(
        records,
        table_spec,
        dict(meldingen_spec.protection.anonymity.quasi_identifiers),
        base_dir=DATASETS_DIR,
        source="t",
    )
    return to_long(wide, layout, table_spec)


def test_an_independent_attacker_pins_no_hidden_cell(by_category, records, meldingen_spec):
    table = by_category.table
    truth = _truth_long(records, meldingen_spec, _table_spec())["aantal"].to_numpy()
    hidden = [int(i) for i in np.flatnonzero(table["aantal"].isna().to_numpy())]
    intervals = _independent_intervals(table, ["hoofdcategorie"], hidden)
    for cell, (lo, hi) in intervals.items():
        assert lo - 1e-6 <= truth[cell] <= hi + 1e-6
        assert hi - lo > 1 - 1e-6  # not pinned
        if 0 < truth[cell] < 5:  # primary: at least the protection width
            assert hi - lo >= 5 - 1e-6


def test_the_audit_fails_when_a_hidden_cell_becomes_recomputable(
    by_category, records, meldingen_spec
):
    assert audit_published_counts(by_category.table, by_category.spec, by_category.primary).passed
    leaky = by_category.table.copy()
    # Publish the secondary cells: the primary cells they protected follow from the totals.
    primary = by_category.primary
    secondary = leaky["aantal"].isna() & ~primary["primair"]
    truth = _truth_long(records, meldingen_spec, _table_spec())["aantal"]
    leaky.loc[secondary, "aantal"] = truth[secondary]
    result = audit_published_counts(leaky, by_category.spec, primary)
    assert not result.passed
    assert not result.intervals.loc[result.intervals["kind"] == "primary", "wide_enough"].all()
    # A primary cell shown is refused outright.
    shown = by_category.table.copy()
    shown.loc[primary["primair"].to_numpy().nonzero()[0][:1], "aantal"] = 2
    with pytest.raises(ProtectionError, match="primair"):
        audit_published_counts(shown, by_category.spec, primary)


def test_wide_and_long_round_trip_and_relations_cover_every_total():
    layout = WideLayout(values=[["a", "b", "totaal"], ["x", "totaal"]], total_label="totaal")
    relations = layout.relations()
    # axis 0: one relation per value of axis 1 (x, totaal); axis 1: one per value of axis 0
    assert len(relations) == 2 + 3
    combos = layout.combos
    totals = {combos[int(r.total[1:])] for r in relations}
    assert totals == {("totaal", "x"), ("totaal", "totaal"), ("a", "totaal"), ("b", "totaal")}
    spec = _table_spec(dimensions=[{**CATEGORY, "name": "d1"}, {**MONTH, "name": "d2"}])
    wide = pd.DataFrame(
        {
            "regio_code": ["GM1", "BU1"],
            "regio_niveau": ["gemeente", "buurt"],
            "bovenliggende_regio": [None, "GM1"],
            **{f"n{j}": [j, j] for j in range(len(combos))},
        }
    )
    back, layout2 = to_wide(to_long(wide, layout, spec), spec)
    assert layout2.values == layout.values
    assert back[layout.columns].astype(int).equals(wide[layout.columns].astype(int))


def test_a_three_dimensional_table_is_protected_sub_table_by_sub_table(
    records, meldingen_spec, monkeypatch
):
    """Wijk × month × category with the sub-table path forced: the audit (and a sample checked by
    the independent attacker) passes."""
    monkeypatch.setattr(modular, "MAX_DENSE_CELLS", 1)
    from haarlem_opendata.protect.cells import suppress

    monkeypatch.setattr(suppress, "MAX_DENSE_CELLS", 1)
    table_spec = _table_spec(
        region={"hierarchy": "locatie", "levels": ["wijkcode", "gemeentecode"]},
        dimensions=[MONTH, CATEGORY],
    )
    result = _protect(records, meldingen_spec, table_spec)
    assert audit_published_counts(result.table, table_spec, result.primary).passed
    truth = _truth_long(records, meldingen_spec, table_spec)["aantal"].to_numpy()
    hidden = np.flatnonzero(result.table["aantal"].isna().to_numpy())
    primary = [int(i) for i in hidden if 0 < truth[i] < 5][:15]
    intervals = _independent_intervals(result.table, ["maand", "hoofdcategorie"], primary)
    assert all(hi - lo >= 5 - 1e-6 for lo, hi in intervals.values())


def test_a_count_table_on_an_undeclared_hierarchy_is_refused_on_load():
    from haarlem_opendata.spec import ProtectionSpec

    with pytest.raises(ValidationError, match="not declared"):
        ProtectionSpec.model_validate(
            {
                "anonymity": {
                    "k": 5,
                    "quasi_identifiers": {
                        "categorie": {"kind": "categories", "levels": [{"a": "b"}]}
                    },
                },
                "count_tables": [_table_spec().model_dump()],
            }
        )


def test_an_unknown_dimension_level_names_the_file(records, meldingen_spec):
    table_spec = _table_spec(dimensions=[{**MONTH, "level": "fortnight"}])
    with pytest.raises(SpecError, match="fortnight"):
        _protect(records.head(200), meldingen_spec, table_spec)
