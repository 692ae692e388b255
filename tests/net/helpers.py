"""Run the real last-line net over a test bundle and record its outcome, as the pipeline does."""

from __future__ import annotations

from pathlib import Path

from haarlem_opendata.net import ALLOW_FILE, CHECK_NAME, load_allow_list, scan_folder
from haarlem_opendata.package.checks import record_bundle_check

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SHIPPED_ALLOW_LIST = PROJECT_ROOT / "metadata" / ALLOW_FILE


def record_net(bundle_dir: Path) -> dict:
    report = scan_folder(bundle_dir, load_allow_list(SHIPPED_ALLOW_LIST))
    outcome = {"name": CHECK_NAME, "passed": report.passed, "metadata": report.to_metadata()}
    record_bundle_check(Path(bundle_dir), outcome)
    return outcome
