"""Records next to their own count tables: what the two published resources reveal together.

A dataset that publishes k-anonymous records *and* a protected count table of the same records
(meldingen: the rows, and the counts per buurt × maand × hoofdcategorie) gives an attacker two
views of one population. Counting the published rows gives, per *class* (the published,
generalised labels: "2025, BU03920106, Overlast"), how many records it holds; the count table
gives how many records lie in each cell. A hidden count can then follow from the rows: a buurt's
yearly total per category, summed from the rows, minus its published months.

The system is the linkage audit's (``cell = Σ parts``), with one unknown per *(class, compatible
cell)* pair — how many of the class's records lie in that finest cell of the count table — also
where the true number is 0: the attacker does not know which compatible cells are empty. Records
left out of the published rows (suppressed) form one hidden class compatible with every cell.
A hidden count cell with a small true value (1 … threshold − 1) must keep an interval at least
the threshold wide; that is the rule the count table promises.

This is a MEASUREMENT, not part of the pipeline: on the embedded meldingen it finds hidden count
cells that the rows give away (see the README, *Linkage audit*, and the issue-15 note), and the
remedy (hide more count cells, or generalise the rows further where they cross a hidden cell) is
not built yet. Run it with

    uv run python benchmarks/linkage_records.py [--out benchmarks/results/linkage_records.json]
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
import pandas as pd
import scipy.sparse as sp

from haarlem_opendata.protect.anonymity.hierarchy import build_hierarchy
from haarlem_opendata.protect.counts.aggregate import _level, _row_labels
from haarlem_opendata.protect.linkage.audit import LinkageReport, audit_linkage
from haarlem_opendata.protect.linkage.cells import CellSet
from haarlem_opendata.spec import REGION_COLUMNS, CountTableSpec

SUPPRESSED = "(niet gepubliceerde rijen)"


@dataclass
class _Dimension:
    qi: str  # the quasi-identifier column the records publish it in
    cell_value: np.ndarray  # per record: its value at the count table's level
    compatible: list[dict[str, set[str]]]  # per record: published label → count-level values


def _dimension(records, qi: str, hierarchies, count_level, base_dir, source) -> tuple:
    """Per record: the count-table value, and per level the label (to place published labels)."""
    encoded = build_hierarchy(hierarchies[qi], base_dir).encode(records, qi, source)
    level = _level(encoded, count_level, qi, source)
    cell_value = np.asarray(_row_labels(encoded, level), dtype=object).astype(str)
    per_level = [
        np.asarray(_row_labels(encoded, lv), dtype=object).astype(str)
        for lv in range(encoded.height)
    ]
    return cell_value, per_level


def _compatible(
    published_label: np.ndarray,
    kept: np.ndarray,
    per_level: list[np.ndarray],
    cell_value: np.ndarray,
):
    """Per published record: the count-level values its published label allows.

    The label's level is the finest level at which the record's own label equals it; the values
    allowed are those of every record with that label at that level (observed values only, which
    gives the attacker more, not less: the safe side).
    """
    index: dict[tuple[int, str], set[str]] = {}
    for lv, labels in enumerate(per_level):
        frame = pd.DataFrame({"label": labels, "value": cell_value})
        for label, values in frame.groupby("label")["value"]:
            index[(lv, str(label))] = set(values)
    out = []
    for i, label in zip(kept, published_label, strict=True):
        label = str(label)
        found = next(
            (index[(lv, label)] for lv in range(len(per_level)) if per_level[lv][i] == label),
            None,
        )
        out.append(found if found is not None else set(cell_value))
    return out


def audit_records_and_counts(
    records: pd.DataFrame,
    published: pd.DataFrame,
    count_table: pd.DataFrame,
    spec: CountTableSpec,
    hierarchies: dict,
    *,
    base_dir,
    source: str,
    publication: str,
) -> LinkageReport:
    """Audit ``published`` (records kept, their published labels, index ⊆ records') with one table.

    ``records`` holds the true quasi-identifier inputs of every record; ``count_table`` is the
    published long table (hidden cells empty/NA).
    """
    qis = [q for q in hierarchies if q in published.columns]
    dims = [(spec.region.hierarchy, spec.region.levels[0])] + [
        (d.hierarchy, d.level) for d in spec.dimensions
    ]
    cell_values, compat = [], []
    kept = records.index.get_indexer(published.index)
    for qi, level in dims:
        value, per_level = _dimension(records, qi, hierarchies, level, base_dir, source)
        cell_values.append(value)
        if qi in published.columns:
            compat.append(_compatible(published[qi].to_numpy(), kept, per_level, value))
        else:  # not published with the records: any value
            compat.append([set(value)] * len(kept))

    # Finest cells of the count table (region × dimension values), from its published rows.
    code, level_col, parent = REGION_COLUMNS
    dim_names = [d.name for d in spec.dimensions]
    total = spec.total_label
    finest_level = spec.region.level_name(spec.region.levels[0])
    finest_rows = count_table[count_table[level_col] == finest_level]
    dim_values = [sorted(set(count_table[n].astype(str)) - {total}) for n in dim_names]
    regions = sorted(set(finest_rows[code].astype(str)))
    cells = list(itertools.product(regions, *dim_values))
    cell_index = {c: i for i, c in enumerate(cells)}

    # Pairs: (class, cell) for every cell the class's labels allow; truth from the records.
    classes = published[qis].astype(str).agg(" | ".join, axis=1).to_numpy()
    class_ids, class_of = np.unique(classes, return_inverse=True)
    truth_cell = np.array(
        [cell_index.get(tuple(str(v[i]) for v in cell_values), -1) for i in range(len(records))]
    )
    pair_rows, pair_cells = [], []
    first_of_class = {}
    for j, c in enumerate(class_of):
        first_of_class.setdefault(int(c), j)
    for c, j in sorted(first_of_class.items()):
        allowed = [sorted(compat[d][j]) for d in range(len(dims))]
        for combo in itertools.product(*allowed):
            if combo in cell_index:
                pair_rows.append(c)
                pair_cells.append(cell_index[combo])
    n_classes = len(class_ids)
    # the suppressed records: one hidden class, compatible with every cell
    pair_rows += [n_classes] * len(cells)
    pair_cells += list(range(len(cells)))
    pair_rows, pair_cells = np.array(pair_rows), np.array(pair_cells)
    pair_of = {
        (int(r), int(c)): p for p, (r, c) in enumerate(zip(pair_rows, pair_cells, strict=True))
    }
    weights = np.zeros(len(pair_rows))
    kept_set = np.zeros(len(records), dtype=bool)
    kept_set[kept] = True
    record_class = np.full(len(records), n_classes)
    record_class[kept] = class_of
    for r in range(len(records)):
        if truth_cell[r] >= 0:
            weights[pair_of[(int(record_class[r]), int(truth_cell[r]))]] += 1

    class_members = sp.csr_matrix(
        (np.ones(len(pair_rows)), (pair_rows, np.arange(len(pair_rows)))),
        shape=(n_classes + 1, len(pair_rows)),
    )
    class_values = np.concatenate([np.bincount(class_of, minlength=n_classes), [np.nan]])
    rows_set = CellSet(
        publication=f"{publication}: rijen",
        column="aantal rijen",
        keys=[*class_ids.tolist(), SUPPRESSED],
        values=class_values.astype(float),
        members=class_members,
    )

    # Count rows → finest cells (region below, dimension value or total), then → pairs.
    parents = dict(zip(count_table[code].astype(str), count_table[parent].astype(str), strict=True))
    below: dict[str, list[str]] = {r: [r] for r in regions}
    for r in regions:
        p = parents.get(r)
        while p and p in parents and p != "nan":
            below.setdefault(p, []).append(r)
            p = parents.get(p)
    rows, cols = [], []
    for i, row in enumerate(count_table.itertuples(index=False)):
        values = row._asdict()
        allowed = [below.get(str(values[code]), [])]
        for n, domain in zip(dim_names, dim_values, strict=True):
            v = str(values[n])
            allowed.append(domain if v == total else [v])
        for combo in itertools.product(*allowed):
            k = cell_index.get(combo)
            if k is not None:
                rows.append(i), cols.append(k)
    cell_members = sp.csr_matrix(
        (np.ones(len(rows)), (rows, cols)), shape=(len(count_table), len(cells))
    )
    pair_cell = sp.csr_matrix(
        (np.ones(len(pair_cells)), (pair_cells, np.arange(len(pair_cells)))),
        shape=(len(cells), len(pair_rows)),
    )
    count_members = (cell_members @ pair_cell).tocsr()
    count_members.data[:] = 1
    keys = [
        " | ".join(str(v) for v in r)
        for r in count_table[[code, *dim_names]].itertuples(index=False)
    ]
    value = pd.to_numeric(count_table[spec.count.name], errors="coerce").to_numpy(dtype=float)
    counts_set = CellSet(
        publication=f"{publication}: teltabel {spec.name}",
        column=spec.count.name,
        keys=keys,
        values=value,
        members=count_members,
        candidate=True,
    )
    return audit_linkage(
        [counts_set, rows_set], weights, threshold=spec.threshold, population="meldingen"
    )


def main() -> None:
    import argparse
    import json
    import os
    import platform
    import tempfile
    import time
    from pathlib import Path

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    root = Path(__file__).resolve().parent.parent
    with tempfile.TemporaryDirectory() as tmp:
        from haarlem_opendata import stages
        from haarlem_opendata.settings import Settings

        cfg = Settings(work_dir=Path(tmp) / "work", portal_dir=Path(tmp) / "portal")
        from haarlem_opendata.catalog import load_catalog

        spec = load_catalog(root / "datasets")["meldingen"]
        raws = {s: stages.load_raw(spec, s, settings=cfg) for s in spec.sources}
        records = stages.combine_sources(spec, raws)
        from haarlem_opendata.protect.pipeline import _count_tables, _k_anonymize

        # The pipeline's own steps, without the renumbering that hides which record is which
        # (the audit needs the truth per record; the published rows are these, shuffled).
        started = time.perf_counter()
        published, _ = _k_anonymize(records, spec, root / "datasets")
        counts, _, _ = _count_tables(records, spec, root / "datasets")
        protect_s = time.perf_counter() - started
        hierarchies = dict(spec.protection.anonymity.quasi_identifiers)
        table_spec = spec.protection.count_tables[0]
        started = time.perf_counter()
        report = audit_records_and_counts(
            records,
            published,
            counts[table_spec.name],
            table_spec,
            hierarchies,
            base_dir=root / "datasets",
            source=spec.name,
            publication=spec.name,
        )
        audit_s = time.perf_counter() - started
    findings = report.findings
    result = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores",
        "records": len(records),
        "published_rows": len(published),
        "protect_s": round(protect_s, 1),
        "audit_s": round(audit_s, 1),
        "parts": report.n_parts,
        "lps": report.n_lps,
        "largest_component": report.largest_component,
        "findings": len(findings),
        "hidden_count_cells_revealed": sum(1 for f in findings if f.what == "cel"),
        "pairs_revealed": sum(1 for f in findings if f.what == "deel"),
        "passed": report.passed,
    }
    print(json.dumps(result, indent=2))
    if args.out:
        args.out.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
