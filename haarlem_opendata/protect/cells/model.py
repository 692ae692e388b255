"""The linear model of a count table: which cells must add up to which.

A table of counts about regions satisfies two kinds of additive relations: the region hierarchy
(gemeente = Σ wijken, wijk = Σ buurten) and column relations (total = men + women). Both are
written as rows of one sparse constraint matrix ``A`` over the flattened cells (``A @ y = 0``),
so secondary suppression and the attacker's audit treat every relation the same way.

The model is block diagonal: a top-level region's subtree never shares a relation with another
subtree, and columns only interact within a connected group of column relations. Each block
(root subtree × column group) is solved on its own, which keeps national-scale tables fast.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import scipy.linalg
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components

from haarlem_opendata.errors import InputError
from haarlem_opendata.spec import RegionHierarchySpec, Relation

_CBS_CODE = re.compile(r"^(GM\d{4}|WK\d{6}|BU\d{8})$")


@dataclass
class ColumnGroup:
    """Count columns linked by relations, with a basis of all value combinations they allow."""

    columns: list[int]  # positions in ``counts``
    basis: np.ndarray  # (len(columns), d): every valid row of this group is basis @ z


@dataclass
class TableModel:
    """Sparse relations of a count table; cell ``k`` is row ``k // m``, column ``k % m``."""

    keys: list[str]  # row key per table row (region code or index), safe to show
    counts: list[str]
    parent: np.ndarray  # parent row index per row, -1 for a root
    root: np.ndarray  # top-level ancestor per row
    groups: list[ColumnGroup]
    A: sp.csr_matrix  # (n_equations, n_cells)
    equations: list[tuple[str, int, str]] = field(default_factory=list)  # (kind, row, column)

    @property
    def n_rows(self) -> int:
        return len(self.keys)

    @property
    def n_cols(self) -> int:
        return len(self.counts)

    @property
    def n_cells(self) -> int:
        return self.n_rows * self.n_cols

    def cell(self, row: int, col: int) -> int:
        return row * self.n_cols + col

    def children(self) -> list[list[int]]:
        kids: list[list[int]] = [[] for _ in range(self.n_rows)]
        for r, p in enumerate(self.parent):
            if p >= 0:
                kids[p].append(r)
        return kids

    def group_of_column(self) -> np.ndarray:
        out = np.empty(self.n_cols, dtype=int)
        for g, grp in enumerate(self.groups):
            out[grp.columns] = g
        return out

    def blocks(self) -> dict[tuple[int, int], np.ndarray]:
        """Cell indices per independent block (root row, column group), in row-major order."""
        gcol = self.group_of_column()
        cells = np.arange(self.n_cells)
        key_root = self.root[cells // self.n_cols]
        key_group = gcol[cells % self.n_cols]
        order = np.lexsort((cells, key_group, key_root))
        out: dict[tuple[int, int], np.ndarray] = {}
        kr, kg = key_root[order], key_group[order]
        bounds = np.flatnonzero((np.diff(kr) != 0) | (np.diff(kg) != 0)) + 1
        for chunk in np.split(order, bounds):
            if len(chunk):
                out[(int(key_root[chunk[0]]), int(key_group[chunk[0]]))] = chunk
        return out


def _cbs_parent(code: str) -> str | None:
    if code.startswith("BU"):
        return "WK" + code[2:8]
    if code.startswith("WK"):
        return "GM" + code[2:6]
    return None


def region_parents(
    table: pd.DataFrame, region: RegionHierarchySpec | None, *, file: str | Path = "<tabel>"
) -> tuple[list[str], np.ndarray]:
    """Row keys and parent row per row; a region whose parent is missing is an input error."""
    n = len(table)
    if region is None:
        return [str(i) for i in table.index], np.full(n, -1, dtype=int)
    if region.code_column not in table.columns:
        raise InputError(file, "kolom met regiocode ontbreekt", column=region.code_column)
    codes = [str(c).strip() for c in table[region.code_column]]
    pos: dict[str, int] = {}
    for i, code in enumerate(codes):
        if code in pos:
            raise InputError(
                file,
                "regiocode komt dubbel voor",
                column=region.code_column,
                row=i + 1,
                shown_value=code,
            )
        pos[code] = i
    parent = np.full(n, -1, dtype=int)
    for i, code in enumerate(codes):
        if region.parent_column is None:
            if not _CBS_CODE.match(code):
                raise InputError(
                    file,
                    "regiocode is geen CBS-code (GMxxxx, WKxxxxxx, BUxxxxxxxx)",
                    column=region.code_column,
                    row=i + 1,
                    shown_value=code,
                )
            parent_code = _cbs_parent(code)
            parent_col = region.code_column
        else:
            raw = table[region.parent_column].iloc[i]
            parent_code = None if pd.isna(raw) or str(raw).strip() == "" else str(raw).strip()
            parent_col = region.parent_column
        if parent_code is None:
            continue
        if parent_code not in pos:
            raise InputError(
                file,
                f"regio heeft geen bovenliggende regio {parent_code!r} in de tabel",
                column=parent_col,
                row=i + 1,
                shown_value=code,
            )
        parent[i] = pos[parent_code]
    _check_acyclic(parent, codes, region.parent_column or region.code_column, file)
    return codes, parent


def _check_acyclic(parent: np.ndarray, codes: list[str], column: str, file: str | Path) -> None:
    for start in range(len(parent)):
        seen = 0
        r = start
        while r >= 0:
            r = parent[r]
            seen += 1
            if seen > len(parent):
                raise InputError(
                    file,
                    "regiohiërarchie bevat een kringverwijzing",
                    column=column,
                    row=start + 1,
                    shown_value=codes[start],
                )


def _roots(parent: np.ndarray) -> np.ndarray:
    root = np.arange(len(parent))
    for r in range(len(parent)):
        a = r
        while parent[a] >= 0:
            a = parent[a]
        root[r] = a
    return root


def _entry(
    rows: list[int], cols: list[int], vals: list[float], row: int, col: int, value: float
) -> None:
    """One nonzero of a sparse matrix in coordinate form."""
    rows.append(row)
    cols.append(col)
    vals.append(value)


def column_groups(counts: list[str], relations: list[Relation]) -> list[ColumnGroup]:
    """Split columns into groups linked by relations, with a null-space basis per group."""
    idx = {c: i for i, c in enumerate(counts)}
    m = len(counts)
    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    for k, rel in enumerate(relations):
        _entry(rows, cols, vals, k, idx[rel.total], 1.0)
        for p in rel.parts:
            _entry(rows, cols, vals, k, idx[p], -1.0)
    R = sp.coo_matrix((vals, (rows, cols)), shape=(len(relations), m)).tocsr()
    adj = (R.T @ R) != 0 if len(relations) else sp.csr_matrix((m, m))
    _, label = connected_components(sp.csr_matrix(adj) + sp.eye(m), directed=False)
    groups = []
    for g in sorted(set(label), key=lambda g: int(np.flatnonzero(label == g)[0])):
        members = [int(c) for c in np.flatnonzero(label == g)]
        sub = R[:, members].toarray()
        sub = sub[np.any(sub != 0, axis=1)]
        basis = scipy.linalg.null_space(sub) if len(sub) else np.eye(len(members))
        groups.append(ColumnGroup(columns=members, basis=basis))
    return groups


def build_model(
    table: pd.DataFrame,
    *,
    region: RegionHierarchySpec | None,
    counts: list[str],
    relations: list[Relation],
    file: str | Path = "<tabel>",
) -> TableModel:
    """Build the sparse relation matrix for ``table`` (values are not read, only structure)."""
    for col in counts:
        if col not in table.columns:
            raise InputError(file, "telkolom ontbreekt", column=col)
    for rel in relations:
        for col in [rel.total, *rel.parts]:
            if col not in counts:
                raise InputError(
                    file, "kolom uit een relatie staat niet bij de telkolommen", column=col
                )
    keys, parent = region_parents(table, region, file=file)
    n, m = len(keys), len(counts)
    cidx = {c: i for i, c in enumerate(counts)}
    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    equations: list[tuple[str, int, str]] = []
    e = 0
    kids: list[list[int]] = [[] for _ in range(n)]
    for r, p in enumerate(parent):
        if p >= 0:
            kids[p].append(r)
    for p in range(n):
        if not kids[p]:
            continue
        for c in range(m):
            _entry(rows, cols, vals, e, p * m + c, 1.0)
            for ch in kids[p]:
                _entry(rows, cols, vals, e, ch * m + c, -1.0)
            equations.append(("regio", p, counts[c]))
            e += 1
    for r in range(n):
        for rel in relations:
            _entry(rows, cols, vals, e, r * m + cidx[rel.total], 1.0)
            for part in rel.parts:
                _entry(rows, cols, vals, e, r * m + cidx[part], -1.0)
            equations.append(("kolom", r, rel.total))
            e += 1
    A = sp.coo_matrix((vals, (rows, cols)), shape=(e, n * m)).tocsr()
    A.sum_duplicates()
    return TableModel(
        keys=keys,
        counts=list(counts),
        parent=parent,
        root=_roots(parent),
        groups=column_groups(list(counts), list(relations)),
        A=A,
        equations=equations,
    )


def check_counts(
    table: pd.DataFrame, model: TableModel, *, file: str | Path = "<tabel>"
) -> np.ndarray:
    """Validate the input counts and return them flattened; never quotes a count in an error."""
    values = np.empty((model.n_rows, model.n_cols), dtype=float)
    for c, col in enumerate(model.counts):
        series = pd.to_numeric(table[col], errors="coerce")
        bad = series.isna() & table[col].notna()
        if series.isna().any():
            i = int(np.flatnonzero(series.isna().to_numpy())[0])
            what = "waarde is geen getal" if bad.iloc[i] else "waarde ontbreekt"
            raise InputError(file, what, column=col, row=i + 1)
        arr = series.to_numpy(dtype=float)
        neg = np.flatnonzero(arr < 0)
        if len(neg):
            raise InputError(file, "negatieve telling", column=col, row=int(neg[0]) + 1)
        frac = np.flatnonzero(arr != np.round(arr))
        if len(frac):
            raise InputError(file, "telling is geen geheel getal", column=col, row=int(frac[0]) + 1)
        values[:, c] = arr
    flat = values.ravel()
    residual = model.A @ flat
    broken = np.flatnonzero(np.abs(residual) > 1e-9)
    if len(broken):
        # A row whose own columns do not add up is the most local report; region sums next.
        first = min(broken, key=lambda e: (model.equations[e][0] != "kolom", model.equations[e][1]))
        kind, row, col = model.equations[int(first)]
        what = (
            "som van de onderliggende regio's klopt niet met deze regio"
            if kind == "regio"
            else "kolomrelatie (totaal = som van delen) klopt niet"
        )
        extra = f"; {len(broken) - 1} andere relatie(s) kloppen ook niet" if len(broken) > 1 else ""
        raise InputError(
            file,
            what + extra + " (niet automatisch hersteld)",
            column=col,
            row=row + 1,
            shown_value=model.keys[row] if not model.keys[row].isdigit() else None,
        )
    return flat
