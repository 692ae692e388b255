"""Scan every cell of a table that is about to be published; report findings masked.

The public entry of the scan (``scan_dataframe``, ``find_in_values``, ``ScanReport``,
``Finding``): it ties the column rules (``columns``) to the analysis in worker processes
(``pool``) and turns their hits into a report.

Per column: a column that *is* names, e-mail addresses, phone numbers … (header plus a sample)
is flagged as a whole; every other column is scanned on its unique values only, and only the
values that pass the cheap pre-filter go to the Presidio analyzer, spread over worker processes
that each build the analyzer once, with the name lists this process reads (``lexicon``; the
scan stage sets them from the settings). Rows are reported as 0-based positions in the
DataFrame.
Nothing here logs or raises with a cell value; examples are masked with ``mask_value``.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from haarlem_opendata.pii.allow import AllowList
from haarlem_opendata.pii.columns import (
    SAMPLE_SIZE,
    _factorize,
    _whole_column_entity,
    _worth_analysing,
)
from haarlem_opendata.pii.entities import ENTITY_LABELS_NL
from haarlem_opendata.pii.masking import mask_value
from haarlem_opendata.pii.pool import Hit, analyze_many
from haarlem_opendata.spec import PiiSpec

MAX_ROWS_IN_METADATA = 20
MAX_EXAMPLES = 3


@dataclass
class Finding:
    """One entity type found in one column. ``rows`` are 0-based positions in the DataFrame."""

    column: str
    entity_type: str
    count: int
    rows: list[int]
    examples: list[str]  # masked
    max_score: float
    whole_column: bool = False

    def to_metadata(self) -> dict:
        return {
            "column": self.column,
            "entity_type": self.entity_type,
            "count": self.count,
            "rows": self.rows[:MAX_ROWS_IN_METADATA],
            "rows_truncated": len(self.rows) > MAX_ROWS_IN_METADATA,
            "examples": self.examples[:MAX_EXAMPLES],
            "max_score": round(float(self.max_score), 2),
            "whole_column": self.whole_column,
        }


@dataclass
class ScanReport:
    findings: list[Finding]
    threshold: float
    n_rows: int
    columns_scanned: list[str]
    cells_scanned: int
    unique_values: int
    allow_listed: int = 0
    allow_list: list[dict] = field(default_factory=list)  # per entry: what, why, how often used
    extra: dict = field(default_factory=dict)  # run statistics (cpu_seconds); not in metadata

    @property
    def passed(self) -> bool:
        return not self.findings

    def to_metadata(self) -> dict:
        """JSON-safe and masked: for Dagster check metadata and a data package's privacy section."""
        return {
            "passed": self.passed,
            "threshold": self.threshold,
            "row_numbering": "0-based position in the table",
            "row_count": self.n_rows,
            "columns_scanned": list(self.columns_scanned),
            "cells_scanned": int(self.cells_scanned),
            "unique_values": int(self.unique_values),
            "allow_listed_findings": int(self.allow_listed),
            "allow_list": list(self.allow_list),
            "findings": [f.to_metadata() for f in self.findings],
        }

    def summary_nl(self) -> str:
        if self.passed:
            cells = f"{self.cells_scanned:,}".replace(",", ".")
            return (
                f"Alle {cells} cellen in {len(self.columns_scanned)} kolommen zijn "
                "automatisch gescand op persoonsgegevens (namen, BSN, telefoonnummers, e-mail- en "
                "woonadressen, postcodes, kentekens, IBAN, IP-adressen en geboortedata); er is "
                "niets gevonden."
            )
        parts = [
            f"{f.count}× {ENTITY_LABELS_NL.get(f.entity_type, f.entity_type)} in kolom '{f.column}'"
            for f in self.findings
        ]
        return (
            "De scan vond mogelijke persoonsgegevens: "
            + "; ".join(parts)
            + ". De tabel wordt niet gepubliceerd."
        )


# --- the scan ---------------------------------------------------------------------------------


def _accepted(
    hits: dict[int, list[Hit]], values: Sequence[str], allow: AllowList, column: str | None
) -> dict[int, list[Hit]]:
    """``hits`` without the findings the allow-list accepts."""
    if not allow:
        return hits
    out: dict[int, list[Hit]] = {}
    for i, found in hits.items():
        kept = [h for h in found if not allow.accepts(column, h[0], values[i][h[1] : h[2]])]
        if kept:
            out[i] = kept
    return out


def find_in_values(
    values: list[str], spec: PiiSpec, workers: int, column: str | None = None
) -> dict[int, list[Hit]]:
    """Hits per index into ``values``, after threshold and allow-list (``column``: where the
    values come from, for the allow-list entries that name one)."""
    hits, _ = analyze_many(values, spec.threshold, workers)
    return _accepted(hits, values, AllowList(spec.allow_list), column)


