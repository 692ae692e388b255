"""Count tables derived from record-level data, protected by small-cell suppression.

- :func:`protect.protect_counts` — count, suppress (region hierarchy and dimension totals), audit;
- :func:`protect.audit_published_counts` — the attacker's audit from the published long table.

What a count table is comes from ``protection.count_tables``
(:class:`haarlem_opendata.spec.CountTableSpec`).
"""
