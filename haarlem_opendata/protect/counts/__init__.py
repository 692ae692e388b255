"""Count tables derived from record-level data, protected by small-cell suppression.

- :func:`protect.protect_counts` — count, suppress (region hierarchy and dimension totals), audit;
- :func:`protect.audit_published_counts` — the attacker's audit from the published long table;
- :func:`with_rows.protect_with_rows` — next to the dataset's published rows, the table audited
  together with them (the joint system in :mod:`joint`) and more cells hidden where they give a
  hidden count away (:mod:`joint_remedy`).

What a count table is comes from ``protection.count_tables``
(:class:`haarlem_opendata.spec.CountTableSpec`).
"""
