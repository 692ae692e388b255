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
  surname ending (*-sma*, *-stra*, *-inga* …), a word that is in no Dutch word list (OpenTaal:
  *van celis*, *van çorlu*), or any word after a tussenvoegsel that is no article
  (*van van der meer*, *bij el amrani*);
* a lower-case word naming whom a pet, a vehicle or a garden belongs to (*de kat van de
  stam*), unless it is a relation, an institution or a place word (*de hond van de buren*);
* two capitalised words right after *met*, *van*, *door*, *namens*, *bij*, *voor*, *aan*
  (*afgestemd met Tijn Boom*), and lower-case words closing a text after a sign-off
  (*groetjes roy van den put*).

``extend_names`` then widens every name span over a capitalised word right after it, so a
surname that is also a word is not left behind (*Kees Prins*, not *<NAAM> Prins*).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from typing import ClassVar

from haarlem_opendata.pii.lexicon import (
    dutch_words,
    names_cache,
    negative_phrases,
    ordinary_words,
    surnames,
)
from haarlem_opendata.pii.recognizers.nl.shape_base import ShapeRecognizer

_UP = "A-ZÀ-ÖØ-ÝĞİŞÇ"
_LO = "a-zà-öø-ÿğışç\u0307"  # U+0307: the dot of a lower-cased Turkish İ
_CAP = rf"[{_UP}][{_LO}'’]+(?:-[{_UP}][{_LO}'’]+)*"
_TV = (
    r"(?i:van|de|den|der|ter|ten|te|het|'t|in|op|uit|von|le|la|da|di|du|el|al|ben|bin|abou|abu|"
    r"dos|das|del)"
)
_ROLE = (
    r"dhr|mevr|mw|mr|mej|dr|drs|ing|ir|fam|familie|mevrouw|meneer|de heer|juffrouw|"
    r"\w*buur(?:man|vrouw|jongen|meisje|tje|kind)|ondertekend|getekend|afzender|naam|"
    r"afgestemd met|overlegd met|gesproken met|besproken met|navragen bij|"
    r"bewoner|bewoonster|melder|namens|contactpersoon|collega|zoon|dochter|"
    r"vader|moeder|zus|broer|oom|tante|opa|oma|vriend|vriendin|eigenaar|eigenaresse|huurder|"
    r"huurster|verhuurder|huismeester|conciërge|heet|contact met|contact opnemen met|naam is|"
    r"ik ben|"
    r"groet|groeten|groetjes|mvg|gr|vriendelijke groet"
)
_NAME = rf"(?:{_TV}\s+){{0,3}}{_CAP}(?:\s+(?:{_TV}\s+){{0,3}}{_CAP}){{0,2}}"
_AFTER_ROLE = re.compile(rf"(?i:\b(?:{_ROLE}))[.,:]*\s+(?P<name>{_NAME})")
_TV_WORD = re.compile(rf"{_TV}")
# In a chain only the tussenvoegsels that are never ordinary prepositions ("op", "in", "uit"
# would make "Henk op de Zijlweg" a name).
_CHAIN_TV = r"(?:van|de|den|der|ter|ten|te|von|le|la|da|di|du|el|al|ben|bin|abou|abu|dos|das|del)"
_TV_CHAIN = re.compile(rf"(?<![\w])(?P<name>{_CAP}(?:\s+{_CHAIN_TV}){{1,3}}\s+{_CAP})(?![\w])")
_CAP_BEFORE = re.compile(rf"{_CAP}\s+$")
# the first word of a building or place, not of a person ("Molen de Adriaan", "Huis ter Kleef")
_PLACE_HEADS = {
    "molen", "kerk", "huis", "park", "station", "museum", "school", "hotel", "café", "cafe",
    "restaurant", "winkel", "kasteel", "hof", "plein", "brug", "sporthal", "bibliotheek",
    "buurthuis",
    "begraafplaats", "kinderboerderij", "stichting", "vereniging", "gemeente", "wijk", "buurt",
}  # fmt: skip
_AFTER_PREPOSITION = re.compile(
    rf"\b(?:met|van|door|namens|bij|voor|aan)\s+(?P<name>{_CAP}(?:\s+{_TV}){{0,3}}\s+{_CAP})(?![\w])"
)
_SIGNOFF_LOWER = re.compile(
    rf"(?i:\b(?:groetjes|groeten|groet|gr\.|mvg|m\.v\.g\.|ondertekend))[,:]?\s+"
    rf"(?P<name>[{_LO}][{_LO}'’-]*(?:\s+[{_LO}'’][{_LO}'’-]*){{0,4}})\s*(?=[.!\n]|$)"
)
_SENTENCE_START = re.compile(rf"(?:^|[.!?]\s+|\n\s*)(?P<name>{_CAP}\s+{_CAP})(?=\s+[{_LO}])")
_LOWER_AFTER = re.compile(
    rf"\b(?:van|bij|met|namens|voor|door)\s+(?P<name>(?P<tv>(?:{_TV}\s+){{0,2}})"
    rf"(?P<last>[{_LO}][{_LO}'’-]{{2,}}))\b(?!\s+\d)"
)
# "de hond van de stam": what a pet or a vehicle belongs to is a person, unless it is a
# relation, an institution or a place word
_BELONGING = re.compile(
    rf"(?i:\b(?:hond|honden|kat|katten|poes|auto|busje|bus|fiets|scooter|brommer|boot|caravan|"
    rf"aanhanger|camper|kinderen|zoon|dochter|tuin|schuur|heg|boom)\s+van)\s+"
    rf"(?P<name>(?:de\s+|den\s+)?(?P<last>[{_LO}][{_LO}'’-]{{2,}}))\b(?!\s+(?:de|het|een|\d))"
)
_NOT_OWNERS = {
    "buren", "buurman", "buurvrouw", "bovenburen", "onderburen", "overburen", "overkant",
    "hiernaast", "hierboven", "hieronder", "gemeente", "school", "kerk", "winkel", "bewoners",
    "bewoner", "eigenaar", "eigenaren", "huurder", "huurders", "flat", "vereniging", "zaak",
    "bakker", "slager", "kapper", "garage", "woningbouw", "woningcorporatie", "corporatie",
    "politie", "wijk", "buurt", "straat", "stad", "overbuurman", "overbuurvrouw", "vorige",
    "nummer", "postbode",
}  # fmt: skip
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
def _stop_words() -> frozenset[str]:
    from spacy.lang.nl.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