@contextmanager
def _gc_paused() -> Iterator[None]:
    """The scan allocates a million short-lived strings and lists but makes no reference
    cycles; left on, the cyclic collector would walk all of them again and again."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def scan_dataframe(
    df: pd.DataFrame, spec: PiiSpec | None = None, *, workers: int = 2
) -> ScanReport:
    """Scan every cell of ``df``; the report holds masked findings only."""
    with _gc_paused():
        return _scan(df, spec or PiiSpec(), workers)


def _scan(df: pd.DataFrame, spec: PiiSpec, workers: int) -> ScanReport:
    cpu_start = time.process_time()
    columns = list(df.columns)

    # Factorise every column once; analyse the union of unique values in one parallel pass.
    per_column: dict[str, tuple[np.ndarray, Sequence[str], np.ndarray]] = {}
    all_values: list[str] = []
    owners: list[tuple[str, np.ndarray]] = []  # per column: its unique values analysed
    for col in columns:
        name = str(col)
        positions = np.flatnonzero(df[col].notna().to_numpy())
        codes, values, uniques = _factorize(df[col])
        per_column[name] = (positions, values, codes)
        analysed = _worth_analysing(df[col], uniques)
        all_values.extend(values if len(analysed) == len(values) else [values[i] for i in analysed])
        owners.append((name, analysed))
    hits_by_value, cpu_by_worker = analyze_many(all_values, spec.threshold, workers)
    offsets = np.cumsum([0] + [len(analysed) for _, analysed in owners])
    hits_by_column: dict[str, dict[int, list[Hit]]] = {}
    for i, hits in sorted(hits_by_value.items()):
        k = int(np.searchsorted(offsets, i, side="right")) - 1
        name, analysed = owners[k]
        hits_by_column.setdefault(name, {})[int(analysed[i - offsets[k]])] = hits

    allow = AllowList(spec.allow_list)
    findings: list[Finding] = []
    cells = 0
    for col in columns:
        name = str(col)
        positions, uniques, codes = per_column[name]
        cells += len(positions)
        col_hits = _accepted(hits_by_column.get(name, {}), uniques, allow, name)
        findings.extend(_column_findings(name, positions, uniques, codes, col_hits, allow))

    return ScanReport(
        findings=findings,
        threshold=spec.threshold,
        n_rows=len(df),
        columns_scanned=[str(c) for c in columns],
        cells_scanned=cells,
        unique_values=sum(len(u) for _, u, _ in per_column.values()),
        allow_listed=allow.accepted,
        allow_list=allow.to_metadata(),
        extra={
            "cpu_seconds": time.process_time() - cpu_start + sum(cpu_by_worker.values()),
            "worker_processes": len(cpu_by_worker),
        },
    )


def _column_findings(
    name: str,
    positions: np.ndarray,
    uniques: Sequence[str],
    codes: np.ndarray,
    col_hits: dict[int, list[Hit]],
    allow: AllowList,
) -> list[Finding]:
    if len(positions) == 0:
        return []
    # evenly spread over the column, so a sorted table is not judged by its first rows
    spread = np.linspace(0, len(codes) - 1, min(SAMPLE_SIZE, len(codes))).astype(int)
    sample_codes = codes[np.unique(spread)]
    sample_hits: dict[str, int] = {}
    for code in sample_codes:
        hits = col_hits.get(int(code), [])
        value = uniques[int(code)]
        for entity in {h[0] for h in hits if h[2] - h[1] >= 0.6 * len(value.strip())}:
            sample_hits[entity] = sample_hits.get(entity, 0) + 1
    texts = pd.Series([uniques[int(c)] for c in sample_codes], dtype=object)
    whole = _whole_column_entity(name, texts, sample_hits, len(sample_codes))
    if whole is not None and allow.accepts_column(name, whole):
        whole = None
    if whole is not None:
        examples = [
            mask_value(uniques[int(c)], whole) for c in pd.unique(sample_codes)[:MAX_EXAMPLES]
        ]
        return [
            Finding(
                column=name,
                entity_type=whole,
                count=len(positions),
                rows=positions.tolist(),
                examples=examples,
                max_score=1.0,
                whole_column=True,
            )
        ]
    by_entity: dict[str, list[int]] = {}
    scores: dict[str, float] = {}
    examples_by: dict[str, list[str]] = {}
    for code, hits in col_hits.items():
        value = uniques[code]
        for entity, start, end, score in hits:
            by_entity.setdefault(entity, []).append(code)
            scores[entity] = max(scores.get(entity, 0.0), score)
            ex = examples_by.setdefault(entity, [])
            if len(ex) < MAX_EXAMPLES:
                masked = mask_value(value[start:end], entity)
                if masked not in ex:
                    ex.append(masked)
    findings = []
    for entity, codes_with in by_entity.items():
        rows = positions[np.isin(codes, np.unique(codes_with))]
        findings.append(
            Finding(
                column=name,
                entity_type=entity,
                count=len(rows),
                rows=rows.tolist(),
                examples=examples_by[entity],
                max_score=scores[entity],
            )
        )
    return sorted(findings, key=lambda f: f.entity_type)
