"""A count table next to the count tables already public for the same records.

Cases: a new layout (buurt × maand) published while the earlier release counted buurt × maand ×
hoofdcategorie; a correction of the same layout with a different suppression pattern; a layout
the audit cannot know; and the real stages (package, then protect again).

The independent attacker here is written from the published files and what their labels mean:
one unknown per (buurt, value of every dimension any file has), a row of a file is the sum of the
unknowns below its region (read from the files' parent column) with its dimension values ("totaal"
or a dimension the file does not have: all values) — scipy's ``linprog``, not the project's
units, system or HiGHS wrapper.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
from scipy.optimize import linprog

from haarlem_opendata import stages
from haarlem_opendata.catalog import load_catalog
from haarlem_opendata.checks import required_checks, run_check
from haarlem_opendata.errors import ProtectionError
from haarlem_opendata.protect.counts.aggregate import aggregate
from haarlem_opendata.protect.counts.joint import _dimension_values
from haarlem_opendata.protect.counts.protect import PRIMARY, protect_counts
from haarlem_opendata.protect.counts.releases import (
    PublicCounts,
    audit_releases,
    build_releases_system,
    earlier_count_tables,
)
from haarlem_opendata.protect.counts.shape import to_long
from haarlem_opendata.protect.counts.wide import wide_counts
from haarlem_opendata.protect.counts.with_releases import protect_with_releases
from haarlem_opendata.protect.earlier import PublishedVersion
from haarlem_opendata.protect.pipeline import ProtectedTable
from tests.conftest import PROJECT_ROOT

DATASETS = PROJECT_ROOT / "datasets"
TOTAL = "totaal"
CODE, LEVEL, PARENT = "regio_code", "regio_niveau", "bovenliggende_regio"


def attacker_intervals(
    files: list[tuple[pd.DataFrame, list[str], str]], targets: list[tuple[int, int]], width: int
) -> dict[tuple[int, int], tuple[float, float]]:
    """Interval of row ``i`` of file ``f`` for each target (f, i); (lo, hi) with hi - lo ≥
    ``width`` may come from two feasible points only. ``files``: (long table, its dimension
    columns, its count column); a value that does not equal today's truth is given as NaN."""
    parents: dict[str, str] = {}
    for table, _, _ in files:
        parents |= dict(zip(table[CODE].astype(str), table[PARENT].astype(str), strict=True))
    children: dict[str, list[str]] = {}
    for child, up in parents.items():
        children.setdefault(up, []).append(child)

    def leaves(region: str) -> list[str]:
        kids = children.get(region, [])
        return [region] if not kids else [b for k in kids for b in leaves(k)]

    buurten = sorted({b for code in parents for b in leaves(code)})
    dims = sorted({d for _, names, _ in files for d in names})
    values = {
        d: sorted({str(v) for t, names, _ in files if d in names for v in t[d]} - {TOTAL})
        for d in dims
    }
    shape = [len(buurten), *(len(values[d]) for d in dims)]
    n = int(np.prod(shape))
    grid = np.arange(n).reshape(shape)
    b_at = {b: i for i, b in enumerate(buurten)}

    def columns(table, names, i) -> np.ndarray:
        row = table.iloc[i]
        pick = [np.array([b_at[b] for b in leaves(str(row[CODE]))])]
        for d in dims:
            if d not in names or str(row[d]) == TOTAL:
                pick.append(np.arange(len(values[d])))
            else:
                pick.append(np.array([values[d].index(str(row[d]))]))
        return grid[np.ix_(*pick)].ravel()

    rows, cols, b = [], [], []
    for table, names, count in files:
        shown = pd.to_numeric(table[count], errors="coerce").to_numpy(dtype=float)
        for i in np.flatnonzero(~np.isnan(shown)):
            at = columns(table, names, int(i))
            rows += [len(b)] * len(at)
            cols += at.tolist()
            b.append(shown[i])
    A = sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(b), n))
    b = np.array(b)

    def solve(c):
        result = linprog(c, A_eq=A, b_eq=b, bounds=(0, None), method="highs")
        assert result.status == 0, result.message
        return result.x

    objectives = {}
    for t in targets:
        c = np.zeros(n)
        c[columns(files[t[0]][0], files[t[0]][1], t[1])] = 1.0
        objectives[t] = c
    combined = sum(objectives.values())
    seen = [solve(combined), solve(-combined)]
    out = {}
    for t, c in objectives.items():
        points = [c @ x for x in seen]
        if max(points) - min(points) >= width - 1e-6:
            out[t] = (min(points), max(points))
        else:
            out[t] = (c @ solve(c), c @ solve(-c))
    return out


# --- the busiest wijk of the embedded meldingen: small enough for the independent attacker -----


