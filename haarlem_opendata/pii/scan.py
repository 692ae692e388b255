"""Scan every cell of a table that is about to be published; report findings masked.

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
import multiprocessing
import os
import re
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from haarlem_opendata.pii.allow import AllowList
from haarlem_opendata.pii.entities import DEFINITIONS, ENTITY_LABELS_NL
from haarlem_opendata.pii.masking import mask_value
from haarlem_opendata.pii.prefilter import GATE_MIN_THRESHOLD, flagged_entities
from haarlem_opendata.spec import PiiSpec

MAX_ROWS_IN_METADATA = 20
MAX_EXAMPLES = 3
SAMPLE_SIZE = 200
WHOLE_COLUMN_SHARE = 0.8
NAME_EVIDENCE_SHARE = 0.3
MIN_CHUNK = 2_000
MAX_CHUNK = 50_000

# Header words that say what a column holds (split on _ - space, lower-cased), and the shape of
# each cell of such a column; in the order a header is matched.
_HEADER_ENTITIES = {d.type: d.header_words for d in DEFINITIONS if d.header_words}
_SHAPES = {d.type: d.column_shape for d in DEFINITIONS if d.column_shape is not None}


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


# --- analysis in worker processes -------------------------------------------------------------

Hit = tuple[str, int, int, float]  # entity_type, start, end, score


def _drop_nested(hits: list[Hit]) -> list[Hit]:
    """A URL inside an e-mail address, a postcode inside an address: keep the outer finding.

    Of two hits on the same span (``2021NR`` as postcode and as kenteken) the higher score wins.
    """
    keep = []
    for h in hits:
        inside = any(
            o is not h
            and o[1] <= h[1]
            and h[2] <= o[2]
            and ((o[2] - o[1]) > (h[2] - h[1]) or o[3] > h[3])
            for o in hits
        )
        if not inside:
            keep.append(h)
    return keep


def _analyze(
    texts: Sequence[str], entities: Sequence[list[str] | None], threshold: float
) -> list[list[Hit]]:
    """Presidio hits at or above ``threshold`` per text, each looked at for ``entities`` only
    (``None``: every entity type)."""
    from haarlem_opendata.pii.analyzer import build_analyzer

    analyzer = build_analyzer()
    out = []
    for text, wanted in zip(texts, entities, strict=True):
        results = analyzer.analyze(
            text=text, language="nl", entities=wanted, score_threshold=threshold
        )
        out.append(_drop_nested([(r.entity_type, r.start, r.end, float(r.score)) for r in results]))
    return out


def _gate(texts: Sequence[str], threshold: float) -> tuple[list[int], list[list[str] | None]]:
    """The texts the analyzer must see and the entity types to look for in each.

    At or below ``GATE_MIN_THRESHOLD`` the gate is not a safe superset: every text, every type.
    """
    if threshold <= GATE_MIN_THRESHOLD:
        return list(range(len(texts))), [None] * len(texts)
    rows, entities = flagged_entities(texts)
    return rows.tolist(), list(entities)


def _analyze_chunk(
    args: tuple[list[str], list[list[str] | None], float],
) -> tuple[list[list[Hit]], int, float]:
    # the worker's CPU time since it was forked, so the caller can count every worker once
    hits = _analyze(*args)
    return hits, os.getpid(), time.process_time()


def analyze_many(
    texts: Sequence[str], threshold: float, workers: int
) -> tuple[dict[int, list[Hit]], dict[int, float]]:
    """Hits per position in ``texts`` (texts without hits left out).

    The gate runs here, over all texts at once; only the texts it lets through go to the
    analyzer, over ``workers`` processes forked with the analyzer built.

    Also returns the CPU seconds used per worker process (none when the work stayed here).
    """
    rows, entities = _gate(texts, threshold)
    todo = [texts[i] for i in rows]
    cpu_by_worker: dict[int, float] = {}
    if workers <= 1 or len(todo) < 2 * MIN_CHUNK:
        found = _analyze(todo, entities, threshold)
    else:
        size = max(MIN_CHUNK, min(MAX_CHUNK, -(-len(todo) // (4 * workers))))
        chunks = [
            (todo[i : i + size], entities[i : i + size], threshold)
            for i in range(0, len(todo), size)
        ]
        from haarlem_opendata.pii.lexicon import names_dir

        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["haarlem_opendata.pii.worker"])
        with ProcessPoolExecutor(
            workers, mp_context=context, initializer=_worker_init, initargs=(names_dir(),)
        ) as pool:
            parts = list(pool.map(_analyze_chunk, chunks))
        found = [hits for part, _, _ in parts for hits in part]
        for _, pid, cpu in parts:
            cpu_by_worker[pid] = max(cpu, cpu_by_worker.get(pid, 0.0))
    return {row: hits for row, hits in zip(rows, found, strict=True) if hits}, cpu_by_worker


def _worker_init(names: Path) -> None:
    """Read the name lists this process reads (``names``), not the environment.

    The forkserver preloaded the analyzer with the shipped lists; another folder clears it and
    it is built again here, before the first chunk.
    """
    from haarlem_opendata.pii.analyzer import build_analyzer
    from haarlem_opendata.pii.lexicon import use_names_dir

    use_names_dir(names)
    build_analyzer()
    gc.freeze()  # as the preload does: the analyzer lives as long as the worker


# --- column classification --------------------------------------------------------------------


def _header_entity(column: str) -> str | None:
    words = set(re.split(r"[\s_\-.]+", str(column).lower())) | {str(column).lower()}
    for entity, names in _HEADER_ENTITIES.items():
        if words & names:
            return entity
    return None


def _worth_analysing(series: pd.Series, uniques: pd.Index | np.ndarray) -> np.ndarray:
    """Indices of the unique values the analyzer must see.

    Timestamps, booleans and fractional numbers cannot hold a name or an identifying number, and
    a whole number below 10^8 is too short for a BSN or a phone number (both need nine digits
    or more): only their header is judged.
    """
    if pd.api.types.is_datetime64_any_dtype(series) or pd.api.types.is_bool_dtype(series):
        return np.zeros(0, dtype=np.int64)
    if pd.api.types.is_numeric_dtype(series):
        numbers = np.asarray(uniques, dtype="float64")
        whole = numbers == np.floor(numbers)
        return np.flatnonzero(whole & (np.abs(numbers) >= 1e8))
    return np.arange(len(uniques))


def _is_text(series: pd.Series) -> bool:
    return not (
        pd.api.types.is_numeric_dtype(series)
        or pd.api.types.is_datetime64_any_dtype(series)
        or pd.api.types.is_timedelta64_dtype(series)
    )


def _text_of(value: object) -> str:
    # a whole number read as float (123456782.0) must be seen as 123456782
    if isinstance(value, float | np.floating):
        number = float(value)
        if number.is_integer() and abs(number) < 1e18:
            return str(int(number))
    return str(value)


class _UniqueValues(Sequence[str]):
    """The unique values of a number or timestamp column, as text only when looked at.

    Only a sample, the examples and the rare whole numbers of nine digits or more are ever
    read, so a million timestamps are never all formatted.
    """

    def __init__(self, uniques: pd.Index) -> None:
        self._uniques = uniques

    def __len__(self) -> int:
        return len(self._uniques)

    def __getitem__(self, i: int) -> str:  # type: ignore[override]
        return _text_of(self._uniques[i])


def _factorize(series: pd.Series) -> tuple[np.ndarray, Sequence[str], pd.Index]:
    """Codes of the non-missing cells, their unique values as text, and the raw uniques."""
    values = series.dropna()
    if _is_text(series):
        codes, uniques = pd.factorize(values.astype(str), sort=False)
        return codes, [str(u) for u in uniques], uniques
    codes, uniques = pd.factorize(values, sort=False)
    return codes, _UniqueValues(uniques), uniques


def _person_evidence(sample: pd.Series) -> float:
    """Share of values holding a given name or surname from the lexicon (or initials)."""
    from haarlem_opendata.pii.lexicon import given_names, surnames

    names = given_names() | surnames()

    def has_name(value: str) -> bool:
        words = re.findall(r"[\w'’-]+\.?", value)
        return any(w in names or re.fullmatch(r"[A-Z]\.", w) for w in words)

    return float(sample.map(has_name).mean())


def _whole_column_entity(
    column: str, texts: pd.Series, sample_hits: dict[str, int], sampled: int
) -> str | None:
    """The entity a column consists of, judged from its header and a sample of its values."""
    if sampled == 0:
        return None
    sample = texts.iloc[:SAMPLE_SIZE]
    header = _header_entity(column)
    if header is not None:
        shaped = sample.str.strip().str.match(_SHAPES[header]).mean()
        # "gemaal_naam", "buurt_naam": a name-shaped header alone is not enough for persons
        evidence = header != "PERSON" or _person_evidence(sample) >= NAME_EVIDENCE_SHARE
        if shaped >= WHOLE_COLUMN_SHARE and evidence:
            return header
    for entity, n in sample_hits.items():
        if n / sampled >= WHOLE_COLUMN_SHARE:
            return entity
    return None


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
