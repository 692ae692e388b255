"""One Dutch analyzer per test session; recognizer helpers."""

from __future__ import annotations

import pytest

from haarlem_opendata.pii.analyzer import build_analyzer


@pytest.fixture(scope="session")
def analyzer():
    return build_analyzer()


@pytest.fixture(scope="session")
def found(analyzer):
    """found(text, entity) -> matched substrings of that entity scoring >= 0.5."""

    def _found(text: str, entity: str) -> list[str]:
        results = analyzer.analyze(text, language="nl", entities=[entity], score_threshold=0.5)
        return [text[r.start : r.end] for r in results]

    return _found
