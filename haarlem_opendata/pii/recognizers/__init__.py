"""Recognizers for the Dutch analyzer, one per file, each file ending with its entity's
``DEFINITION`` (``pii/entity.py``): Dutch-specific ones in ``nl``, Presidio's language-independent
ones configured for Dutch in ``generic`` (the layout of Presidio's ``predefined_recognizers``)."""
