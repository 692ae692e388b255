"""Person names by shape, for redaction: the cases a reader sees as a name but the gate's
precise rules let through.

``NlPersonNameRecognizer`` keeps its precision for the blocking gate (a surname alone that is
also a word, *Bos*, needs a cue there). Free text that goes out is redacted recall-first, so this
recognizer adds, for redaction only:

* a role word and what follows it: *mevrouw Bos*, *buurman Prins*, *dhr. Öztürk*,
  *contact met Annemarie Bos*, *namens Kees*; the role word stays (it says who, not which
  person), the name goes;
* a capitalised word, one to three *tussenvoegsels* and a capitalised word anywhere
  (*Marloes de Haan*), unless it is a known place or organisation, a street, or starts with an
  ordinary word (*Molen de Adriaan*, *Bij de Burger King*);
* two capitalised words opening a sentence with a lower-case word after them
  (*Kees Dijk zet …*), unless the first is an ordinary word (*Gisteren*, *Sinds*);
* a lower-case surname after *van*, *bij*, *met*, *namens*, *voor*, *door*
  (*de hond van jansen*): a lexicon surname that is no ordinary word, a word with a typical
  surname ending (*-sma*, *-stra*, *-inga* …), or any word after a tussenvoegsel that is no
  article (*van van der meer*, *bij el amrani*).

``extend_names`` then widens every name span over a capitalised word right after it, so a
surname that is also a word is not left behind (*Kees Prins*, not *<NAAM> Prins*).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from typing import ClassVar

from presidio_analyzer import AnalysisExplanation, LocalRecognizer, RecognizerResult

from haarlem_opendata.pii.lexicon import (
    negative_phrases,
    ordinary_words,
    street_suffixes,
    surnames,
)

_UP = "A-ZÀ-ÖØ-ÝĞİŞÇ"
_LO = "a-zà-öø-ÿğışç"
_CAP = rf"[{_UP}][{_LO}'’]+(?:-[{_UP}][{_LO}'’]+)*"
_TV = r"(?:van|de|den|der|ter|ten|te|het|'t|in|op|uit|von|le|la|da|di|du|el|al|ben|bin|abou|abu|dos|das|del)"
_ROLE = (
    r"dhr|mevr|mw|mr|mej|dr|drs|ing|ir|fam|familie|mevrouw|meneer|de heer|juffrouw|buurman|buurvrouw|"
    r"buurjongen|buurmeisje|bewoner|bewoonster|melder|namens|contactpersoon|collega|zoon|dochter|"
    r"vader|moeder|zus|broer|oom|tante|opa|oma|vriend|vriendin|eigenaar|eigenaresse|huurder|"
    r"huurster|verhuurder|huismeester|conciërge|heet|contact met|contact opnemen met|naam is|ik ben|"
    r"groet|groeten|groetjes|mvg|gr|vriendelijke groet"
)
_NAME = rf"(?:{_TV}\s+){{0,3}}{_CAP}(?:\s+(?:{_TV}\s+){{0,3}}{_CAP}){{0,2}}"
_AFTER_ROLE = re.compile(rf"(?i:\b(?:{_ROLE}))\.?,?\s+(?P<name>{_NAME})")
# In a chain only the tussenvoegsels that are never ordinary prepositions ("op", "in", "uit"
# would make "Henk op de Zijlweg" a name).
_CHAIN_TV = r"(?:van|de|den|der|ter|ten|te|von|le|la|da|di|du|el|al|ben|bin|abou|abu|dos|das|del)"
_TV_CHAIN = re.compile(rf"(?<![\w])(?P<name>{_CAP}(?:\s+{_CHAIN_TV}){{1,3}}\s+{_CAP})(?![\w])")
_CAP_BEFORE = re.compile(rf"{_CAP}\s+$")
# the first word of a building or place, not of a person ("Molen de Adriaan", "Huis ter Kleef")
_PLACE_HEADS = {
    "molen", "kerk", "huis", "park", "station", "museum", "school", "hotel", "café", "cafe",
    "restaurant", "winkel", "kasteel", "hof", "plein", "brug", "sporthal", "bibliotheek", "buurthuis",
    "begraafplaats", "kinderboerderij", "stichting", "vereniging", "gemeente", "wijk", "buurt",
}  # fmt: skip
_SENTENCE_START = re.compile(rf"(?:^|[.!?]\s+|\n\s*)(?P<name>{_CAP}\s+{_CAP})(?=\s+[{_LO}])")
_LOWER_AFTER = re.compile(
    rf"\b(?:van|bij|met|namens|voor|door)\s+(?P<name>(?P<tv>(?:{_TV}\s+){{0,2}})"
    rf"(?P<last>[{_LO}][{_LO}'’-]{{2,}}))\b"
)
# a tussenvoegsel that is no article: after it comes a surname ("van van der meer")
_STRONG_TV = {"van", "der", "den", "ter", "ten", "el", "al", "ben", "bin", "abou", "abu"}
_SURNAME_ENDINGS = ("sma", "stra", "inga", "enga", "ema", "ink", "ijer", "eijer", "kamp", "mans")
_FOLLOWING_CAP = re.compile(rf"\s+(?:{_TV}\s+){{0,3}}{_CAP}(?![\w])")
_NOT_FOLLOWERS = {
    "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag",
    "januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
    "oktober", "november", "december",
}  # fmt: skip


# The cores of the most common Dutch surnames with a tussenvoegsel (Meertens Instituut, CBG
# top 100): the shipped Faker list holds none of them. Only for lower-case names after
# "van de …" here, never for the gate.
_TV_SURNAME_CORES = {
    "jong", "vries", "berg", "dijk", "boer", "groot", "leeuwen", "wit", "graaf", "meer", "linden",
    "haan", "heuvel", "veen", "broek", "bruijn", "bruin", "heijden", "beek", "vliet", "ven", "dam",
    "wal", "bosch", "laan", "zanden", "wijk", "kamp", "vos", "lange", "koning", "ridder",
}  # fmt: skip


@cache
def _lower_surnames() -> frozenset[str]:
    return frozenset(s.split()[-1].lower() for s in surnames()) | _TV_SURNAME_CORES


def _is_place(phrase: str) -> bool:
    """A known place or organisation, a street (*Zeedijk*; but *Dijk* alone is a surname), or a
    phrase opening with a building word (*Molen de Adriaan*)."""
    lower = phrase.lower()
    words = lower.split()
    last = words[-1]
    street = last.endswith(tuple(street_suffixes())) and last not in street_suffixes()
    return lower in negative_phrases() or street or words[0] in _PLACE_HEADS


def _ordinary(word: str) -> bool:
    return word.lower() in ordinary_words() or word.lower() in _NOT_FOLLOWERS


class NlNameShapeRecognizer(LocalRecognizer):
    """Recall-first person names for redaction (see module docstring)."""

    ENTITY = "PERSON"
    SCORE = 0.85
    SUPPORTED: ClassVar[list[str]] = [ENTITY]

    def __init__(self, supported_language: str = "nl"):
        super().__init__(
            supported_entities=self.SUPPORTED,
            supported_language=supported_language,
            name="NlNameShapeRecognizer",
        )

    def load(self) -> None:  # nothing to load
        pass

    def analyze(self, text, entities, nlp_artifacts=None):  # type: ignore[no-untyped-def]
        if entities and self.ENTITY not in entities:
            return []
        return [
            RecognizerResult(
                self.ENTITY,
                s,
                e,
                self.SCORE,
                AnalysisExplanation(self.name, self.SCORE, textual_explanation=why),
            )
            for s, e, why in _spans(text)
        ]


def _spans(text: str) -> list[tuple[int, int, str]]:
    out: list[tuple[int, int, str]] = []
    for m in _AFTER_ROLE.finditer(text):
        name = m.group("name")
        if not _is_place(name) and not _ordinary(name.split()[0]):
            out.append((m.start("name"), m.end("name"), "rol"))
    for m in _TV_CHAIN.finditer(text):
        name = m.group("name")
        inside_longer = _CAP_BEFORE.search(text, 0, m.start()) is not None
        if not inside_longer and not _is_place(name) and not _ordinary(name.split()[0]):
            out.append((m.start("name"), m.end("name"), "tussenvoegsel"))
    for m in _SENTENCE_START.finditer(text):
        name = m.group("name")
        first, second = name.split()
        if not _is_place(name) and not _ordinary(first) and not _is_place(second):
            out.append((m.start("name"), m.end("name"), "zinsbegin"))
    for m in _LOWER_AFTER.finditer(text):
        last = m.group("last")
        if _STRONG_TV & set(m.group("tv").split()):
            out.append((m.start("name"), m.end("name"), "kleine letter"))
            continue
        if last in _TV_SURNAME_CORES and m.group("tv"):
            out.append((m.start("name"), m.end("name"), "kleine letter"))
            continue
        if last in ordinary_words():
            continue
        if last in _lower_surnames() or last.endswith(_SURNAME_ENDINGS):
            out.append((m.start("name"), m.end("name"), "kleine letter"))
    return out


def extend_names(text: str, spans: Sequence[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """Every PERSON span widened over capitalised words right after it (*Kees* → *Kees Prins*),
    except weekday and month names."""
    out = []
    for entity, start, end in spans:
        if entity == "PERSON":
            while (m := _FOLLOWING_CAP.match(text, end)) and not _ordinary_follower(m.group()):
                end = m.end()
        out.append((entity, start, end))
    return out


def _ordinary_follower(matched: str) -> bool:
    return matched.split()[-1].lower() in _NOT_FOLLOWERS
