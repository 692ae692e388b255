"""The protected stage: from a raw table to the only table that may leave the raw stage.

Order matters and is fixed here, not per dataset: direct identifiers go first (so no later step
even sees them), then count-table protection or k-anonymity as the spec asks, then free text is
redacted — or dropped when the spec does not ask for redaction, because unscanned free text is
never published — and finally only the declared published columns remain.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from haarlem_opendata.errors import ProtectionError
from haarlem_opendata.protect.summary import (
    AnonymitySummary,
    CellsSummary,
    FreeTextSummary,
    LinkageSummary,
    ProtectionSummary,
    VersionsSummary,
)
from haarlem_opendata.spec import (
    AnonymitySpec,
    CellProtectionSpec,
    ColumnRole,
    DatasetSpec,
    GeoSpec,
)

SUPPRESSION_MARKER = ""  # suppressed cells are empty fields in CSV, declared in missingValues


@dataclass
class ProtectedTable:
    """The protected table plus the summary of every protection applied to it."""

    table: pd.DataFrame
    protection: ProtectionSummary = field(default_factory=ProtectionSummary)
    suppression_marker: str = SUPPRESSION_MARKER
    # Inputs for the checks that must never be published (e.g. which cells were primary: knowing
    # that a hidden cell is primary tells an attacker it is small). Kept in the raw-stage storage.
    internal: dict[str, Any] = field(default_factory=dict)
    # Protected count tables derived from the records (long form), published as extra resources.
    count_tables: dict[str, pd.DataFrame] = field(default_factory=dict)


def protect_table(
    spec: DatasetSpec,
    source: pd.DataFrame,
    *,
    datasets_dir: Path,
    metadata_dir: Path,
    linkage: list | None = None,
    earlier: list | None = None,
    earlier_counts: list | None = None,
) -> ProtectedTable:
    """Apply the spec's protection to ``source``; the result holds published columns only.

    ``linkage`` (:class:`~haarlem_opendata.protect.linkage.LinkageInputs`, one per population the
    dataset counts) adds the joint audit with every linked publication; where the dataset merges
    areas, failing areas are merged further until it passes, and where it suppresses a linked
    column, the cells holding a revealed part are hidden. ``earlier``
    (:class:`~haarlem_opendata.protect.cells.versions.EarlierTable`, versions of the same period
    still public) keeps a suppression pattern stable and audits the new version with them;
    ``earlier_counts`` (:class:`~haarlem_opendata.protect.counts.releases.PublicCounts`, the
    count tables of those versions) does the same for the count tables.
    """
    internal: dict[str, Any] = {}
    dropped = [c for c in spec.direct_identifiers if c in source.columns]
    table = source.drop(columns=dropped)

    cells = spec.protection.cells
    linked = None
    cells_summary: CellsSummary | None = None
    versions: VersionsSummary | None = None
    if cells is not None:
        result, linked, versions = _protect_cells(
            spec, cells, table, metadata_dir=metadata_dir, linkage=linkage, earlier=earlier or []
        )
        table = result.table
        cells_summary = result.summary()
        primary = getattr(result, "primary", None)
        if primary is not None:
            internal["primary"] = primary.reset_index(drop=True)

    counted = _count_tables(table, spec, datasets_dir) if spec.protection.count_tables else {}

    anonymity = spec.protection.anonymity
    anonymity_summary: AnonymitySummary | None = None
    records = table
    if anonymity is not None:
        table, anonymity_summary = _k_anonymize(table, spec, anonymity, datasets_dir)
        if counted:
            counted, internal["count_tables_rows"] = _with_rows(
                counted, records, table, spec, anonymity, datasets_dir
            )
    if counted and (earlier_counts or len(counted) > 1):
        counted, internal["count_tables_releases"] = _with_releases(
            counted, records, spec, earlier_counts or [], datasets_dir
        )
    count_tables = {name: c.table for name, c in counted.items()}
    count_summaries = [c.summary for c in counted.values()] if counted else None
    if counted:
        internal["count_tables_primary"] = {name: c.primary for name, c in counted.items()}

    table, free_text = _handle_free_text(table, spec)

    renumber = spec.protection.renumber
    if renumber is not None:
        table = _renumber(table, spec, renumber)

    linkage_summary: LinkageSummary | None = None
    if linkage:
        table_out = table
        if linked is None:
            from haarlem_opendata.protect.linkage.protect import protect_linked

            _, reports, rounds = protect_linked(
                spec.name, linkage, lambda _force: _Final(table_out), remedy=None, max_rounds=1
            )
            linked = (reports, rounds)
        from haarlem_opendata.protect.linkage.protect import compress

        reports, rounds = linked
        linkage_summary = LinkageSummary(
            populations=[i.summary(r) for i, r in zip(linkage, reports, strict=True)],
            rounds=rounds,
            audits=[r.to_metadata() for r in reports],
        )
        internal["linkage"] = [compress(table, i) for i in linkage]
    elif linkage is not None:
        # Looked for and none found: no other publication counts this population (another
        # gemeente's partition), so the linkage audit has nothing to add up against.
        internal["linkage"] = []

    missing = [c.name for c in spec.published_columns if c.name not in table.columns]
    if missing:
        raise ProtectionError(
            f"{spec.file}: protection did not produce the published columns {missing}"
        )
    columns = [c.name for c in spec.published_columns]
    table = table[columns]
    if hasattr(table, "geometry") and "geometry" not in columns:
        table = pd.DataFrame(table)
    protection = ProtectionSummary(
        identifiers_dropped=dropped,
        versions=versions,
        cells=cells_summary,
        count_tables=count_summaries,
        anonymity=anonymity_summary,
        free_text=free_text,
        linkage=linkage_summary,
    )
    return ProtectedTable(
        table=table.reset_index(drop=True),
        protection=protection,
        internal=internal,
        count_tables=count_tables,
    )


def _protect_cells(
    spec: DatasetSpec,
    cells: CellProtectionSpec,
    source: pd.DataFrame,
    *,
    metadata_dir: Path,
    linkage: list | None,
    earlier: list,
) -> tuple[Any, tuple[list, int] | None, VersionsSummary | None]:
    """Count-table protection with the remedies against linking; (result, linked, versions)."""
    from haarlem_opendata.protect.cells import protect_count_table

    suppression = cells.method == "suppression"
    key_column = spec.primary_key[0]
    stable: dict[tuple[str, str], float] = {}
    known: set[tuple[str, str]] = set()
    if suppression and earlier:
        from haarlem_opendata.protect.cells.versions import known_cells, stable_pattern

        stable = stable_pattern(source, earlier, cells, key_column)
        known = known_cells(source, earlier, cells, key_column)

    def run(force: list[Any]) -> Any:  # areas to merge, or cells to hide
        if cells.method == "merge_areas":
            merge, hide = area_remedies(force)
            return protect_count_table(
                source,
                cells,
                metadata_dir=metadata_dir,
                file=spec.name,
                force_merge=merge,
                force_hide=hide,
            )
        hidden: dict[Any, float] = {**stable, **{item: float(cells.width) for item in force}}
        return protect_count_table(
            source,
            cells,
            metadata_dir=metadata_dir,
            file=spec.name,
            force_hidden=hidden or None,
            known=known,
        )

    linked = None
    from haarlem_opendata.protect.linkage.remedies import area_remedies, remedy_for

    remedy = remedy_for(cells)
    if linkage and remedy is not None:
        from haarlem_opendata.protect.linkage.protect import protect_linked

        result, reports, rounds = protect_linked(
            spec.name, linkage, run, remedy=remedy, max_rounds=spec.protection.linkage.max_rounds
        )
        linked = (reports, rounds)
    else:
        result = run([])
    versions = None
    if suppression and earlier:
        from haarlem_opendata.protect.cells.versions import audit_with_earlier, version_error

        audit = audit_with_earlier(
            source,
            result.table,
            result.primary,
            earlier,
            cells,
            key_column=key_column,
            n_stable=len(stable),
            file=spec.name,
        )
        if not audit.passed:
            raise version_error(spec.name, audit)
        versions = audit.summary()
    return result, linked, versions


@dataclass
class _Final:
    table: pd.DataFrame


def _count_tables(records: pd.DataFrame, spec: DatasetSpec, datasets_dir: Path) -> dict[str, Any]:
    """Every count table of the spec, counted from the records before they are generalised."""
    from haarlem_opendata.protect.counts.protect import protect_counts

    # the spec guarantees every count table's hierarchies are declared under anonymity
    anonymity = spec.protection.anonymity
    hierarchies = {} if anonymity is None else dict(anonymity.quasi_identifiers)
    return {
        table_spec.name: protect_counts(
            records,
            table_spec,
            hierarchies,
            base_dir=datasets_dir,
            source=str(spec.file or spec.name),
        )
        for table_spec in spec.protection.count_tables
    }


def _with_rows(
    counted: dict[str, Any], records: pd.DataFrame, rows: pd.DataFrame, spec, rules, datasets_dir
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Each count table audited together with the published rows; more cells hidden if needed."""
    from haarlem_opendata.protect.counts.with_rows import protect_with_rows

    out, systems = {}, {}
    for name, protected in counted.items():
        out[name], systems[name] = protect_with_rows(
            protected,
            records,
            rows,
            dict(rules.quasi_identifiers),
            base_dir=datasets_dir,
            source=str(spec.file or spec.name),
            dataset=spec.name,
        )
    return out, systems


