"""Disclosure control, one subpackage per kind of protection.

- :func:`protect.cells.suppress_cells` — small-cell suppression with secondary suppression and an
  LP audit (count tables: buurtcijfers, rioolbelasting);
- :func:`protect.anonymity.k_anonymize` — optimal full-domain generalisation with l-diversity
  (record-level data: meldingen);
- :func:`protect.pipeline.protect_table` — the protected stage of the pipeline, applying what a
  dataset spec asks.

This package imports nothing itself: import the module that defines what you need, so importing
one engine never loads the others (and import-linter sees every dependency).
"""
