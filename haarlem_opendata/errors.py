"""Errors a data steward can act on.

Every problem with input data names the file, the column and the row, so the steward can find it
without opening a debugger — and never quotes the offending value when it may be personal data.
"""

from __future__ import annotations

from pathlib import Path


class HaarlemOpendataError(Exception):
    """Base class for errors this pipeline raises on purpose."""


class SpecError(HaarlemOpendataError):
    """A dataset spec or metadata file is invalid; names the file and the key."""

    def __init__(self, file: str | Path, key: str, message: str):
        self.file = str(file)
        self.key = key
        self.message = message
        super().__init__(f"{self.file}: {key}: {message}")


class InputError(HaarlemOpendataError):
    """Source data is unusable; names the file, column and row (1-based data row, header excluded).

    ``value`` is only shown when the caller marks it as safe to show (e.g. a column name or a
    region code); values from personal-data columns must never be passed as ``shown_value``.
    """

    def __init__(
        self,
        file: str | Path,
        message: str,
        *,
        column: str | None = None,
        row: int | None = None,
        shown_value: str | None = None,
    ):
        self.file = str(file)
        self.column = column
        self.row = row
        self.message = message
        self.shown_value = shown_value
        where = [self.file]
        if column is not None:
            where.append(f"column {column!r}")
        if row is not None:
            where.append(f"row {row}")
        text = ", ".join(where) + f": {message}"
        if shown_value is not None:
            text += f" (value {shown_value!r})"
        super().__init__(text)

    def at_row(self, row: int) -> InputError:
        """The same error at another row number (a row of the whole file, not of a cut of it)."""
        return InputError(
            self.file, self.message, column=self.column, row=row, shown_value=self.shown_value
        )


class ProtectionError(HaarlemOpendataError):
    """A protection step could not produce a safe table; nothing may be published."""


class PublishRefused(HaarlemOpendataError):
    """The publisher refuses: checks did not pass, or the target is not ours to overwrite."""
