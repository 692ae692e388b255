"""Rows next to their own count table: what counting the published rows adds to the table.

The independent attacker here is written out from the published files alone: one unknown per
(class, buurt, month) that the class's *labels* allow (a wijk code allows the buurten the table
lists under it, a year allows every month), one per (buurt, month) for the records left out of
the rows, every published cell of the long table as the sum of the unknowns below it, every
class as the sum of its unknowns — scipy's ``linprog``, not the project's system or its HiGHS
wrapper. Two feasible points at least the width apart prove an interval wide enough; a cell
not proven that way gets its own min and max LP.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
from scipy.optimize import linprog

from haarlem_opendata import stages
from haarlem_opendata.catalog import load_catalog
from haarlem_opendata.checks import run_check
from haarlem_opendata.errors import ProtectionError
from haarlem_opendata.protect.cells import suppress_cells
from haarlem_opendata.protect.counts.joint import RowsSystem, audit_rows
from haarlem_opendata.protect.counts.protect import PRIMARY
from haarlem_opendata.protect.counts.shape import REGION, to_long, to_wide
from haarlem_opendata.protect.counts.wide import wide_counts
from haarlem_opendata.protect.counts.with_rows import hide_until_safe
from haarlem_opendata.spec import CountTableSpec
from tests.conftest import PROJECT_ROOT

WIDTH = 5
TABLE = CountTableSpec.model_validate(
    {
        "name": "per-buurt-maand",
        "title": "Aantal per buurt en maand",
        "description": "Een ontworpen geval.",
        "region": {
            "hierarchy": "locatie",
            "levels": ["buurtcode", "wijkcode"],
            "level_names": {"buurtcode": "buurt", "wijkcode": "wijk"},
        },
        "dimensions": [
            {
                "name": "maand",
                "title": "Maand",
                "hierarchy": "tijdstip",
                "level": 0,
                "description": "Maand.",
            }
        ],
        "count": {"name": "aantal", "title": "Aantal", "description": "Aantal."},
        "threshold": WIDTH,
    }
)


def independent_intervals(
    table: pd.DataFrame,
    rows: pd.DataFrame,
    n_outside: int,
    targets: list[int],
    *,
    month_column: str = "maand",
    location: str = "locatie",
    time: str = "tijdstip",
) -> dict[int, tuple[float, float]]:
    """Interval (lower, upper) of the long-table rows ``targets`` — or (0, ≥ WIDTH) where two
    feasible points already prove it wide enough."""
    total = "totaal"
    code, level, parent = "regio_code", "regio_niveau", "bovenliggende_regio"
    parents = dict(zip(table[code].astype(str), table[parent].astype(str), strict=True))
    children: dict[str, list[str]] = {}
    for child, up in parents.items():
        children.setdefault(up, []).append(child)

    def buurten_below(region: str) -> list[str]:
        kids = children.get(region, [])
        return [region] if not kids else [b for k in kids for b in buurten_below(k)]

    finest_level = table[level].iloc[-1]
    buurten = sorted(set(table.loc[table[level] == finest_level, code].astype(str)))
    months = sorted(set(table[month_column].astype(str)) - {total})
    cell = {(b, m): i for i, (b, m) in enumerate((b, m) for b in buurten for m in months)}

    labels = rows[[location, time]].astype(str)
    classes = labels.value_counts()
    unknowns: list[tuple[int, int]] = []  # (class or -1 for the rows left out, cell)
    for x, (where, when) in enumerate(classes.index):
        where_ok = buurten_below(where)
        when_ok = [m for m in months if m == when or m.startswith(when + "-") or when == total]
        unknowns += [(x, cell[(b, m)]) for b in where_ok for m in when_ok if (b, m) in cell]
    unknowns += [(-1, c) for c in range(len(cell))]
    n = len(unknowns)
    of_cell = sp.csr_matrix(
        (np.ones(n), ([c for _, c in unknowns], np.arange(n))), shape=(len(cell), n)
    )
    rows_eq, rhs = [], []
    for x, count in enumerate(classes.to_numpy()):
        rows_eq.append(sp.csr_matrix(np.array([[u == x for u, _ in unknowns]], dtype=float)))
        rhs.append(float(count))
    rows_eq.append(sp.csr_matrix(np.array([[u == -1 for u, _ in unknowns]], dtype=float)))
    rhs.append(float(n_outside))

    def cells_of(i: int) -> list[int]:
        r = table.iloc[i]
        ms = months if str(r[month_column]) == total else [str(r[month_column])]
        return [cell[(b, m)] for b in buurten_below(str(r[code])) for m in ms]

    values = pd.to_numeric(table[table.columns[-1]], errors="coerce").to_numpy(dtype=float)
    for i in np.flatnonzero(~np.isnan(values)):
        pick = np.zeros(len(cell))
        pick[cells_of(int(i))] = 1.0
        rows_eq.append(sp.csr_matrix(pick @ of_cell))
        rhs.append(values[i])
    A, b = sp.vstack(rows_eq).tocsr(), np.array(rhs)

    def objective(i: int) -> np.ndarray:
        pick = np.zeros(len(cell))
        pick[cells_of(i)] = 1.0
        return np.asarray(pick @ of_cell).ravel()

    def solve(c):
        result = linprog(c, A_eq=A, b_eq=b, bounds=(0, None), method="highs")
        assert result.status == 0, result.message
        return result.x

    objectives = {i: objective(i) for i in targets}
    combined = sum(objectives.values())
    seen = [solve(combined), solve(-combined)]
    out = {}
    for i, c in objectives.items():
        points = [c @ x for x in seen]
        if max(points) - min(points) >= WIDTH - 1e-6:
            out[i] = (min(points), max(points))
            continue
        out[i] = (c @ solve(c), c @ solve(-c))
    return out


# --- a designed case: each table passes alone, together they pin a buurt ------------------------


def _designed():
    """Wijk W with buurten B1, B2, B3 and two months. Rows: B1 and B2 in month 1 published only
    at wijk level (5 meldingen: 3 + 2), everything else per buurt and month."""
    truth = {("B1", "m1"): 3, ("B2", "m1"): 2, ("B3", "m1"): 6}
    truth |= {("B1", "m2"): 6, ("B2", "m2"): 8, ("B3", "m2"): 9}
    rows = [("W", "m1")] * 5
    rows += [(b, m) for (b, m), n in truth.items() if not (m == "m1" and b in ("B1", "B2"))
             for _ in range(n)]  # fmt: skip
    rows_frame = pd.DataFrame(rows, columns=["locatie", "tijdstip"])
    long = []
    for region, up, buurten in [("W", None, ["B1", "B2", "B3"])] + [
        (b, "W", [b]) for b in ["B1", "B2", "B3"]
    ]:
        for month in ["m1", "m2", "totaal"]:
            months = ["m1", "m2"] if month == "totaal" else [month]
            long.append(
                {
                    "regio_code": region,
                    "regio_niveau": "wijk" if up is None else "buurt",
                    "bovenliggende_regio": up,
                    "maand": month,
                    "aantal": sum(truth[(b, m)] for b in buurten for m in months),
                }
            )
    return pd.DataFrame(long), rows_frame


def _protect_alone(long: pd.DataFrame):
    wide, layout = to_wide(long, TABLE)
    result = suppress_cells(
        wide,
        region=REGION,
        counts=layout.columns,
        relations=layout.relations(),
        threshold=WIDTH,
    )
    assert result.passed  # the table alone passes its own audit
    published = to_long(result.table, layout, TABLE)
    mask = wide[["regio_code", "regio_niveau", "bovenliggende_regio"]].copy()
    for column in layout.columns:
        mask[column] = result.primary[column].to_numpy().astype("int64")
    primary = to_long(mask, layout, TABLE).rename(columns={"aantal": PRIMARY})
    primary[PRIMARY] = primary[PRIMARY].astype(bool)
    return published, primary


def _system(counts, rows: pd.DataFrame) -> RowsSystem:
    """The pair structure by label meaning (W → its three buurten), as the attacker reads it."""
    keys = rows.astype(str).agg(" | ".join, axis=1)
    classes = sorted(set(keys))
    codes = counts.wide["regio_code"].astype(str).tolist()
    m = counts.model.n_cols
    months = [c[0] for c in counts.layout.combos]
    pair_class, pair_cell = [], []
    for x, key in enumerate(classes):
        where, when = key.split(" | ")
        for b in ["B1", "B2", "B3"] if where == "W" else [where]:
            pair_class.append(x)
            pair_cell.append(codes.index(b) * m + months.index(when))
    finest = sorted(codes.index(b) * m + months.index(mo) for b in ["B1", "B2", "B3"]
                    for mo in ["m1", "m2"])  # fmt: skip
    return RowsSystem(
        dataset="ontwerp",
        table=TABLE.name,
        qis=["locatie", "tijdstip"],
        classes=classes,
        pair_class=np.array(pair_class),
        pair_cell=np.array(pair_cell),
        finest=np.array(finest),
        n_outside=0,
    )


def _primary_rows(published: pd.DataFrame, primary: pd.DataFrame) -> list[int]:
    return [int(i) for i in np.flatnonzero(primary[PRIMARY].to_numpy())]


def test_the_rows_pin_a_cell_the_table_alone_protects_and_more_hiding_makes_both_safe():
    long, rows = _designed()
    published, primary = _protect_alone(long)
    targets = _primary_rows(published, primary)
    assert len(targets) == 2  # B1 and B2 in month 1 (3 and 2)

    # the table alone: wide enough for the independent attacker too (no rows known)
    alone = independent_intervals(published, rows.iloc[:0], int(long["aantal"].iloc[2]), targets)
    assert all(hi - lo >= WIDTH - 1e-6 for lo, hi in alone.values())
    # with the rows: pinned
    together = independent_intervals(published, rows, 0, targets)
    assert any(hi - lo < 1e-6 for lo, hi in together.values())

    counts = wide_counts(published, primary, TABLE)
    system = _system(counts, rows)
    class_counts = system.class_counts(rows)
    report, _, _ = audit_rows(
        system, counts.model, counts.values, counts.primary, class_counts, width=WIDTH,
        cell_label=counts.label,
    )  # fmt: skip
    assert not report.passed
    assert {f.label for f in report.findings} >= {"B2 | m1"}
    assert report.findings[0].publications == (
        "ontwerp: rijen",
        "ontwerp: teltabel per-buurt-maand",
    )

    extra, after = hide_until_safe(system, counts, class_counts, TABLE)
    assert after.passed and extra
    wide = counts.wide.copy()
    grid = wide[counts.layout.columns].to_numpy(dtype=float)
    for c in extra:
        grid[divmod(c, counts.model.n_cols)] = np.nan
    wide[counts.layout.columns] = grid
    safer = to_long(wide, counts.layout, TABLE)
    checked = independent_intervals(safer, rows, 0, targets)
    assert all(hi - lo >= WIDTH - 1e-6 for lo, hi in checked.values()), checked


def test_with_no_room_left_the_error_names_both_publications_the_cell_and_the_rule():
    long, rows = _designed()
    published, primary = _protect_alone(long)
    counts = wide_counts(published, primary, TABLE)
    system = _system(counts, rows)
    tight = TABLE.model_copy(update={"joint_rounds": 1})
    with pytest.raises(ProtectionError) as error:
        hide_until_safe(system, counts, system.class_counts(rows), tight)
    message = str(error.value)
    assert "rijen en teltabel per-buurt-maand" in message
    assert "| m1" in message and "1 t/m 4" in message and "niets wordt gepubliceerd" in message


def test_rows_that_differ_from_the_audited_ones_are_refused():
    long, rows = _designed()
    published, primary = _protect_alone(long)
    system = _system(wide_counts(published, primary, TABLE), rows)
    other = rows.copy()
    other.loc[0, "locatie"] = "B1"
    with pytest.raises(ValueError, match="andere klassen"):
        system.class_counts(other)


# --- the embedded default: meldingen rows and their count table ---------------------------------


@pytest.fixture(scope="module")
def meldingen(tmp_path_factory):
    from haarlem_opendata.settings import Settings

    root = tmp_path_factory.mktemp("rows")
    settings = Settings(work_dir=root / "work", portal_dir=root / "portal")
    spec = load_catalog(PROJECT_ROOT / "datasets")["meldingen"]
    raws = {s: stages.load_raw(spec, s, settings=settings) for s in spec.sources}
    records = stages.combine_sources(spec, raws)
    return spec, records, stages.protect(spec, records, settings=settings)


def test_the_embedded_meldingen_publish_rows_and_counts_that_reveal_no_small_count_together(
    meldingen,
):
    spec, records, protected = meldingen
    table_spec = spec.protection.count_tables[0]
    summary = protected.protection.count_tables[0]
    assert summary.with_rows and summary.passed
    outcome = run_check("count_tables_audit", spec, protected)
    assert outcome.passed
    joint = outcome.metadata["teltabellen"][table_spec.name]["met_rijen"]
    assert joint["audit_geslaagd"] and joint["n_delen"] > 1000

    table = protected.count_tables[table_spec.name]
    primary = protected.internal["count_tables_primary"][table_spec.name]
    targets = [int(i) for i in np.flatnonzero(primary[PRIMARY].to_numpy())]
    assert len(targets) > 100
    n_outside = len(records) - len(protected.table)
    checked = independent_intervals(table, protected.table, n_outside, targets)
    narrow = {i: v for i, v in checked.items() if v[1] - v[0] < table_spec.width - 1e-6}
    assert narrow == {}


def test_the_blocking_check_fails_on_the_count_table_protected_without_the_rows(meldingen):
    """The table its own protection made (before the remedy hid more) passes alone but not with
    the rows: the check re-audits what is published, so that table would be blocked."""
    from dataclasses import replace

    from haarlem_opendata.protect.counts.protect import protect_counts

    spec, records, protected = meldingen
    table_spec = spec.protection.count_tables[0]
    assert protected.protection.count_tables[0].n_hidden_for_rows > 0
    alone = protect_counts(
        records,
        table_spec,
        dict(spec.protection.anonymity.quasi_identifiers),
        base_dir=PROJECT_ROOT / "datasets",
        source="meldingen",
    )
    unsafe = replace(protected, count_tables={table_spec.name: alone.table})
    outcome = run_check("count_tables_audit", spec, unsafe)
    assert not outcome.passed
    result = outcome.metadata["teltabellen"][table_spec.name]
    assert result["audit_geslaagd"]  # the table alone passes its own audit
    joint = result["met_rijen"]
    assert not joint["audit_geslaagd"] and joint["n_bevindingen"] >= 1
    assert joint["bevindingen"][0]["publicaties"] == [
        "meldingen: rijen",
        "meldingen: teltabel per-buurt-maand",
    ]


def test_without_usable_duals_the_remedy_hides_the_cells_next_to_the_pinned_one(monkeypatch):
    """An LP without a usable optimum gives no gains; the remedy then hides the published cells
    of the pinned cell's own equations rather than giving up."""
    from haarlem_opendata.protect.counts import joint_remedy

    long, rows = _designed()
    published, primary = _protect_alone(long)
    counts = wide_counts(published, primary, TABLE)
    system = _system(counts, rows)
    report, joint, missing = audit_rows(
        system, counts.model, counts.values, counts.primary, system.class_counts(rows),
        width=WIDTH, cell_label=counts.label,
    )  # fmt: skip
    assert not report.passed
    with_duals = joint_remedy.widen_joint(joint, missing)
    monkeypatch.setattr(joint_remedy, "_gains", lambda *args: {})
    without = joint_remedy.widen_joint(joint, missing)
    assert without and all(not np.isnan(counts.values[c]) for c in without)
    assert with_duals  # the duals point somewhere in this case too
    pinned = joint.hidden[np.flatnonzero(missing > 0)]
    for cell in without:  # each shares an equation of the table with a pinned cell
        shared = joint.A[:, [cell]].T @ (abs(joint.A[:, pinned]) > 0)
        assert shared.nnz > 0
