"""The allow-list at work: which findings a dataset's reviewed exceptions accept.

Matching is on the text of a finding, normalised for case and whitespace: an entry accepts a
finding that is its value, or a whole word sequence inside it (the entry *Jos Wienen* accepts a
finding *Wienen*). Each entry's use is counted (one per distinct value and type it accepted, one
per whole column), so a reviewer sees which entries still matter.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from haarlem_opendata.spec import AllowListEntry


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


class AllowList:
    def __init__(self, entries: Sequence[AllowListEntry]) -> None:
        self.entries = list(entries)
        self.used = [0] * len(self.entries)
        self._values = [None if e.value is None else _norm(e.value) for e in self.entries]

    def __bool__(self) -> bool:
        return bool(self.entries)

    def accepts(self, column: str | None, entity_type: str, matched: str) -> bool:
        """Whether a finding of ``entity_type`` on ``matched`` in ``column`` is allowed (and
        count it). ``column`` None: the caller does not know it; column entries do not apply."""
        found = None
        for i, entry in enumerate(self.entries):
            if entry.entity_type not in (None, entity_type):
                continue
            if entry.column is not None and entry.column != column:
                continue
            allowed = self._values[i]
            if allowed is not None:
                if found is None:
                    found = _norm(matched)
                if found != allowed and not re.search(rf"(?<!\w){re.escape(found)}(?!\w)", allowed):
                    continue
            self.used[i] += 1
            return True
        return False

    def accepts_column(self, column: str, entity_type: str) -> bool:
        """Whether a column found to consist of ``entity_type`` as a whole is allowed: only an
        entry for exactly that column and type (no value) allows it."""
        for i, entry in enumerate(self.entries):
            if entry.value is None and (entry.column, entry.entity_type) == (column, entity_type):
                self.used[i] += 1
                return True
        return False

    @property
    def accepted(self) -> int:
        return sum(self.used)

    def to_metadata(self) -> list[dict]:
        """Per entry: where and what it allows, why, and how many findings it accepted."""
        return [
            {**e.describe(), "findings": n} for e, n in zip(self.entries, self.used, strict=True)
        ]
