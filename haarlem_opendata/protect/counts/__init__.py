"""Count tables derived from record-level data, protected by small-cell suppression.

- :class:`CountTableSpec` — what ``protection.count_tables`` in a dataset spec declares;
- :func:`protect_counts` — count, suppress (region hierarchy and dimension totals), audit;
- :func:`audit_published_counts` — the attacker's audit from the published long table alone.
"""

from haarlem_opendata.protect.counts.config import CountTableSpec

__all__ = ["CountTableSpec", "audit_published_counts", "protect_counts"]


def __getattr__(name: str):
    # pandas and scipy only when protecting, so validating a spec stays light.
    if name in ("protect_counts", "audit_published_counts", "ProtectedCounts"):
        from haarlem_opendata.protect.counts import protect

        return getattr(protect, name)
    raise AttributeError(name)
