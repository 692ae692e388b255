"""A count table next to the count tables already public for the same records.

Release and table differencing: a corrected table for a period that is already public, a new
layout of it (buurt × maand where the previous release counted buurt × maand × hoofdcategorie),
or a second count table of the same dataset. A cell hidden now but published before is read
from the earlier file; a total of one layout minus the published cells of the other gives a
hidden cell away. Each table passing its own audit says nothing about the pair.

The attacker's system, solved by the existing LP audit (:func:`feasible_intervals`):

- one unknown per *unit*: a finest region (the finest level any of the tables uses) × per
  hierarchy a finest value (the finest level any table uses: the month, the category) — every
  combination, also the empty ones, since the attacker does not know which are empty;
- every table's cells as variables, with the table's own relations (wijk = Σ buurten, totals)
  and each finest cell = Σ of the units in it;
- the values the public reads: this table's published cells, and each earlier cell whose
  published value still equals the current truth. A value the correction changed is not an
  equation about today's records, so that cell counts as unknown.

Required: every hidden *primary* cell of this table keeps the table's protection width, and so
does every cell an earlier table hid that is small today (its promise did not expire). A primary
cell an earlier table published with today's value is public already: hiding it now cannot take
it back. It is counted (``n_al_openbaar``) so the steward can withdraw that version, and not
required.

Only aggregates leave this module (which unit lies in which cell, which earlier cells still hold,
which are small): the blocking check re-audits from them and the published files.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import scipy.sparse as sp

from haarlem_opendata.errors import ProtectionError
from haarlem_opendata.protect.counts.joint import JointSystem, audit_joint
from haarlem_opendata.protect.counts.units import (
    NEXT_STEP,
    build_units,
    cell_sums,
    cells_of_units,
    signatures,
)
from haarlem_opendata.protect.counts.wide import WideCounts, wide_counts
from haarlem_opendata.protect.earlier import PublishedVersion
from haarlem_opendata.protect.linkage.audit import LinkageReport
from haarlem_opendata.spec import COUNT_LAYOUT, REGION_COLUMNS, CountTableSpec, count_resource_name


@dataclass(frozen=True)
class PublicCounts:
    """A count table the public can already download: an earlier version's, or one of this
    release that is final already."""

    label: str  # what an error names, e.g. "meldingen 1.0.0: teltabel per-buurt-maand"
    spec: CountTableSpec  # its layout
    table: pd.DataFrame  # long, as published; the count empty where hidden


@dataclass
class ReleasesSystem:
    """What the blocking check needs to re-audit: aggregates and public files only."""

    dataset: str
    table: str
    label: str  # this table, as findings name it
    others: list[PublicCounts]
    other_counts: list[WideCounts] = field(repr=False)  # ``others`` in the wide shape, built once
    n_units: int
    unit_cell: list[np.ndarray]  # per table (this one first): each unit's finest flat cell, or -1
    kept: list[np.ndarray]  # per other table, flat: published with today's value
    required: list[np.ndarray]  # per other table, flat: hidden there and small today
    already_public: np.ndarray  # flat cells of this table an earlier table shows with this value
    carried: np.ndarray  # flat cells this table shows that an earlier table hid: the pattern
    layout_values: list[list[str]]  # the layout of this table the structure was built for
    regions: list[str]

    @property
    def publications(self) -> list[str]:
        return [self.label, *(o.label for o in self.others)]

    def counts(self, published: pd.DataFrame, primary: pd.DataFrame | None, spec) -> WideCounts:
        """This table's published long form, checked to be the table the system was built for."""
        counts = wide_counts(published, primary, spec)
        if counts.layout.values != self.layout_values or list(
            counts.wide[REGION_COLUMNS[0]].astype(str)
        ) != list(self.regions):
            raise ProtectionError(
                f"{self.dataset}: teltabel {self.table} heeft een andere indeling dan die waarmee "
                "hij samen met de eerdere versies is getoetst"
            )
        return counts


