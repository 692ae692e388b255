"""Hand-made tables (counts with a region list; geodata) give the same bundle bytes as before.

The shipped datasets' bundles are pinned the same way in ``test_embedded_default``.
"""

from __future__ import annotations

import pytest

from tests.package.golden import expected_hashes, file_hashes
from tests.package.helpers import build, counts_spec, counts_table, geo_spec, geo_table

CASES = {"counts": (counts_spec, counts_table), "geo": (geo_spec, geo_table)}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bundle_files_are_byte_identical_to_the_pinned_ones(case, tmp_path):
    spec, table = CASES[case]
    bundle = build(spec(), table(), tmp_path)
    assert file_hashes(bundle.path) == expected_hashes(case)
