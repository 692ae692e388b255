"""Left-join sources on a key, refusing joins that would silently duplicate or lose rows.

A right-hand source with a key twice would multiply the left rows (and double counts); a key
column missing on either side is an input error naming the source's file.
"""

from __future__ import annotations

import pandas as pd

from haarlem_opendata.errors import InputError


def _file(df: pd.DataFrame, name: str) -> str:
    return str(df.attrs.get("source_file", name))


def join(
    left: pd.DataFrame, right: list[pd.DataFrame], on: str, *, names: list[str] | None = None
) -> pd.DataFrame:
    """``left`` with the columns of each ``right`` frame added by key ``on`` (left order kept)."""
    names = names or [f"source {i}" for i in range(len(right) + 1)]
    frames = [left, *right]
    for df, name in zip(frames, names, strict=True):
        if on not in df.columns:
            raise InputError(
                _file(df, name),
                f"expected key column {on!r} is missing; found columns: "
                f"{', '.join(map(str, df.columns))}",
                column=on,
            )
    out = left.copy()
    for df, name in zip(right, names[1:], strict=True):
        dup = df[on].duplicated()
        if dup.any():
            row = int(dup.to_numpy().nonzero()[0][0]) + 1
            raise InputError(_file(df, name), "key occurs more than once", column=on, row=row)
        clash = [c for c in df.columns if c != on and c in out.columns]
        if clash:
            raise InputError(_file(df, name), f"columns also present in an earlier source: {clash}")
        keys = df[on].astype(out[on].dtype) if df[on].dtype != out[on].dtype else df[on]
        out = out.merge(df.assign(**{on: keys}), on=on, how="left", validate="many_to_one")
    out.attrs = {
        "source_file": ", ".join(_file(df, n) for df, n in zip(frames, names, strict=True))
    }
    return out
