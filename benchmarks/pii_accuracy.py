"""Recall and precision per entity type of the Dutch PII scanner on the seeded corpus.

Runs the scanner's own path (pre-filter gate, analyzer, threshold, nested-hit removal) over the
free-text column of ``pii_corpus.make_corpus``. A planted span is found when a hit of the same
entity type overlaps it; a hit is correct when it overlaps a planted span of its type.

The corpus plants only the names in ``pii_holdout_names``, and the scan runs with a copy of the
shipped name lists without them (``lexicon.use_names_dir``), so name recall is measured
on names the recognizer has never seen; ``evaluate`` refuses to run otherwise.

It also measures redaction (``pii_redaction.py``): per entity type the share of planted spans
still readable after ``redact_values``, on this corpus (family A) and on a second, differently
phrased family (``pii_corpus_b.py``, B), plus the placeholders put into hand-written hard
negatives (``pii_hard_negatives.py``).

    uv run python benchmarks/pii_accuracy.py [n_rows]            # evaluation seed, writes json
    uv run python benchmarks/pii_accuracy.py 5000 --errors       # development seed, prints errors
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import pii_redaction
from benchmarks.pii_corpus import ENTITIES, make_corpus
from benchmarks.pii_holdout_names import GIVEN_NAMES, SURNAMES
from haarlem_opendata.pii import lexicon
from haarlem_opendata.pii.scan import find_in_values
from haarlem_opendata.spec import PiiSpec

PATTERN_TARGET_RECALL, NAME_TARGET_RECALL = 0.99, 0.90
NAME_TARGET_PRECISION, PATTERN_TARGET_PRECISION = 0.90, 0.99


def hits_per_text(texts: list[str], workers: int) -> list[list]:
    """The scanner's hits (entity, start, end, score) for each text, in order."""
    found = find_in_values(texts, PiiSpec(), workers)
    return [found.get(i, []) for i in range(len(texts))]


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


DEV_SEED = 2024  # the rules were tuned while looking at errors on this seed
# Reported figures: a seed whose errors were never looked at. (Seed 7 served as evaluation seed
# first; one generic bug found among its misses was fixed, so it no longer counts as unseen.)
EVAL_SEED = 99
EVAL_SEED_B = 4242  # family B (pii_corpus_b): rules were looked at on seed 11 only


def write_lexicon_without_holdout(directory: Path) -> Path:
    """The shipped name lists minus the held-out names, as files in ``directory``."""
    held_out = set(GIVEN_NAMES) | set(SURNAMES)
    for name in lexicon.NAME_FILES:
        shipped = (lexicon.SHIPPED_DIR / name).read_text(encoding="utf-8").splitlines()
        kept = [n for n in shipped if n.strip() and n.strip() not in held_out]
        (directory / name).write_text("\n".join(kept) + "\n", encoding="utf-8")
    return directory


def _lexicon_knows_no_planted_name() -> dict:
    known = lexicon.given_names() | lexicon.surnames()
    leaked = known & (set(GIVEN_NAMES) | set(SURNAMES))
    if leaked:
        raise SystemExit(
            f"the scanner's lexicon holds {len(leaked)} of the planted names: point "
            "lexicon.use_names_dir at a lexicon without them (see main())"
        )
    return {
        "given_names": len(lexicon.given_names()),
        "surnames": len(lexicon.surnames()),
        "planted_given_names": len(GIVEN_NAMES),
        "planted_surnames": len(SURNAMES),
        "overlap": 0,
    }


def evaluate(
    n_rows: int, seed: int = EVAL_SEED, workers: int = 2, show_errors: bool = False
) -> dict:
    lexicon_sizes = _lexicon_knows_no_planted_name()
    df, truth = make_corpus(n_rows, seed=seed)
    texts = df["omschrijving"].tolist()
    t0 = time.perf_counter()
    hits = hits_per_text(texts, workers)
    seconds = time.perf_counter() - t0
    planted, found, predicted, correct = Counter(), Counter(), Counter(), Counter()
    misses, false_pos = [], []
    for text, spans, hs in zip(texts, truth, hits, strict=True):
        for entity, start, end in spans:
            planted[entity] += 1
            if any(h[0] == entity and _overlaps((h[1], h[2]), (start, end)) for h in hs):
                found[entity] += 1
            elif show_errors:
                misses.append((entity, text[start:end], text))
        for entity, start, end, _ in hs:
            predicted[entity] += 1
            if any(e == entity and _overlaps((start, end), (s, t)) for e, s, t in spans):
                correct[entity] += 1
            elif show_errors:
                false_pos.append((entity, text[start:end], text))
    per_type = {}
    for entity in ENTITIES:
        recall = found[entity] / planted[entity] if planted[entity] else None
        precision = correct[entity] / predicted[entity] if predicted[entity] else None
        is_name = entity == "PERSON"
        per_type[entity] = {
            "planted": planted[entity],
            "found": found[entity],
            "predicted": predicted[entity],
            "correct": correct[entity],
            "recall": round(recall, 4) if recall is not None else None,
            "precision": round(precision, 4) if precision is not None else None,
            "recall_target": NAME_TARGET_RECALL if is_name else PATTERN_TARGET_RECALL,
            "precision_target": NAME_TARGET_PRECISION if is_name else PATTERN_TARGET_PRECISION,
        }
    result = {
        "rows": n_rows,
        "seed": seed,
        "texts_with_pii": sum(1 for s in truth if s),
        "unique_text_share": round(df["omschrijving"].nunique() / n_rows, 4),
        "seconds": round(seconds, 2),
        "lexicon_used": lexicon_sizes,
        "per_type": per_type,
        "all_targets_met": all(
            v["recall"] is not None
            and v["recall"] >= v["recall_target"]
            and (v["precision"] or 0) >= v["precision_target"]
            for v in per_type.values()
        ),
    }
    if show_errors:
        result["_misses"] = misses[:40]
        result["_false_positives"] = false_pos[:40]
    return result


def main() -> None:
    n_rows = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    show = "--errors" in sys.argv
    # this process and the scan's worker processes read these lists (passed to each worker)
    lexicon.use_names_dir(
        write_lexicon_without_holdout(Path(tempfile.mkdtemp(prefix="pii-lexicon-")))
    )
    result = evaluate(n_rows, seed=DEV_SEED if show else EVAL_SEED, show_errors=show)
    # redaction: the share of planted PII still readable after redact_values, on both families
    # (family B's eval seed differs from the seed 11 its rules were checked on)
    result["redaction"] = pii_redaction.evaluate(n_rows, seed_a=EVAL_SEED, seed_b=EVAL_SEED_B)
    if show:  # local debugging only: the corpus is synthetic, but keep results files clean
        for key in ("_misses", "_false_positives"):
            for row in result.pop(key):
                print(key, row)
    out = Path(__file__).parent / "results" / "pii_accuracy.json"
    if not show:
        out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