def _with_releases(
    counted: dict[str, Any], records: pd.DataFrame, spec, earlier: list, datasets_dir
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Each count table audited with what is public already: the earlier versions' count tables
    and the tables of this release finished before it (so every pair is audited once)."""
    from haarlem_opendata.protect.counts.releases import PublicCounts
    from haarlem_opendata.protect.counts.with_releases import protect_with_releases

    anonymity = spec.protection.anonymity
    hierarchies = {} if anonymity is None else dict(anonymity.quasi_identifiers)
    out, systems, done = {}, {}, list(earlier)
    for name, protected in counted.items():
        if done:
            out[name], systems[name] = protect_with_releases(
                protected,
                records,
                done,
                hierarchies,
                base_dir=datasets_dir,
                source=str(spec.file or spec.name),
                dataset=spec.name,
            )
        else:
            out[name] = protected
        label = f"{spec.name}: teltabel {name}"
        done = [*done, PublicCounts(label, protected.spec, out[name].table)]
    return out, systems


def _k_anonymize(
    table: pd.DataFrame, spec: DatasetSpec, rules: AnonymitySpec, datasets_dir: Path
) -> tuple[pd.DataFrame, AnonymitySummary]:
    from haarlem_opendata.protect.anonymity import k_anonymize
    from haarlem_opendata.protect.anonymity.local import local_recode

    source = str(spec.file or spec.name)
    if rules.recoding == "local":
        local = local_recode(
            table,
            quasi_identifiers=dict(rules.quasi_identifiers),
            k=rules.k,
            max_suppression=rules.max_suppression,
            l_diversity=list(rules.l_diversity) or None,
            weights=rules.weights,
            base_dir=datasets_dir,
            source=source,
        )
        inputs = [c for c in _quasi_identifier_inputs(rules) if c not in rules.quasi_identifiers]
        out = local.data.drop(columns=[c for c in inputs if c in local.data.columns])
        return out, local.summary()
    result = k_anonymize(
        table,
        quasi_identifiers=dict(rules.quasi_identifiers),
        k=rules.k,
        max_suppression=rules.max_suppression,
        l_diversity=list(rules.l_diversity) or None,
        metric=rules.metric,
        weights=rules.weights,
        base_dir=datasets_dir,
        source=source,
    )
    kept = table.loc[result.data.index]
    generalised = result.data
    inputs = _quasi_identifier_inputs(rules)
    out = kept.drop(columns=[c for c in inputs if c in kept.columns])
    for name in rules.quasi_identifiers:
        out[name] = generalised[name]
    return out, result.summary()


def _quasi_identifier_inputs(rules: AnonymitySpec) -> list[str]:
    """Source columns a quasi-identifier replaces (x/y for a geo hierarchy)."""
    columns = []
    for name, hierarchy in rules.quasi_identifiers.items():
        if isinstance(hierarchy, GeoSpec):
            columns += [hierarchy.x, hierarchy.y]
        else:
            columns.append(name)
    return columns


def _handle_free_text(
    table: pd.DataFrame, spec: DatasetSpec
) -> tuple[pd.DataFrame, FreeTextSummary]:
    free_text = [
        c.name for c in spec.columns_with_role(ColumnRole.free_text) if c.name in table.columns
    ]
    redact = [c for c in free_text if c in spec.protection.pii.redact_columns]
    drop = [c for c in free_text if c not in redact]
    summary = FreeTextSummary(redacted_columns=redact, dropped_columns=drop)
    if drop:
        table = table.drop(columns=drop)
    if redact:
        from haarlem_opendata.pii.redact import redact_dataframe

        table = redact_dataframe(table, redact, spec.protection.pii)
    return table, summary


def _renumber(table: pd.DataFrame, spec: DatasetSpec, column: str) -> pd.DataFrame:
    others = [
        c.name for c in spec.published_columns if c.name != column and c.name in table.columns
    ]
    ordered = table.sort_values(others, kind="mergesort", na_position="first").copy()
    ordered[column] = range(1, len(ordered) + 1)
    return ordered
