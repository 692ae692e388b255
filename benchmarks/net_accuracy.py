"""The last-line net's recall and false positives on the seeded PII corpus (benchmarks/pii_corpus).

The corpus was written for the Presidio scan, not for the net, so it is an outside test of it. For
each planted span of a type the net covers (phone, BSN, IBAN, e-mail, and the postcode + house
number form of an address) it counts whether a net hit of that type overlaps it; every net hit
that overlaps no planted span of a net type is a false positive (the corpus fills its texts with
case numbers failing the elfproef, amounts, dates, times, street names). Postcodes alone and
street + number addresses are not the net's shapes and are reported apart.
Run: ``uv run python benchmarks/net_accuracy.py [ROWS]``.
"""

from __future__ import annotations

import json
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
RESULT = ROOT / "benchmarks" / "results" / "net_accuracy.json"
NET_TYPE = {
    "PHONE_NUMBER": "TELEFOON",
    "NL_BSN": "BSN",
    "IBAN_CODE": "IBAN",
    "EMAIL_ADDRESS": "EMAIL",
}
POSTCODE_NUMBER = re.compile(r"^\d{4}\s?[A-Z]{2} \d")


def main(rows: int) -> None:
    from benchmarks.pii_corpus import make_corpus
    from haarlem_opendata.net import find_all

    table, truth = make_corpus(rows, seed=5)
    found: dict[str, list[int]] = {}
    false_positives: dict[str, int] = {}
    t0 = time.perf_counter()
    hits_per_row = [find_all(text) for text in table["omschrijving"]]
    seconds = time.perf_counter() - t0
    for text, spans, hits in zip(table["omschrijving"], truth, hits_per_row, strict=True):
        wanted = []
        for entity, start, end in spans:
            kind = NET_TYPE.get(entity)
            if entity == "NL_ADDRESS" and POSTCODE_NUMBER.match(text[start:end]):
                kind = "POSTCODE_HUISNUMMER"
            if kind:
                wanted.append((kind, start, end))
                ok = any(h.type == kind and h.start < end and start < h.end for h in hits)
                found.setdefault(kind, [0, 0])
                found[kind][0] += ok
                found[kind][1] += 1
        for h in hits:
            if not any(h.start < e and s < h.end for _, s, e in wanted):
                false_positives[h.type] = false_positives.get(h.type, 0) + 1
    result = {
        "rows": rows,
        "recall": {
            k: {"found": f, "planted": n, "recall": round(f / n, 4)}
            for k, (f, n) in sorted(found.items())
        },
        "false_positives": false_positives,
        "seconds": round(seconds, 3),
        "texts_per_second": int(rows / seconds),
    }
    RESULT.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20_000)