@pytest.fixture(scope="module")
def one_wijk(tmp_path_factory):
    """A year of meldingen in the wijk with the most (the other regions count 0)."""
    from haarlem_opendata.settings import Settings

    root = tmp_path_factory.mktemp("releases")
    settings = Settings(work_dir=root / "work", portal_dir=root / "portal")
    spec = load_catalog(DATASETS)["meldingen"]
    raws = {s: stages.load_raw(spec, s, settings=settings) for s in spec.sources}
    records = stages.combine_sources(spec, raws)
    hierarchies = dict(spec.protection.anonymity.quasi_identifiers)
    wijk, _ = _dimension_values(records, "locatie", hierarchies, "wijkcode", DATASETS, "m")
    records = records[wijk == pd.Series(wijk).value_counts().index[0]].reset_index(drop=True)
    table = spec.protection.count_tables[0]
    category = {
        "name": "hoofdcategorie",
        "title": "Hoofdcategorie",
        "hierarchy": "categorie",
        "level": 1,
        "description": "De hoofdcategorie.",
    }
    cube = table.model_copy(
        update={
            "name": "per-buurt-maand-hoofdcategorie",
            "dimensions": [*table.dimensions, type(table.dimensions[0]).model_validate(category)],
        }
    )
    return records, hierarchies, table, cube


def _protect(records, spec, hierarchies):
    return protect_counts(records, spec, hierarchies, base_dir=DATASETS, source="meldingen")


def _truth_long(records, spec, hierarchies) -> pd.DataFrame:
    wide, layout = aggregate(records, spec, hierarchies, base_dir=DATASETS, source="meldingen")
    return to_long(wide, layout, spec)


def _small_hidden(published: pd.DataFrame, truth: pd.DataFrame, spec) -> list[int]:
    """Rows hidden in ``published`` whose true count is 1 to threshold - 1 (today)."""
    count = spec.count.name
    shown = pd.to_numeric(published[count], errors="coerce")
    real = truth[count].astype(float)
    small = (real >= 1) & (real < spec.threshold) & shown.isna()
    return [int(i) for i in np.flatnonzero(small.to_numpy())]


def _system(records, protected, others, hierarchies):
    counts = wide_counts(protected.table, protected.primary, protected.spec)
    return counts, build_releases_system(
        records,
        counts,
        protected.spec,
        others,
        hierarchies,
        base_dir=DATASETS,
        source="meldingen",
        dataset="meldingen",
    )


def test_a_new_layout_next_to_the_earlier_cube_is_blocked_then_made_safe(one_wijk):
    records, hierarchies, table, cube = one_wijk
    old = _protect(records, cube, hierarchies)
    new = _protect(records, table, hierarchies)
    assert old.summary.passed and new.summary.passed  # each passes its own audit
    files = [
        (new.table, ["maand"], table.count.name),
        (old.table, ["maand", "hoofdcategorie"], cube.count.name),
    ]
    mine = [(0, i) for i in np.flatnonzero(new.primary[PRIMARY].to_numpy())]
    theirs = [
        (1, i) for i in _small_hidden(old.table, _truth_long(records, cube, hierarchies), cube)
    ]
    # the independent attacker with both files narrows a small hidden count below the width
    before = attacker_intervals(files, mine + theirs, table.width)
    narrow = [t for t, (lo, hi) in before.items() if hi - lo < table.width - 1e-6]
    assert narrow

    others = [PublicCounts("meldingen 1.0.0: teltabel kubus", cube, old.table)]
    counts, system = _system(records, new, others, hierarchies)
    report, _, _ = audit_releases(system, counts, table)
    assert not report.passed and report.findings
    assert report.publications == ["meldingen: teltabel per-buurt-maand", others[0].label]

    safe, system = protect_with_releases(
        new, records, others, hierarchies, base_dir=DATASETS, source="m", dataset="meldingen"
    )
    assert safe.summary.with_earlier == [others[0].label]
    assert safe.summary.n_hidden_for_earlier > 0
    hidden_before = pd.to_numeric(new.table[table.count.name], errors="coerce").isna()
    hidden_after = pd.to_numeric(safe.table[table.count.name], errors="coerce").isna()
    assert (hidden_before <= hidden_after).all()  # only more hidden, same values otherwise

    files[0] = (safe.table, ["maand"], table.count.name)
    after = attacker_intervals(files, mine + theirs, table.width)
    narrow = {t: v for t, v in after.items() if v[1] - v[0] < table.width - 1e-6}
    assert narrow == {}

    # the blocking check re-audits the table it is given: the unremedied one fails
    def protected_with(count_table) -> ProtectedTable:
        return ProtectedTable(
            table=pd.DataFrame(),
            internal={
                "count_tables_primary": {table.name: new.primary},
                "count_tables_releases": {table.name: system},
            },
            count_tables={table.name: count_table},
        )

    spec = load_catalog(DATASETS)["meldingen"]
    failing = run_check("count_tables_audit", spec, protected_with(new.table))
    passing = run_check("count_tables_audit", spec, protected_with(safe.table))
    assert not failing.passed and passing.passed
    joint = passing.metadata["teltabellen"][table.name]["met_eerdere_publicaties"]
    assert joint["audit_geslaagd"] and joint["getoetst_tegen"][1] == others[0].label


