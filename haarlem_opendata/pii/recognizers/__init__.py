"""Recognizers for the Dutch analyzer; Dutch-specific ones live in ``nl``."""