def public_counts(label: str, spec: CountTableSpec, table: pd.DataFrame) -> PublicCounts:
    """A published long table read as strings, its count parsed (an empty cell is hidden)."""
    out = table.copy()
    count = spec.count.name
    if count not in out.columns:
        raise ProtectionError(f"{label}: kolom {count} ontbreekt")
    out[count] = pd.to_numeric(out[count].replace("", np.nan), errors="coerce")
    return PublicCounts(label, spec, out)


def _small(truth: np.ndarray, spec: CountTableSpec) -> np.ndarray:
    small = (truth >= 1) & (truth < spec.threshold)
    return small | (truth == 0) if spec.zeros_unsafe else small


def build_releases_system(
    records: pd.DataFrame,
    counts: WideCounts,
    spec: CountTableSpec,
    others: list[PublicCounts],
    hierarchies: dict,
    *,
    base_dir,
    source: str,
    dataset: str,
) -> ReleasesSystem:
    """The structure of ``counts`` (this table, wide) next to ``others``, from the true
    ``records``."""
    label = f"{dataset}: teltabel {spec.name}"
    other_counts = [wide_counts(o.table, None, o.spec) for o in others]
    tables = [(spec, counts, label)]
    tables += [(o.spec, w, o.label) for o, w in zip(others, other_counts, strict=True)]
    units = build_units(tables, hierarchies, records, base_dir=base_dir, source=source)
    n_units = int(np.prod(units.shape))
    units_true = np.bincount(units.of_record, minlength=n_units).astype(float)
    weight = np.random.default_rng(20261206).integers(1, 2**63, n_units, dtype=np.uint64)

    unit_cell, kept, required = [], [], []
    signature = {}
    for i, (table_spec, wide, _) in enumerate(tables):
        cells = cells_of_units(units, table_spec, wide)
        unit_cell.append(cells[0])
        n_cells = wide.model.n_cells
        signature[i] = signatures(cells, n_cells, weight)
        if i == 0:
            continue
        truth = cell_sums(cells, units_true, n_cells)
        shown = ~np.isnan(wide.values)
        kept.append(shown & np.isclose(wide.values, truth))
        required.append(~shown & _small(truth, spec))
    mine = signature[0]
    public = np.zeros(counts.model.n_cells, dtype=bool)
    carried = np.zeros(counts.model.n_cells, dtype=bool)
    for i, keep in enumerate(kept, start=1):
        theirs = signature[i][keep]
        public |= np.isin(mine, theirs[theirs > 0])
        hid = signature[i][np.isnan(tables[i][1].values)]
        carried |= np.isin(mine, hid[hid > 0])
    already = np.flatnonzero(public & counts.primary & np.isnan(counts.values))
    return ReleasesSystem(
        dataset=dataset,
        table=spec.name,
        label=label,
        others=list(others),
        other_counts=other_counts,
        n_units=n_units,
        unit_cell=unit_cell,
        kept=kept,
        required=required,
        already_public=already,
        carried=np.flatnonzero(carried & ~np.isnan(counts.values)),
        layout_values=counts.layout.values,
        regions=counts.wide[REGION_COLUMNS[0]].astype(str).tolist(),
    )


def releases_joint(
    system: ReleasesSystem, counts: WideCounts, values: np.ndarray
) -> tuple[JointSystem, list[WideCounts], np.ndarray]:
    """``A @ v = 0`` over [this table | the other tables | units | one]; also each variable's
    offset per table."""
    others = system.other_counts
    tables = [counts, *others]
    sizes = [t.model.n_cells for t in tables]
    offset = np.r_[0, np.cumsum(sizes)]
    first_unit = int(offset[-1])
    one = first_unit + system.n_units
    n_vars = one + 1
    blocks = []
    for t, table in enumerate(tables):
        A = table.model.A.tocsr()
        blocks.append(
            sp.hstack(
                [
                    sp.csr_matrix((A.shape[0], int(offset[t]))),
                    A,
                    sp.csr_matrix((A.shape[0], n_vars - int(offset[t + 1]))),
                ]
            )
        )
        cells = system.unit_cell[t]
        units = np.flatnonzero(cells >= 0)
        finest, row = np.unique(cells[units], return_inverse=True)
        blocks.append(
            sp.csr_matrix(
                (
                    np.r_[np.ones(len(finest)), -np.ones(len(units))],
                    (
                        np.r_[np.arange(len(finest)), row],
                        np.r_[offset[t] + finest, first_unit + units],
                    ),
                ),
                shape=(len(finest), n_vars),
            )
        )
    A = sp.vstack(blocks).tocsr()
    known = [~np.isnan(values), *system.kept]
    shown = [values, *(o.values for o in others)]
    pairs = zip(known, shown, strict=True)
    y = np.r_[
        np.concatenate([np.where(k, np.nan_to_num(v), 0.0) for k, v in pairs]),
        np.zeros(system.n_units),
        1.0,
    ]
    hidden = np.r_[
        np.concatenate([offset[t] + np.flatnonzero(~k) for t, k in enumerate(known)]),
        np.arange(first_unit, one),
    ].astype(np.int64)
    return JointSystem(A=A, y=y, hidden=hidden, n_cells=sizes[0]), others, offset