def test_a_correction_with_another_pattern_is_audited_with_the_earlier_version(one_wijk):
    """Version 1.0.0 published; three meldingen move to another buurt (a correction of the
    location), and the corrected table is suppressed on its own: its pattern differs. Together
    with 1.0.0 (for cells whose value the correction left alone) it must stay safe. A sample of
    900 meldingen, so that buurt × maand has small cells."""
    records, hierarchies, table, _ = one_wijk
    records = records.sample(900, random_state=7).reset_index(drop=True)
    first = _protect(records, table, hierarchies)
    truth = _truth_long(records, table, hierarchies)
    # three meldingen of a buurt with 5 to 7 in April move to another buurt: it becomes small
    buurt, _ = _dimension_values(records, "locatie", hierarchies, "buurtcode", DATASETS, "m")
    month = pd.to_datetime(records["tijdstip"]).dt.strftime("%Y-%m").to_numpy()
    april = pd.Series(buurt[month == "2025-04"]).value_counts()
    source_buurt = april[(april >= 5) & (april <= 7)].index[0]
    elsewhere = np.flatnonzero(buurt != source_buurt)[0]
    picked = np.flatnonzero((buurt == source_buurt) & (month == "2025-04"))[:3]
    moved = records.copy()
    moved.loc[picked, ["x", "y"]] = records.loc[elsewhere, ["x", "y"]].to_numpy()
    corrected_truth = _truth_long(moved, table, hierarchies)
    assert not corrected_truth[table.count.name].equals(truth[table.count.name])
    second = _protect(moved, table, hierarchies)
    hidden = [
        pd.to_numeric(t.table[table.count.name], errors="coerce").isna() for t in (first, second)
    ]
    assert not hidden[0].equals(hidden[1])  # another suppression pattern
    others = [PublicCounts("meldingen 1.0.0: teltabel per-buurt-maand", table, first.table)]
    safe, system = protect_with_releases(
        second, moved, others, hierarchies, base_dir=DATASETS, source="m", dataset="meldingen"
    )
    assert safe.summary.with_earlier == [others[0].label]
    # made consistent: the pattern only grows (what 1.0.0 hid stays hidden)
    assert (hidden[0] <= pd.to_numeric(safe.table[table.count.name], errors="coerce").isna()).all()
    kept = system.kept[0]
    assert 0 < kept.sum() < np.isfinite(wide_counts(first.table, None, table).values).sum()

    # the attacker uses 1.0.0's values where they equal today's truth
    earlier = first.table.copy()
    old = pd.to_numeric(earlier[table.count.name], errors="coerce")
    changed = old.to_numpy() != corrected_truth[table.count.name].to_numpy(dtype=float)
    earlier[table.count.name] = old.where(~changed)
    files = [
        (safe.table, ["maand"], table.count.name),
        (earlier, ["maand"], table.count.name),
    ]
    mine = [(0, i) for i in np.flatnonzero(second.primary[PRIMARY].to_numpy())]
    theirs = [(1, i) for i in _small_hidden(first.table, corrected_truth, table)]
    already = {int(c) for c in system.already_public}
    counts = wide_counts(safe.table, second.primary, table)
    order = counts.wide[CODE].astype(str).tolist()
    n_cols = counts.model.n_cols
    months = [c[0] for c in counts.layout.combos]

    def flat(i: int) -> int:
        row = safe.table.iloc[i]
        return order.index(str(row[CODE])) * n_cols + months.index(str(row["maand"]))

    mine = [t for t in mine if flat(t[1]) not in already]  # public since 1.0.0: not promised
    after = attacker_intervals(files, mine + theirs, table.width)
    narrow = {t: v for t, v in after.items() if v[1] - v[0] < table.width - 1e-6}
    assert narrow == {}


