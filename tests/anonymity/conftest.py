"""Shared fixtures for the anonymity tests: the shipped Adult data and ARX hierarchies."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

ADULT_DIR = Path(__file__).resolve().parents[2] / "benchmarks" / "data" / "adult_arx"
ADULT_QIS = ["age", "education", "marital-status", "race", "sex", "native-country"]


@pytest.fixture(scope="session")
def adult_dir() -> Path:
    return ADULT_DIR


@pytest.fixture(scope="session")
def adult() -> pd.DataFrame:
    return pd.read_csv(ADULT_DIR / "adult.csv", sep=";")
