"""Presidio analysis of many texts, spread over a pool of worker processes.

Why a module of its own: the pool's entry points (``_worker_init``, ``_analyze_chunk``) are
pickled by qualified name and run in forkserver children that preload
:mod:`haarlem_opendata.pii.worker`; keeping them here, apart from the column rules and the
report, keeps what a worker imports small and the pool's protocol in one place.

The cheap pre-filter gate runs in the calling process over all texts at once; only the texts it
lets through go to the analyzer, each worker building it once with the name lists this process
reads (``lexicon``), never the environment. Nothing here logs or raises with a text.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from haarlem_opendata.pii.prefilter import GATE_MIN_THRESHOLD, flagged_entities

MIN_CHUNK = 2_000
MAX_CHUNK = 50_000

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
