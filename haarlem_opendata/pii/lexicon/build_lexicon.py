"""Rebuild the shipped name lists from Faker's person providers (MIT licence).

Not imported by the package: run once by hand when the source version changes, with
``uvx --with faker==40.54.0 python haarlem_opendata/pii/lexicon/build_lexicon.py``.

The whole lists ship. A deterministic fifth of every list (by SHA-256 of the lower-cased name) is
also written to ``benchmarks/pii_holdout_names.py``: the accuracy benchmark plants only those
names and removes them from the lexicon it scans with, so its recall is measured on names the
recognizer has never seen.
"""

from __future__ import annotations

import hashlib
import importlib
import re
from pathlib import Path

HERE = Path(__file__).parent
HOLDOUT = HERE.parents[2] / "benchmarks" / "pii_holdout_names.py"
LOCALES = ("nl_NL", "nl_BE", "tr_TR")
SINGLE = re.compile(r"^[A-ZÀ-ÝĞİŞÇÖÜ][a-zà-ÿğışçöü']+(?:-[A-ZÀ-ÝĞİŞÇÖÜ][a-zà-ÿğışçöü']+)?$")


def held_out(name: str) -> bool:
    return hashlib.sha256(name.lower().encode()).digest()[0] % 5 == 0


def collect(attr_names: tuple[str, ...]) -> list[str]:
    names: set[str] = set()
    for locale in LOCALES:
        provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        for attr in attr_names:
            names.update(n for n in getattr(provider, attr, ()) if SINGLE.match(n))
    return sorted(names)


def main() -> None:
    import importlib.metadata as md

    version = md.version("faker")
    lists = {
        "given_names": collect(("first_names", "first_names_male", "first_names_female")),
        "surnames": collect(("last_names",)),
    }
    holdout_src = [
        f'"""A fifth of the shipped name lists (Faker {version}, MIT), held out by the '
        "benchmark; made by",
        "haarlem_opendata/pii/lexicon/build_lexicon.py. The accuracy benchmark plants only "
        "these and",
        'scans with a lexicon without them (benchmarks/pii_accuracy.py)."""',
        "",
    ]
    for key, names in lists.items():
        out = [n for n in names if held_out(n)]
        (HERE / f"{key}.txt").write_text("\n".join(names) + "\n", encoding="utf-8")
        holdout_src.append(f"{key.upper()} = {tuple(out)!r}")
        print(key, "shipped", len(names), "held out in the benchmark", len(out))
    HOLDOUT.write_text("\n".join(holdout_src) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
