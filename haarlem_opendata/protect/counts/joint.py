"""Records next to their own count table: what the published rows and the table reveal together.

A dataset that publishes k-anonymous rows *and* a protected count table of the same records
(meldingen: the rows, and the counts per buurt × maand) gives an attacker two views of one
population. Counting the published rows gives, per *class* (the published, generalised labels:
"2025, WK039201, Afval"), how many records it holds; the count table gives how many records lie
in each cell. A hidden cell can then follow from the rows: a wijk's yearly class total minus the
published cells of its buurten.

The attacker's system, solved by the existing LP audit (:func:`feasible_intervals`):

- one unknown per *(class, finest cell)* pair — how many of the class's records lie in that cell
  — for every cell the class's labels allow (also where the true number is 0: the attacker does
  not know which compatible cells are empty);
- one unknown per finest cell for the records *not* in the published rows (suppressed), whose
  total the attacker knows (the table's total minus the row count) but not where they lie;
- equations: each class's published row count, each finest cell = its pairs + its suppressed
  records, the pool total, and the count table's own relations (wijk = Σ buurten, totals).

Written this way (cells and their relations, not every published cell as a sum over all pairs)
the system splits into small components, which is what makes it fast. A hidden *primary* cell (a
small count) must keep an interval at least the table's protection width wide — the promise the
count table makes. How many of one class's records lie in one cell is not checked on its own: it
does not single out a row (every row of the class still shows the same labels), and where it
pins a hidden cell, that cell is a finding.

Which cells a class allows is read from the records themselves (the values of every record
published with that label): the attacker is given more than the labels alone would tell, the
safe side. Only aggregates leave this module — class labels, which cell each class may reach,
and the number of suppressed records — so the blocking check can re-audit without the records.
"""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass

import numpy as np
import pandas as pd
import scipy.sparse as sp

from haarlem_opendata.protect.anonymity.hierarchy import build_hierarchy
from haarlem_opendata.protect.cells.audit import feasible_intervals
from haarlem_opendata.protect.cells.model import TableModel
from haarlem_opendata.protect.counts.aggregate import _level, _row_labels
from haarlem_opendata.protect.linkage.audit import LinkageFinding, LinkageReport
from haarlem_opendata.spec import REGION_COLUMNS, CountTableSpec

CLASS_SEPARATOR = " | "


def class_keys(rows: pd.DataFrame, qis: list[str]) -> np.ndarray:
    """The published class of each row: its quasi-identifier labels, joined."""
    return rows[qis].astype(str).agg(CLASS_SEPARATOR.join, axis=1).to_numpy()


@dataclass
class RowsSystem:
    """What the attacker can place: aggregates only, kept for the blocking check."""

    dataset: str
    table: str  # the count table's name
    qis: list[str]  # the quasi-identifier columns the rows publish
    classes: list[str]  # published class keys
    pair_class: np.ndarray  # per pair: index into ``classes``
    pair_cell: np.ndarray  # per pair: flat cell of the wide count table (a finest cell)
    finest: np.ndarray  # flat cells of the finest level (region × dimension values)
    n_outside: int  # records counted in the table but not in the published rows

    @property
    def publications(self) -> tuple[str, str]:
        return (f"{self.dataset}: rijen", f"{self.dataset}: teltabel {self.table}")

    def class_counts(self, rows: pd.DataFrame) -> np.ndarray:
        """Rows per class, read from the published rows; other classes mean other rows."""
        keys, counts = np.unique(class_keys(rows, self.qis), return_counts=True)
        position = {k: i for i, k in enumerate(self.classes)}
        unknown = [k for k in keys if k not in position]
        if unknown or len(keys) != len(self.classes):
            raise ValueError(
                f"{self.dataset}: de gepubliceerde rijen vormen andere klassen dan die waarmee de "
                "teltabel is getoetst"
            )
        out = np.zeros(len(self.classes))
        out[[position[k] for k in keys]] = counts
        return out


def _dimension_values(records, qi, hierarchies, level, base_dir, source):
    """Per record: its value at the count table's level, and its label at every level."""
    encoded = build_hierarchy(hierarchies[qi], base_dir).encode(records, qi, source)
    at_table = _level(encoded, level, qi, source)
    value = np.asarray(_row_labels(encoded, at_table), dtype=object).astype(str)
    per_level = [
        np.asarray(_row_labels(encoded, lv), dtype=object).astype(str)
        for lv in range(encoded.height)
    ]
    return value, per_level


