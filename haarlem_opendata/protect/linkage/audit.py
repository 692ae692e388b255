"""The joint attacker: every linked published cell, current and earlier, in one linear system.

Each table on its own can pass its audit while two together reveal a sliver: a bemalingsgebied
that covers buurt A and two addresses of buurt B gives ``area − A`` = the residents of those two
addresses. So the unknowns here are the *overlap parts* — the groups of register points that
every published row either wholly contains or wholly misses — and every published cell of every
linked publication is one equation ``cell = Σ its parts``. The existing LP audit then bounds
every part and every hidden cell. A part or hidden cell with a small positive true count
(1 … threshold − 1) must keep a feasible interval at least ``threshold`` wide; otherwise the
publications together reveal it.

A published value that is not the exact sum of its parts (CBS rounds to fives; a corrected
earlier version counted other people) is not an equation about these people and is left out;
the report says how many.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp

from haarlem_opendata.protect.cells.audit import feasible_intervals
from haarlem_opendata.protect.linkage.cells import CellSet


@dataclass(frozen=True)
class LinkageFinding:
    """A part or hidden cell the publications together pin down; never its value."""

    what: str  # "deel" (overlap part) or "cel" (a suppressed cell)
    label: str  # e.g. "GML-003 ∩ BU03920101" or "buurtcijfers 1.2.0: BU03920101"
    publications: tuple[str, ...]
    width: float

    def to_metadata(self, threshold: int) -> dict:
        width = "0" if self.width < 1e-9 else f"{self.width:.1f}".replace(".", ",")
        return {
            "soort": self.what,
            "waar": self.label,
            "publicaties": list(self.publications),
            "regel": f"een klein aantal (1 t/m {threshold - 1}) is tot op een marge van {width} "
            f"terug te rekenen; minimaal {threshold} nodig",
        }


@dataclass
class LinkageReport:
    population: str
    threshold: int
    publications: list[str]
    n_parts: int
    n_cells: int
    n_equations: int
    n_not_exact: int
    n_lps: int
    largest_component: int
    seconds: float
    findings: list[LinkageFinding] = field(default_factory=list)
    # per publication, the row keys that contain a failing part or are failing
    rows_at_risk: dict[str, set[str]] = field(default_factory=dict)
    # for remedies: per publication, the smallest row holding each failing part (or the cell)
    finest_at_risk: dict[str, set[str]] = field(default_factory=dict)
    # for remedies: the candidate's smallest rows overlapping another publication's row that holds
    # a failing part — the rows an attacker subtracts from it (buurt A in "area − A")
    overlapping_at_risk: set[str] = field(default_factory=set)

    @property
    def passed(self) -> bool:
        return not self.findings

    def first_finding(self) -> str:
        """The first finding as an error names it: what, the rule, and how many more."""
        first = self.findings[0]
        more = len(self.findings) - 1
        return f"{first.label} — {first.to_metadata(self.threshold)['regel']}" + (
            f" (en nog {more} andere)" if more else ""
        )

    def to_metadata(self) -> dict:
        return {
            "populatie": self.population,
            "drempel": self.threshold,
            "getoetst_tegen": self.publications,
            "n_delen": self.n_parts,
            "n_cellen": self.n_cells,
            "n_vergelijkingen": self.n_equations,
            "n_niet_exact": self.n_not_exact,
            "n_lps": self.n_lps,
            "grootste_component": self.largest_component,
            "bevindingen": [f.to_metadata(self.threshold) for f in self.findings[:50]],
            "n_bevindingen": len(self.findings),
            "audit_geslaagd": self.passed,
        }


def _parts(members: sp.csr_matrix) -> tuple[np.ndarray, int]:
    """Part index per point (−1: counted by no row) from the rows that contain each point."""
    by_point = members.T.tocsr()
    by_point.sort_indices()
    part = np.full(by_point.shape[0], -1, dtype=np.int64)
    seen: dict[bytes, int] = {}
    for p in range(by_point.shape[0]):
        rows = by_point.indices[by_point.indptr[p] : by_point.indptr[p + 1]]
        if len(rows) == 0:
            continue
        part[p] = seen.setdefault(rows.tobytes(), len(seen))
    return part, len(seen)


def audit_linkage(
    cell_sets: list[CellSet], weights: np.ndarray, *, threshold: int, population: str = ""
) -> LinkageReport:
    """Audit all ``cell_sets`` (one population) together against the register ``weights``."""
    started = time.perf_counter()
    weights = np.asarray(weights, dtype=float)
    members = (
        sp.vstack([s.members for s in cell_sets]).tocsr()
        if cell_sets
        else sp.csr_matrix((0, len(weights)))
    )
    owner = (
        np.concatenate([np.full(len(s.keys), i) for i, s in enumerate(cell_sets)]).astype(int)
        if cell_sets
        else np.zeros(0, int)
    )
    keys = [k for s in cell_sets for k in s.keys]
    values = np.concatenate([s.values for s in cell_sets]) if cell_sets else np.zeros(0)
    truth_cells = members @ weights

    hidden_cell = np.isnan(values)
    exact = hidden_cell | (np.abs(values - truth_cells) < 1e-6)
    used = np.flatnonzero(exact)
    members = members[used]
    owner, values, truth_cells, hidden_cell = (
        owner[used],
        values[used],
        truth_cells[used],
        hidden_cell[used],
    )
    keys = [keys[i] for i in used]

    part_of_point, n_parts = _parts(members)
    counted = part_of_point >= 0
    part_matrix = sp.csr_matrix(
        (np.ones(int(counted.sum())), (np.flatnonzero(counted), part_of_point[counted])),
        shape=(len(weights), n_parts),
    )
    truth_parts = part_matrix.T @ weights
    cell_parts = (members @ part_matrix).tocsr()
    cell_parts.data[:] = 1.0

    n_cells = len(used)
    # variables: parts first, then cells; relation per cell: cell − Σ parts = 0
    A = sp.hstack([-cell_parts, sp.identity(n_cells, format="csr")]).tocsr()
    y = np.concatenate([np.full(n_parts, np.nan), values])
    truth = np.concatenate([truth_parts, truth_cells])
    hidden = np.concatenate([np.arange(n_parts), n_parts + np.flatnonzero(hidden_cell)])
    small = (truth[hidden] >= 1 - 1e-9) & (truth[hidden] < threshold - 1e-9)
    required = np.where(small, float(threshold), 0.0)
    if len(hidden) and small.any():
        iv = feasible_intervals(A, np.nan_to_num(y), hidden, required=required)
        width, n_lps = iv.width, iv.n_lps
        sizes = np.bincount(iv.component[iv.component >= 0]) if len(iv.component) else np.zeros(1)
        largest = int(sizes.max()) if len(sizes) else 0
    else:
        width, n_lps, largest = np.full(len(hidden), np.inf), 0, 0

    publications = list(dict.fromkeys(s.publication for s in cell_sets))
    findings: list[LinkageFinding] = []
    at_risk: dict[str, set[str]] = {}
    finest_at_risk: dict[str, set[str]] = {}
    overlapping: set[str] = set()
    part_rows = cell_parts.T.tocsr()
    for j in np.flatnonzero(small & (width < required - 1e-9)):
        var = int(hidden[j])
        if var < n_parts:
            rows = part_rows.indices[part_rows.indptr[var] : part_rows.indptr[var + 1]]
            label, finest = _part_label(rows, cell_parts, owner, keys, cell_sets)
            findings.append(LinkageFinding("deel", label, tuple(finest), float(width[j])))
            for r in rows:
                at_risk.setdefault(cell_sets[owner[r]].publication, set()).add(keys[r])
            for pub, r in finest.items():
                finest_at_risk.setdefault(pub, set()).add(keys[r])
            others = [r for r in finest.values() if not cell_sets[owner[r]].candidate]
            overlapping.update(keys[r] for r in _overlapping(members, owner, cell_sets, others))
        else:
            r = var - n_parts
            pub = cell_sets[owner[r]].publication
            findings.append(LinkageFinding("cel", f"{pub}: {keys[r]}", (pub,), float(width[j])))
            at_risk.setdefault(pub, set()).add(keys[r])
            finest_at_risk.setdefault(pub, set()).add(keys[r])
    return LinkageReport(
        population=population,
        threshold=threshold,
        publications=publications,
        n_parts=n_parts,
        n_cells=n_cells,
        n_equations=int((~hidden_cell).sum()),
        n_not_exact=int(len(exact) - len(used)),
        n_lps=int(n_lps),
        largest_component=largest,
        seconds=time.perf_counter() - started,
        findings=findings,
        rows_at_risk=at_risk,
        finest_at_risk=finest_at_risk,
        overlapping_at_risk=overlapping,
    )


def _overlapping(members: sp.csr_matrix, owner, cell_sets, rows: list[int]) -> list[int]:
    """The candidate's minimal rows sharing points with any of ``rows`` (no row containing
    another)."""
    candidate = np.flatnonzero([cell_sets[o].candidate for o in owner])
    if not len(rows) or not len(candidate):
        return []
    sub = members[candidate]
    touching = np.flatnonzero(np.asarray((sub @ members[rows].T).sum(axis=1)).ravel() > 0)
    if not len(touching):
        return []
    m = sub[touching].astype(np.int64)
    shared = (m @ m.T).toarray()
    size = np.diag(shared)
    # row i contains row j (j ≠ i) when they share all of j's points
    contains = (shared == size[None, :]) & ~np.eye(len(touching), dtype=bool)
    minimal = ~contains.any(axis=1)
    return [int(candidate[touching[i]]) for i in np.flatnonzero(minimal)]


def _part_label(rows, cell_parts, owner, keys, cell_sets) -> tuple[str, dict[str, int]]:
    """A part named by the smallest row of each publication that contains it (and those rows)."""
    sizes = np.diff(cell_parts.indptr)
    finest: dict[str, int] = {}
    for r in rows:
        pub = cell_sets[owner[r]].publication
        if pub not in finest or sizes[r] < sizes[finest[pub]]:
            finest[pub] = int(r)
    names = list(dict.fromkeys(keys[r] for r in finest.values()))
    return " ∩ ".join(names), finest