def audit_releases(
    system: ReleasesSystem,
    counts: WideCounts,
    spec: CountTableSpec,
    values: np.ndarray | None = None,
) -> tuple[LinkageReport, JointSystem, np.ndarray]:
    """Audit this table (``values``: the same with more hidden) with every table in
    ``system.others``. Returns the report, the system and the missing width per hidden
    variable."""
    started = time.perf_counter()
    values = counts.values if values is None else values
    joint, others, offset = releases_joint(system, counts, values)
    need = np.zeros(joint.A.shape[1])
    mine = counts.primary.copy()
    mine[system.already_public] = False
    need[: counts.model.n_cells] = np.where(mine, float(spec.width), 0.0)
    for t, required in enumerate(system.required, start=1):
        need[offset[t] : offset[t + 1]] = np.where(required, float(spec.width), 0.0)
    tables = [counts, *others]
    labels = system.publications

    def label(variable: int) -> str:
        t = int(np.searchsorted(offset, variable, side="right")) - 1
        return f"{labels[t]}: {tables[t].label(variable - int(offset[t]))}"

    report, missing = audit_joint(
        joint,
        need[joint.hidden],
        label=label,
        publications=labels,
        population=f"{system.dataset} (teltabel {system.table} en wat al openbaar is)",
        width=spec.width,
        n_parts=system.n_units,
        n_cells=int(offset[-1]),
        started=started,
    )
    return report, joint, missing


def releases_error(system: ReleasesSystem, report: LinkageReport, rounds: int) -> ProtectionError:
    return ProtectionError(
        f"{system.dataset}: teltabel {system.table} samen met "
        f"{', '.join(o.label for o in system.others)} onthult de afgeschermde cel "
        f"{report.first_finding()}; ook na {rounds} ronde(n) extra afschermen; niets wordt "
        f"gepubliceerd. {NEXT_STEP}"
    )


def earlier_count_tables(
    version: PublishedVersion, declared: list[CountTableSpec]
) -> list[PublicCounts]:
    """Every count table of ``version`` as :class:`PublicCounts`, its layout read from the
    resource (``x-teltabel``).

    A bundle written before resources carried their layout gets the layout of the declared count
    table of the same resource name, if its columns are that table's; a count table whose layout
    cannot be known is an error (the audit cannot say what it reveals together with this one).
    """
    by_name = {count_resource_name(version.dataset, s): s for s in declared}
    out = []
    for resource in version.package().get("resources", []):
        name, layout = resource.get("name"), resource.get(COUNT_LAYOUT)
        if resource.get("format") != "csv" or (layout is None and name not in by_name):
            continue
        label = f"{version.label}: teltabel {name}"
        spec = CountTableSpec.model_validate(layout) if layout is not None else by_name[name]
        table = pd.read_csv(version.folder / resource["path"], dtype=str, keep_default_na=False)
        expected = {*REGION_COLUMNS, *(d.name for d in spec.dimensions), spec.count.name}
        if set(table.columns) != expected:
            raise ProtectionError(
                f"{label}: de indeling ({', '.join(table.columns)}) is onbekend; samen toetsen "
                f"kan niet, dus niets wordt gepubliceerd. {NEXT_STEP}"
            )
        out.append(public_counts(label, spec, table))
    return out