def _allowed(label: np.ndarray, kept: np.ndarray, per_level, value) -> list[frozenset[str]]:
    """Per published row: the table-level values its label allows (observed values: safe side).

    The label's level is the finest at which the record's own label equals it; allowed are the
    values of every record carrying that label at that level.
    """
    index: dict[tuple[int, str], frozenset[str]] = {}
    for lv, labels in enumerate(per_level):
        frame = pd.DataFrame({"label": labels, "value": value})
        for name, values in frame.groupby("label")["value"]:
            index[(lv, str(name))] = frozenset(values)
    everything = frozenset(value)
    out = []
    for i, published in zip(kept, label, strict=True):
        published = str(published)
        level = next((lv for lv, lab in enumerate(per_level) if lab[i] == published), None)
        out.append(everything if level is None else index[(level, published)])
    return out


def build_rows_system(
    records: pd.DataFrame,
    rows: pd.DataFrame,
    wide: pd.DataFrame,
    model: TableModel,
    combos: list[tuple[str, ...]],
    spec: CountTableSpec,
    hierarchies: dict,
    *,
    base_dir,
    source: str,
    dataset: str,
) -> RowsSystem:
    """The pair structure of ``rows`` (published rows, index ⊆ ``records``) against the table.

    ``records`` hold the true quasi-identifier inputs; ``wide``/``model``/``combos`` are the
    count table in the wide shape (one row per region, column ``j`` = ``combos[j]``).
    """
    qis = [q for q in hierarchies if q in rows.columns]
    finest_name = spec.region.level_name(spec.region.levels[0])
    code, level_col, _ = REGION_COLUMNS
    finest_rows = np.flatnonzero((wide[level_col].astype(str) == finest_name).to_numpy())
    detail = [j for j, c in enumerate(combos) if spec.total_label not in c]
    m = model.n_cols
    codes = wide[code].astype(str).to_numpy()
    cell_of = {(codes[r], *combos[j]): r * m + j for r in finest_rows for j in detail}

    kept = records.index.get_indexer(rows.index)
    dims = [(spec.region.hierarchy, spec.region.levels[0])] + [
        (d.hierarchy, d.level) for d in spec.dimensions
    ]
    allowed = []
    for qi, level in dims:
        value, per_level = _dimension_values(records, qi, hierarchies, level, base_dir, source)
        if qi in rows.columns:
            allowed.append(_allowed(rows[qi].to_numpy(), kept, per_level, value))
        else:  # the rows do not publish this dimension: any value
            allowed.append([frozenset(value)] * len(kept))

    keys = class_keys(rows, qis)
    classes, class_of = np.unique(keys, return_inverse=True)
    first: dict[int, int] = {}
    for j, c in enumerate(class_of):
        first.setdefault(int(c), j)
    pair_class, pair_cell = [], []
    for c, j in sorted(first.items()):
        for combo in itertools.product(*(sorted(a[j]) for a in allowed)):
            cell = cell_of.get(combo)
            if cell is not None:
                pair_class.append(c)
                pair_cell.append(cell)
    return RowsSystem(
        dataset=dataset,
        table=spec.name,
        qis=qis,
        classes=classes.tolist(),
        pair_class=np.asarray(pair_class, dtype=np.int64),
        pair_cell=np.asarray(pair_cell, dtype=np.int64),
        finest=np.asarray(sorted(cell_of.values()), dtype=np.int64),
        n_outside=int(len(records) - len(rows)),
    )


@dataclass
class JointSystem:
    """``A @ v = 0`` over [cells | pairs | outside per finest cell | one]; ``y`` the known v."""

    A: sp.csr_matrix
    y: np.ndarray
    hidden: np.ndarray  # variables the attacker does not know
    n_cells: int


