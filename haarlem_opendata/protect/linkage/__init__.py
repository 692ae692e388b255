"""The linkage audit: what every linked publication reveals together (tables, geographies,
versions).

- :func:`audit.audit_linkage` — one joint LP attacker over all linked published cells;
- :func:`protect.protect_linked` — protect, audit, apply the spec's remedy
  (:func:`remedies.remedy_for`), or refuse;
- :func:`protect.compress` — the audit's system over overlap parts, for the blocking check;
- :func:`context.build_inputs` — the register, linked tables and earlier versions for one dataset.

Which columns count the same people (``populatie``), and their register, is a property of the
catalog: :func:`haarlem_opendata.catalog.linkage.linkage_groups`, checked when it loads. This
package imports nothing itself, so importing one module does not load the others.
"""
