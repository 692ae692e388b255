"""PII scanning in Dutch: the last check before a table is published.

``scan`` (:func:`scan.scan_dataframe`), ``redact`` (:func:`redact.redact_dataframe`), ``masking``
and ``analyzer`` load Presidio and spaCy; this package imports nothing itself, so a module that
needs only the lexicon or a recognizer does not pay for them. The ``protection.pii`` settings are
in :mod:`haarlem_opendata.spec.pii`.
"""
