"""Presidio's own language-independent recognizers, each configured for Dutch in its own file.

Presidio ships these (``predefined_recognizers/generic``); what the scanner adds is the entity
definition beside them: Dutch context words, label, placeholder, mask and pre-filter pattern.
"""