def test_when_earlier_versions_already_reveal_a_cell_the_error_names_them_and_the_rule(one_wijk):
    """1.0.0 (the cube) and 1.1.0 (buurt × maand, protected on its own) are both on disk and
    together pin a cube cell: hiding more in 1.2.0 cannot take that back, so nothing is
    published and the message says what to withdraw."""
    records, hierarchies, table, cube = one_wijk
    old = _protect(records, cube, hierarchies)
    new = _protect(records, table, hierarchies)
    others = [
        PublicCounts("meldingen 1.0.0: teltabel kubus", cube, old.table),
        PublicCounts("meldingen 1.1.0: teltabel per-buurt-maand", table, new.table),
    ]
    with pytest.raises(ProtectionError) as error:
        protect_with_releases(
            new, records, others, hierarchies, base_dir=DATASETS, source="m", dataset="meldingen"
        )
    message = str(error.value)
    assert "samen met meldingen 1.0.0: teltabel kubus, meldingen 1.1.0" in message
    assert "1 t/m 4" in message and "niets wordt gepubliceerd" in message
    assert "nooit op het portaal" in message  # what the steward can still do


def test_an_earlier_table_counted_over_a_hierarchy_this_dataset_does_not_declare_blocks(one_wijk):
    records, hierarchies, table, cube = one_wijk
    old = _protect(records, cube, hierarchies)
    dims = [cube.dimensions[0], cube.dimensions[1].model_copy(update={"hierarchy": "thema"})]
    unknown = cube.model_copy(update={"dimensions": dims})
    new = _protect(records, table, hierarchies)
    others = [PublicCounts("meldingen 0.9.0: teltabel kubus", unknown, old.table)]
    with pytest.raises(ProtectionError, match="0.9.0.*hiërarchie thema is niet gedeclareerd"):
        protect_with_releases(
            new, records, others, hierarchies, base_dir=DATASETS, source="m", dataset="meldingen"
        )


def test_an_earlier_count_table_whose_layout_cannot_be_known_blocks(tmp_path):
    """A bundle from before resources carried their layout, with columns that are not the
    declared table's (it counted per hoofdcategorie too): refused, not guessed."""
    spec = load_catalog(DATASETS)["meldingen"]
    folder = tmp_path / "meldingen" / "0.9.0"
    folder.mkdir(parents=True)
    name = f"meldingen-{spec.protection.count_tables[0].name}"
    pd.DataFrame(
        {CODE: ["GM0392"], LEVEL: ["gemeente"], PARENT: [""], "maand": [TOTAL]}
        | {"hoofdcategorie": [TOTAL], "aantal_meldingen": ["40000"]}
    ).to_csv(folder / f"{name}.csv", index=False)
    package = {"resources": [{"name": name, "path": f"{name}.csv", "format": "csv"}]}
    (folder / "datapackage.json").write_text(json.dumps(package))
    version = PublishedVersion("meldingen", "0.9.0", folder)
    with pytest.raises(ProtectionError, match="indeling .* is onbekend.*dezelfde indeling"):
        earlier_count_tables(version, spec.protection.count_tables)


# --- the real stages: a second run finds the first version on disk ----------------------------


def test_the_stages_audit_a_count_table_with_the_version_already_on_disk(workspace):
    spec = load_catalog(workspace.datasets_dir)["meldingen"]
    raws = {s: stages.load_raw(spec, s, settings=workspace) for s in spec.sources}
    source = stages.combine_sources(spec, raws)
    first = stages.protect(spec, source, settings=workspace)
    assert first.protection.count_tables[0].with_earlier is None  # nothing public yet
    for name in required_checks(spec):
        assert stages.run_and_record_check(spec, name, first, settings=workspace).passed, name
    stages.package(spec, first, run_id="versie-1", settings=workspace)
    earlier = stages.earlier_counts(spec, settings=workspace)
    assert [e.label for e in earlier] == ["meldingen 1.0.0: teltabel meldingen-per-buurt-maand"]
    assert earlier[0].spec == spec.protection.count_tables[0].model_copy(
        update={"joint_rounds": earlier[0].spec.joint_rounds}
    )  # the layout came from the bundle (x-teltabel)

    second = stages.protect(spec, source, settings=workspace)
    summary = second.protection.count_tables[0]
    assert summary.with_earlier == [earlier[0].label] and summary.n_hidden_for_earlier == 0
    name = spec.protection.count_tables[0].name
    assert second.count_tables[name].equals(first.count_tables[name])  # same data, same table
    outcome = run_check("count_tables_audit", spec, second)
    assert outcome.passed
    joint = outcome.metadata["teltabellen"][name]["met_eerdere_publicaties"]
    assert joint["audit_geslaagd"] and joint["n_delen"] > 500
    for check in required_checks(spec):
        assert stages.run_and_record_check(spec, check, second, settings=workspace).passed
    bundle = stages.package(spec, second, run_id="versie-1-opnieuw", settings=workspace)
    note = (bundle.path / "privacy.md").read_text(encoding="utf-8")
    assert f"samen getoetst met de teltabellen die al openbaar zijn ({earlier[0].label})" in note