def joint_system(
    system: RowsSystem, model: TableModel, values: np.ndarray, counts: np.ndarray
) -> JointSystem:
    """The attacker's equations; ``values`` per flat cell (NaN: hidden), ``counts`` per class."""
    n_cells, n_pairs, n_fin = model.n_cells, len(system.pair_cell), len(system.finest)
    first_pair, first_out = n_cells, n_cells + n_pairs
    one = first_out + n_fin
    n_vars = one + 1
    eq_of = np.full(n_cells, -1)
    eq_of[system.finest] = np.arange(n_fin)
    # each finest cell = its pairs + the records outside the rows that lie in it
    cells_eq = sp.csr_matrix(
        (
            np.r_[np.ones(n_fin), -np.ones(n_pairs), -np.ones(n_fin)],
            (
                np.r_[np.arange(n_fin), eq_of[system.pair_cell], np.arange(n_fin)],
                np.r_[system.finest, first_pair + np.arange(n_pairs), first_out + np.arange(n_fin)],
            ),
        ),
        shape=(n_fin, n_vars),
    )
    n_classes = len(system.classes)
    classes_eq = sp.csr_matrix(
        (
            np.r_[np.ones(n_pairs), -np.asarray(counts, dtype=float)],
            (
                np.r_[system.pair_class, np.arange(n_classes)],
                np.r_[first_pair + np.arange(n_pairs), np.full(n_classes, one)],
            ),
        ),
        shape=(n_classes, n_vars),
    )
    outside_eq = sp.csr_matrix(
        (
            np.r_[np.ones(n_fin), -float(system.n_outside)],
            (np.zeros(n_fin + 1, dtype=int), np.r_[first_out + np.arange(n_fin), one]),
        ),
        shape=(1, n_vars),
    )
    table_eq = sp.hstack([model.A, sp.csr_matrix((model.A.shape[0], n_vars - n_cells))])
    A = sp.vstack([table_eq, cells_eq, classes_eq, outside_eq]).tocsr()
    hidden_cells = np.flatnonzero(np.isnan(values))
    y = np.r_[np.nan_to_num(values), np.zeros(n_pairs + n_fin), 1.0]
    hidden = np.r_[hidden_cells, np.arange(n_cells, one)]
    return JointSystem(A=A, y=y, hidden=hidden, n_cells=n_cells)


def audit_joint(
    joint: JointSystem,
    required: np.ndarray,
    *,
    label,
    publications: list[str],
    population: str,
    width: int,
    n_parts: int,
    n_cells: int,
    started: float,
) -> tuple[LinkageReport, np.ndarray]:
    """Bound every hidden variable with a ``required`` width (per ``joint.hidden``) by the LP
    audit; a finding per variable left narrower. Returns the report and the missing width per
    hidden variable (0: fine). ``label(variable)`` names a variable in a finding."""
    if required.any():
        iv = feasible_intervals(joint.A, joint.y, joint.hidden, required=required)
        missing = np.where(required > 0, np.maximum(required - iv.width, 0.0), 0.0)
        sizes = np.bincount(iv.component[iv.component >= 0])
        n_lps, largest, width_of = iv.n_lps, int(sizes.max()) if len(sizes) else 0, iv.width
    else:
        missing, n_lps, largest = np.zeros(len(joint.hidden)), 0, 0
        width_of = np.zeros(len(joint.hidden))
    missing[missing < 1e-9] = 0.0
    findings = [
        LinkageFinding("cel", label(int(joint.hidden[j])), tuple(publications), float(width_of[j]))
        for j in np.flatnonzero(missing > 0)
    ]
    report = LinkageReport(
        population=population,
        threshold=int(width),
        publications=list(publications),
        n_parts=n_parts,
        n_cells=n_cells,
        n_equations=int(joint.A.shape[0]),
        n_not_exact=0,
        n_lps=int(n_lps),
        largest_component=largest,
        seconds=time.perf_counter() - started,
        findings=findings,
    )
    return report, missing


def audit_rows(
    system: RowsSystem,
    model: TableModel,
    values: np.ndarray,
    primary: np.ndarray,
    counts: np.ndarray,
    *,
    width: int,
    cell_label,
) -> tuple[LinkageReport, JointSystem, np.ndarray]:
    """Audit the published table (``values``, NaN hidden) with the rows' class ``counts``.

    Returns the report, the system and the missing width per hidden variable (0: fine).
    """
    started = time.perf_counter()
    joint = joint_system(system, model, values, counts)
    hidden = joint.hidden
    is_cell = hidden < joint.n_cells
    required = np.zeros(len(hidden))
    required[is_cell] = np.where(primary[hidden[is_cell]], float(width), 0.0)
    report, missing = audit_joint(
        joint,
        required,
        label=cell_label,
        publications=list(system.publications),
        population=f"{system.dataset} (rijen en teltabel {system.table})",
        width=width,
        n_parts=len(system.pair_cell),
        n_cells=int(model.n_cells),
        started=started,
    )
    return report, joint, missing
