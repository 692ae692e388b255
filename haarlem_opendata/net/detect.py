"""Shape detectors of the last-line net: regexes and checksums, a few lines each.

Deliberately simple and independent of the Presidio recognizers in ``pii/`` (nothing is imported
from there; the check digits come from the leaf ``haarlem_opendata.spec.checksums``): a second
opinion that only asks "does anything here *look* like a phone number, a BSN, an IBAN, an e-mail
address or a postcode with a house number?". It is recall-first: whether a phone range is assigned
or a postcode's letters are issued does not matter. What keeps it quiet on the published files is a
short list of shapes masked out before looking (hashes, UUIDs, ISO timestamps, dates, times,
decimals), so a count, a coordinate or a sha256 never reads as a number to call.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from haarlem_opendata.spec.checksums import elfproef, iban_mod97

PHONE, BSN, IBAN, EMAIL, POSTCODE = (
    "TELEFOON",
    "BSN",
    "IBAN",
    "EMAIL",
    "POSTCODE_HUISNUMMER",
)
TYPES = (PHONE, BSN, IBAN, EMAIL, POSTCODE)


@dataclass(frozen=True)
class Hit:
    type: str
    start: int
    end: int
    value: str  # stays in memory: reports carry only mask(value)


# --- shapes that are never personal data, masked before detection --------------------------------
_EXCLUDE = re.compile(
    r"""
      \b[0-9a-fA-F]{32,}\b                                              # sha256/md5 hex
    | \b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b  # UUID
    | \b(?:19|20)\d{2}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])            # ISO date …
      (?:[T\ ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?\b  # … and time
    | \b(?:0?[1-9]|[12]\d|3[01])([-./])(?:0?[1-9]|1[0-2])\1(?:19|20)\d{2}\b  # 31-12-2025
    | \b\d{1,2}:\d{2}(?::\d{2})?\b                                      # 10:15(:00)
    | (?<![\d.,])-?(?:0|[1-9]\d*)[.,]\d+(?![\d.,])                      # 0.123456789, 52.38
    """,
    re.VERBOSE,
)


def _masked(text: str) -> str:
    return _EXCLUDE.sub(lambda m: "#" * len(m.group()), text)


# --- phone numbers --------------------------------------------------------------------------------
# A run of digit groups joined by one separator (space, dot, dash, slash, " - "), brackets allowed;
# a separator must be followed by a digit, so a sentence's full stop ends the run.
_RUN = re.compile(r"(?<![\w@-])[+(]?\d(?:[\d()]|(?:\s?[-–]\s|[ \u00a0.\-/])(?=[\d(+]))*(?![\w@])")
_GROUP = re.compile(r"[+(]*\d[\d()]*")
_CUE = re.compile(
    r"(?i)\b(?:bel\w*|tel\w*|mobiel\w*|mob|gsm|nummer|nr|whatsapp|app|sms|bereikbaar|"
    r"contact|telefonisch|06)\b[^\n]{0,25}$"
)


def _phone_lengths(digits: str, cue: bool) -> bool:
    """Is this digit string phone-shaped? ``digits`` keeps a leading ``+`` for international."""
    slack = (-1, 0, 1) if cue else (0,)
    if digits.startswith(("+31", "0031")):
        national = digits[3:] if digits.startswith("+") else digits[4:]
        national = national.removeprefix("0")  # +31 (0)6 …
        return len(national) - 9 in slack
    if digits.startswith(("+", "00")):
        return 8 <= len(digits.lstrip("+0")) <= 15
    if digits.startswith("0"):
        return len(digits) - 10 in slack
    return False


def find_phones(text: str) -> list[Hit]:
    hits = []
    for run in _RUN.finditer(text):
        groups = list(_GROUP.finditer(run.group()))
        i = 0
        while i < len(groups):
            first = groups[i].group().lstrip("(")
            if not first.startswith(("0", "+")):
                i += 1
                continue
            cue = bool(_CUE.search(text[: run.start() + groups[i].start()]))
            found = None
            digits = "+" if first.startswith("+") else ""
            for j in range(i, len(groups)):
                digits += re.sub(r"\D", "", groups[j].group())
                if len(digits) > 17:
                    break
                if _phone_lengths(digits, cue):
                    found = j  # keep the longest phone-shaped span from this start
            if found is None:
                i += 1
                continue
            start = run.start() + groups[i].start()
            end = run.start() + groups[found].end()
            if text[end - 1] == ")" and "(" not in text[start:end]:
                end -= 1  # "(+31 6 9133 6852)": the closing bracket is not part of the number
            if text[start] == "(" and ")" not in text[start:end]:
                start += 1
            hits.append(Hit(PHONE, start, end, text[start:end]))
            i = found + 1
    return hits


# --- BSN, IBAN, e-mail, postcode + house number -------------------------------------------------
_BSN = re.compile(
    r"(?<![\w.,])(\d{9}|\d{4}\.\d{2}\.\d{3}|\d{3}[ .]\d{3}[ .]\d{3})(?![\w@]|[.,/-]\d)"
)
_IBAN = re.compile(
    r"(?<![A-Za-z0-9])[A-Za-z]{2}\d{2}(?:[ ]?[A-Za-z0-9]{4}){2,7}"
    r"(?:[ ]?[A-Za-z0-9]{1,3})?(?![A-Za-z0-9])"
)
_EMAIL = re.compile(
    r"[\w.%+-]+(?:@|\s?[\[(]at[\])]\s?)[\w-]+(?:(?:\.|\s?[\[(]dot[\])]\s?)[\w-]+)*"
    r"(?:\.|\s?[\[(]dot[\])]\s?)[A-Za-z]{2,}"
)
# Two-letter Dutch/English words that follow a year: "2025 op 12 maart" is not a postcode.
_WORDS = frozenset(
    re.findall(
        r"\w+", "op in en om of na te de is al er ze we je nu zo ik af tm to at on an as or by uu"
    )
)
_POSTCODE_NUMBER = re.compile(
    r"(?<![\w.,/-])[1-9]\d{3}\s?([A-Za-z]{2})\s?,?\s?\d{1,5}(?:\s?[-/]?\s?[A-Za-z]{1,3}\b|[-/]\w{1,3})?(?![\d:.,]\d)"
)
_NUMBER_POSTCODE = re.compile(r"(?<![\w.,/-])\d{1,5}[A-Za-z]?,?\s[1-9]\d{3}\s?[A-Z]{2}\b")


def find_bsns(text: str) -> list[Hit]:
    return [
        Hit(BSN, m.start(), m.end(), m.group())
        for m in _BSN.finditer(text)
        if elfproef(re.sub(r"\D", "", m.group()))
    ]


def find_ibans(text: str) -> list[Hit]:
    return [
        Hit(IBAN, m.start(), m.end(), m.group())
        for m in _IBAN.finditer(text)
        if iban_mod97(m.group().replace(" ", ""))
    ]


def find_emails(text: str) -> list[Hit]:
    return [Hit(EMAIL, m.start(), m.end(), m.group()) for m in _EMAIL.finditer(text)]


def find_postcodes(text: str) -> list[Hit]:
    hits = []
    for m in _POSTCODE_NUMBER.finditer(text):
        letters = m.group(1)
        spaced = text[m.start() + 4] == " "
        if letters.islower() and spaced and letters in _WORDS:
            continue  # "2025 op 12 maart", "1998 en 12 anderen": a word, not a postcode
        if not letters.isupper() and not letters.islower():
            continue  # "Ab": mixed case reads as a word
        hits.append(Hit(POSTCODE, m.start(), m.end(), m.group()))
    hits += [Hit(POSTCODE, m.start(), m.end(), m.group()) for m in _NUMBER_POSTCODE.finditer(text)]
    return hits


_DETECTORS = (find_emails, find_ibans, find_bsns, find_phones, find_postcodes)
_PREFILTER = re.compile(r"@|[\[(]at[\])]|\d[^\d]{0,3}\d[^\d]{0,3}\d[^\d]{0,3}\d")


def find_all(text: str) -> list[Hit]:
    """Every shape in ``text``; overlapping hits of a later detector are dropped."""
    if not _PREFILTER.search(text):
        return []
    masked = _masked(text)
    hits: list[Hit] = []
    for detector in _DETECTORS:
        for hit in detector(masked):
            if any(h.start < hit.end and hit.start < h.end for h in hits):
                continue
            hits.append(Hit(hit.type, hit.start, hit.end, text[hit.start : hit.end]))
    return sorted(hits, key=lambda h: h.start)


def normalise(kind: str, value: str) -> str:
    """The comparable form of a value (for the allow-list): digits, compact upper case, lower
    case."""
    if kind == EMAIL:
        return value.strip().lower()
    if kind in (IBAN, POSTCODE):
        return re.sub(r"[^0-9A-Za-z]", "", value).upper()
    plus = "+" if value.strip().startswith("+") else ""
    return plus + re.sub(r"\D", "", value)


def mask(kind: str, value: str) -> str:
    """A value a report may show: its shape, never enough to recover it."""
    if kind == EMAIL:
        local, _, domain = value.partition("@")
        return f"{local[:1]}***@***.{domain.rsplit('.', 1)[-1]}"
    keep = {PHONE: 2, IBAN: 2, POSTCODE: 1}.get(kind, 0)
    return value[:keep] + re.sub(r"[0-9A-Za-z]", "*", value[keep:])