@names_cache
def _lower_surnames() -> frozenset[str]:
    return frozenset(s.split()[-1].lower() for s in surnames()) | _TV_SURNAME_CORES


# Street endings no surname has (unlike -dijk, -steeg, -hof: Moensendijk, Oversteeg)
_STREET_ONLY = (
    "straat", "laan", "weg", "plein", "gracht", "kade", "singel", "dreef", "markt", "plantsoen",
    "burgwal", "boulevard", "pleintje", "park",
)  # fmt: skip


def _is_place(phrase: str) -> bool:
    """A known place or organisation, a street (*Zeedijk*; but *Dijk* alone is a surname), or a
    phrase opening with a building word (*Molen de Adriaan*)."""
    lower = phrase.lower()
    words = lower.split()
    last = words[-1]
    street = last.endswith(_STREET_ONLY) and last not in _STREET_ONLY
    return lower in negative_phrases() or street or words[0] in _PLACE_HEADS


def _head(name: str) -> str:
    """The first word of a name that is no tussenvoegsel (*De Teunissen* → *Teunissen*)."""
    return next((w for w in name.split() if not _TV_WORD.fullmatch(w)), name.split()[0])


def _ordinary(word: str) -> bool:
    return word.lower() in ordinary_words() or word.lower() in _NOT_FOLLOWERS


class NlNameShapeRecognizer(ShapeRecognizer):
    """Recall-first person names for redaction (see module docstring)."""

    SUPPORTED: ClassVar[list[str]] = ["PERSON"]
    SCORE: ClassVar[float] = 0.85

    def spans(self, text: str) -> list[tuple[str, int, int, str]]:
        return [("PERSON", start, end, why) for start, end, why in _spans(text)]


def _spans(text: str) -> list[tuple[int, int, str]]:
    out: list[tuple[int, int, str]] = []
    for m in _AFTER_ROLE.finditer(text):
        name = m.group("name")
        # after a role word a capitalised word is a name even when it is also a word ("Hoek")
        if not _is_place(name) and _head(name).lower() not in _NOT_FOLLOWERS:
            out.append((m.start("name"), m.end("name"), "rol"))
    for m in _TV_CHAIN.finditer(text):
        name = m.group("name")
        inside_longer = _CAP_BEFORE.search(text, 0, m.start()) is not None
        if not inside_longer and not _is_place(name) and not _ordinary(name.split()[0]):
            out.append((m.start("name"), m.end("name"), "tussenvoegsel"))
    for m in _AFTER_PREPOSITION.finditer(text):
        name = m.group("name")
        if not _is_place(name) and not _ordinary(name.split()[0]):
            out.append((m.start("name"), m.end("name"), "voorzetsel"))
    out += [(m.start("name"), m.end("name"), "afsluiting") for m in _SIGNOFF_LOWER.finditer(text)]
    for m in _SENTENCE_START.finditer(text):
        name = m.group("name")
        first, second = name.split()
        if not _is_place(name) and not _ordinary(first) and not _is_place(second):
            out.append((m.start("name"), m.end("name"), "zinsbegin"))
    for m in _BELONGING.finditer(text):
        last = m.group("last")
        # "de kat van hoek": without an article even an ordinary word is a family name
        article = m.group("name") != last
        common = last in ordinary_words() if article else last in _stop_words()
        if last not in _NOT_OWNERS and not common:
            out.append((m.start("name"), m.end("name"), "eigenaar"))
    for m in _LOWER_AFTER.finditer(text):
        last = m.group("last")
        tv = set(m.group("tv").lower().split())
        if _STRONG_TV & tv or {"in", "'t"} <= tv:
            out.append((m.start("name"), m.end("name"), "kleine letter"))
            continue
        if last in _TV_SURNAME_CORES and m.group("tv"):
            out.append((m.start("name"), m.end("name"), "kleine letter"))
            continue
        if last in ordinary_words():
            continue
        article_only = set(m.group("tv").lower().split()) <= {"de", "het", "'t"}
        if m.group("tv") and article_only and last in dutch_words():
            continue  # "van de bakker": the baker; the surname is written "De Bakker"
        known = last in _lower_surnames() or last.endswith(_SURNAME_ENDINGS)
        if known or last not in dutch_words():
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
