"""The standard tools users run on what we publish, called as they call them."""

from __future__ import annotations

import json


def assert_frictionless_valid(descriptor) -> None:
    """The standard CLI, as a user runs it, must say VALID for every resource."""
    import subprocess
    import sys
    from pathlib import Path

    cli = Path(sys.executable).with_name("frictionless")
    done = subprocess.run(
        [str(cli), "validate", str(descriptor), "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    report = json.loads(done.stdout)
    errors = {
        t["name"]: [e["type"] for e in t["errors"]][:5] for t in report["tasks"] if not t["valid"]
    }
    assert report["valid"], errors
    assert len(report["tasks"]) >= 2
