"""Phone numbers by shape, for redaction: assigned range or not, one digit off after a cue.

``NlPhoneRecognizer`` (python-phonenumbers) only reports numbers that are *valid* today, which is
right for a blocking gate but wrong for free text going out: ``06-01895559`` is in no assigned
range, yet every reader sees a resident's mobile number, and a number one digit short after
*bel mij op* still points at one person. This recognizer works on digits and separators alone:

* national: a ``0`` (not ``00``) and ten digits in all; nine or eleven after a cue word or with
  the mobile prefix ``06``;
* ``+31`` / ``0031`` / ``(+31)``, an optional ``(0)``, then nine digits, or eight or ten (the
  country code alone says phone number);
* any other ``+`` or ``00`` country code with 9 to 14 digits after it.

A run of digits may hold spaces, dashes, dots, slashes and brackets (at most three in a row); of
a longer run only the part up to the right number of digits is reported, so *06 12345678 12 keer*
leaves the *12*. Dates (``01-02-2025``, ``2025-02-01``) are not phone numbers; times break a run
(``:`` is no separator), and amounts and case numbers do not start with ``0`` or ``+``.
"""

from __future__ import annotations

import re
from typing import ClassVar

from haarlem_opendata.pii.recognizers.nl.shape_base import ShapeRecognizer

_RUN = re.compile(r"(?<![\w@€$.,/:-])(?:\(\s?)?\+?\d(?:\d|[ \t.\-/()]{1,3}(?=[\d(+]))*\d(?:\))?")
_GROUP = re.compile(r"\d+")
_DATE_START = re.compile(r"\d{1,2}[-/.]\d{1,2}[-/.]\d{4}(?!\d)|\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?!\d)")
_DATE_SHORT = re.compile(r"\d{1,2}[-/.]\d{1,2}[-/.]\d{2}")
_CUE = re.compile(
    r"(?i)\b(?:bel|belt|bellen|gebeld|terugbellen|tel|telefoon\w*|telnr|tel\.?nr|mobiel\w*|mob|gsm|"
    r"nummer|nr|whatsapp|whats\s?app|app|sms|sms'?en|bereikbaar|bereiken|contact|06)\b"
)
_CUE_WINDOW = 40


class NlPhoneShapeRecognizer(ShapeRecognizer):
    """Recall-first phone numbers for redaction (see module docstring)."""

    SUPPORTED: ClassVar[list[str]] = ["PHONE_NUMBER"]

    def spans(self, text: str) -> list[tuple[str, int, int, str]]:
        return [("PHONE_NUMBER", start, end, "vorm") for start, end in _spans(text)]


def _spans(text: str) -> list[tuple[int, int]]:
    """Phone spans in every run of digits; a run is tried from each group that follows a space
    or a bracket too, so "sinds 20-2-2025. (019) 5418241" still yields the number."""
    out = []
    for run in _RUN.finditer(text):
        chunk, base = run.group(), run.start()
        starts = [0] + [
            m.start() for m in re.finditer(r"(?<=[\s(])[(+]?\d", chunk) if m.start() > 0
        ]
        done = 0
        for start in starts:
            if start < done:
                continue
            span = _phone_span(text, base + start, chunk[start:])
            if span is not None:
                out.append(span)
                done = span[1] - base
    return out


def _has_cue(text: str, start: int) -> bool:
    return _CUE.search(text[max(0, start - _CUE_WINDOW) : start]) is not None


def _phone_span(text: str, offset: int, run: str) -> tuple[int, int] | None:
    if _DATE_START.match(run.lstrip("(")) or _DATE_SHORT.fullmatch(run):
        return None
    groups = list(_GROUP.finditer(run))
    digits = "".join(g.group() for g in groups)
    head = run.lstrip("( ")
    cue = _has_cue(text, offset)
    if head.startswith("+") or digits.startswith("00"):
        body = digits.removeprefix("00")
        if body.startswith("31"):
            # "+31 (0)6 …": the bracketed trunk zero is not part of the nine digits
            national = body[2:]
            lead = len(digits) - len(national) + (1 if national.startswith("0") else 0)
            return _cut(offset, run, groups, lead, [9, 8, 10])
        lead = len(digits) - len(body)
        return _cut(offset, run, groups, lead, list(range(14, 8, -1)))
    if not digits.startswith("0"):
        return None
    return _cut(offset, run, groups, 0, [10, 9, 11] if cue or digits.startswith("06") else [10])


def _cut(
    offset: int, run: str, groups: list[re.Match[str]], lead: int, wanted: list[int]
) -> tuple[int, int] | None:
    """The span from the run's start to the first group boundary, in order of preference in
    ``wanted``, where the significant digits (after ``lead`` prefix digits) reach that count."""
    seen = 0
    ends: dict[int, int] = {}
    for g in groups:
        seen += len(g.group())
        ends.setdefault(seen - lead, g.end())
    count = next((c for c in wanted if c in ends), None)
    if count is None:
        return None
    end = ends[count]
    if end < len(run) and run[end] == ")" and "(" in run[:end]:
        end += 1
    start = 0
    if run.startswith("(") and ")" not in run[1 : end - 1]:
        start = 1  # "(06-12345678)", "(+31 6 …)": brackets around the whole number are punctuation
        end -= 1 if run[end - 1] == ")" else 0
    return offset + start, offset + end
