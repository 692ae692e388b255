"""Person names in Dutch text without a statistical model.

No Dutch NER model can be installed, and deduce (which would do this well) is GPL-3.0. The rules
follow how names are written in Dutch reports (Meertens Instituut, *Nederlandse Familienamenbank*,
on tussenvoegsels: https://www.meertens.knaw.nl/nfb/):

* a cue before the name: *dhr.*, *mevr.*, *mevrouw*, *de heer*, *buurman*, *mijn naam is*,
  *groet,* … (score 0.85) — works for names in no list;
* initials with a surname and optional *tussenvoegsels*: *J. de Vries*, *M. El Amrani* (0.8);
* a given name from the shipped lexicon followed by a capitalised word (0.85), or a capitalised
  word followed by a lexicon surname (0.8);
* two or three capitalised words inside a sentence, not after an article (*bij de Burger King*),
  none of them an ordinary word, street or
  place (0.6); at the start of a sentence only when a verb such as *belde*, *meldt*, *zag*
  follows (otherwise 0.4, too weak alone);
* a lexicon given name alone inside a sentence (0.6);
* lower-case words closing a text after a sign-off (*groetjes jan de vries*) (0.7).

Street names (*Frans Halsstraat*), places and organisations (*Grote Markt*, *Albert Heijn*) and
ordinary capitalised words (*Groen*, *Afval*, weekday names) are negatives; a lexicon surname
alone (*Groen*, *Bakker*) needs a cue.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import ClassVar

from presidio_analyzer import (
    AnalysisExplanation,
    EntityRecognizer,
    LocalRecognizer,
    RecognizerResult,
)
from presidio_analyzer.nlp_engine import NlpArtifacts

from haarlem_opendata.pii.entity import STARS, EntityDefinition, Prefilter
from haarlem_opendata.pii.lexicon import (
    given_names,
    negative_phrases,
    ordinary_words,
    street_suffixes,
    surnames,
)
from haarlem_opendata.pii.recognizers.nl.person_name_gate import may_hold_names
from haarlem_opendata.pii.recognizers.nl.person_name_words import (
    CUE_WORDS,
    LOWER,
    TUSSENVOEGSELS,
    UPPER,
)

_CAPW = rf"[{UPPER}][{LOWER}'’]+(?:-[{UPPER}][{LOWER}'’]+)*"
_TV = rf"(?:(?i:{TUSSENVOEGSELS})\s+)"
_INITIALS = rf"(?:[{UPPER}]\.\s?){{1,4}}"
_PIECE = re.compile(rf"(?P<ini>{_INITIALS})|(?P<tv>(?i:{TUSSENVOEGSELS})(?=\s))|(?P<cap>{_CAPW})")
_CHAIN = re.compile(
    rf"(?<![\w.@/&-])(?:{_INITIALS}\s*)?{_TV}{{0,3}}{_CAPW}(?:\s+{_TV}{{0,3}}{_CAPW}){{0,4}}(?![\w@])"
)
_CUE_BEFORE = re.compile(
    r"(?i)(?:\b(?:dhr|mevr|mw|mr|mej|dr|drs|ing|ir|fam)\.?|"
    r"\b(?:mevrouw|meneer|de heer|heer|juffrouw|"
    r"familie|buurman|buurvrouw|buurjongen|buurmeisje|bewoner|bewoonster|melder|namens|"
    r"contactpersoon|wethouder|collega|zoon|dochter|vader|moeder|zus|broer|oom|tante|opa|oma|vriend|"
    r"vriendin|eigenaar|eigenaresse|huurder|huurster|verhuurder|beheerder|conciërge|huismeester|"
    r"mijn naam is|naam is|ik ben|ik heet|heet|t\.a\.v\.?|groet|groeten|groetjes|gr\.?|mvg|"
    r"naam(?: melder)?)\b)[\s,:]*(?:[{(\"'“]\s*)?$"
)
# "bij de Burger King", "voor het Spaarne Gasthuis": Dutch puts no article before a person's name
_ARTICLE_BEFORE = re.compile(r"(?i)(?<!\w)(?:de|het|een|deze|die|dit|dat|onze|uw|hun)\s+$")
_HONORIFIC_BEFORE = re.compile(
    r"(?i)(?:\b(?:dhr|mevr|mw|mej)\.?|"
    r"\b(?:mevrouw|meneer|de heer|juffrouw|familie|buurman|buurvrouw)\b)"
    r"\s*$"
)
# "Sanne Visser belde": a reporting verb right after two capitalised words marks a person
_VERB_AFTER = re.compile(
    r"\s+(?:belde|belt|meldt|meldde|zegt|zei|zag|ziet|heeft|had|woont|vraagt|vroeg|klaagt|klaagde|"
    r"gaf|geeft|mailde|liet|laat|is|was)\b"
)
# "groetjes jan de vries" at the end of a text or sentence: a sign-off needs no capitals
_SIGNOFF_LOWER = re.compile(
    r"(?i:\b(?:groetjes|groeten|groet|gr\.|mvg|m\.v\.g\.|mijn naam is))[,:]?\s+"
    r"([a-zà-ÿğışç][\w'’-]*(?:\s+[a-zà-ÿğışç][\w'’-]*){0,4})\s*(?=[.!\n]|$)"
)
_SENTENCE_END = re.compile(r"(?:^|[.!?:;\n\"“(\[-])\s*$")


@dataclass
class _Piece:
    kind: str  # ini | tv | cap
    text: str
    start: int
    end: int


@cache
def _street_ending() -> re.Pattern[str]:
    # two or more letters before the ending: "Zijlweg", "Dedemsvaartweg", but not "Weg" or "Dijk"
    endings = "|".join(sorted(street_suffixes(), key=len, reverse=True))
    return re.compile(rf"[\w'’-]{{2,}}(?:{endings})", re.IGNORECASE)


def _is_street(word: str) -> bool:
    return _street_ending().fullmatch(word) is not None


class NlPersonNameRecognizer(LocalRecognizer):
    name: str  # set by Presidio's EntityRecognizer.__init__

    CONTEXT: ClassVar[list[str]] = [
        "naam",
        "genaamd",
        "meneer",
        "mevrouw",
        "buurman",
        "buurvrouw",
        "melder",
        "bewoner",
    ]

    def __init__(self, supported_language: str = "nl", supported_entity: str = "PERSON"):
        super().__init__(
            supported_entities=[supported_entity],
            supported_language=supported_language,
            context=self.CONTEXT,
            name="NlPersonNameRecognizer",
        )

    def load(self) -> None:
        self._given = given_names()
        self._surnames = surnames()
        self._ordinary = ordinary_words()
        self._phrases = negative_phrases()

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        results = []
        for start, end, score in self.find(text):
            results.append(
                RecognizerResult(
                    entity_type=self.supported_entities[0],
                    start=start,
                    end=end,
                    score=score,
                    analysis_explanation=AnalysisExplanation(
                        recognizer=self.name, original_score=score, textual_explanation="naamregel"
                    ),
                    recognition_metadata={
                        RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                        RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
                    },
                )
            )
        return EntityRecognizer.remove_duplicates(results)

    def find(self, text: str) -> list[tuple[int, int, float]]:
        """(start, end, score) of every name candidate in ``text``."""
        found = []
        for chain in _CHAIN.finditer(text):
            pieces = [
                _Piece(
                    m.lastgroup or "", m.group(), chain.start() + m.start(), chain.start() + m.end()
                )
                for m in _PIECE.finditer(chain.group())
            ]
            for group in self._split(pieces, text):
                scored = self._score(group, text)
                if scored is not None:
                    found.append(scored)
        for m in _SIGNOFF_LOWER.finditer(text):
            words = m.group(1).split()
            if words[-1] not in self._ordinary and words[0] not in self._ordinary:
                found.append((m.start(1), m.end(1), 0.7))
        return found

    def _blocked(self, pieces: list[_Piece], text: str) -> list[bool]:
        blocked = [False] * len(pieces)
        lower_chain = " ".join(p.text.lower() for p in pieces)
        before = text[max(0, pieces[0].start - 40) : pieces[0].start]
        honorific = bool(_HONORIFIC_BEFORE.search(before))
        cue = honorific or bool(_CUE_BEFORE.search(before))
        for i, p in enumerate(pieces):
            word = p.text.lower().rstrip(".")
            if p.kind == "cap" and i == 0 and honorific and word not in CUE_WORDS:
                continue  # "buurman Elke", "mevrouw Groen": capitalised after an honorific
            # "Zuidweg", "Verkade" are surnames too; after a cue a street-like word is a name
            street = (
                _is_street(p.text)
                and p.text not in self._surnames
                and not (cue and i > 0)  # "groet, Mirte Oversteeg"
            )
            if p.kind == "cap" and (word in CUE_WORDS or street):
                blocked[i] = True
                j = i - 1
                while street and j >= 0 and pieces[j].kind == "cap":
                    blocked[j] = True  # "Frans Halsstraat": the words before belong to the street
                    j -= 1
            elif p.kind == "cap" and word in self._ordinary:
                after_name = (
                    i > 0
                    and not blocked[i - 1]
                    and (pieces[i - 1].kind in ("ini", "tv") or pieces[i - 1].text in self._given)
                )
                # "Sanne Bos", "J. Koning", "van den Put": an ordinary word used as a surname
                blocked[i] = not after_name
        for phrase in self._phrases:
            if phrase in lower_chain:
                words = phrase.split()
                for i in range(len(pieces) - len(words) + 1):
                    if [p.text.lower() for p in pieces[i : i + len(words)]] == words:
                        for j in range(i, i + len(words)):
                            blocked[j] = True
        return blocked

    def _split(self, pieces: list[_Piece], text: str) -> list[list[_Piece]]:
        blocked = self._blocked(pieces, text)
        groups: list[list[_Piece]] = [[]]
        for p, b in zip(pieces, blocked, strict=True):
            if b:
                groups.append([])
            else:
                groups[-1].append(p)
        out = []
        for g in groups:
            while g and g[-1].kind != "cap":  # a name ends in a capitalised word
                g = g[:-1]
            if g:
                out.append(g)
        return out

    def _score(self, group: list[_Piece], text: str) -> tuple[int, int, float] | None:
        caps = [p for p in group if p.kind == "cap"]
        has_initials = group[0].kind == "ini"
        has_tv = any(p.kind == "tv" for p in group)
        start, end = group[0].start, group[-1].end
        before = text[max(0, start - 40) : start]
        if group[0].kind == "tv" and not has_initials:
            # "de Vries": the article may be a tussenvoegsel or just an article
            before_tv = text[max(0, start - 40) : start]
            if _CUE_BEFORE.search(before_tv):
                return start, end, 0.85
            start = caps[0].start
            group = [p for p in group if p.start >= start]
            before = text[max(0, start - 40) : start]
            has_tv = any(p.kind == "tv" for p in group)
        cue = bool(_CUE_BEFORE.search(before))
        at_sentence_start = bool(_SENTENCE_END.search(before))
        first, last = caps[0].text, caps[-1].text
        if cue:
            return start, end, 0.85
        if has_initials and caps:
            return start, end, 0.8
        if _ARTICLE_BEFORE.search(before):
            return None
        if len(caps) >= 2 or (has_tv and len(caps) >= 1 and group[0].kind == "cap"):
            if first in self._given:
                return start, end, 0.85
            if last in self._surnames:
                return start, end, 0.8
            if at_sentence_start and not _VERB_AFTER.match(text, end):
                return start, end, 0.4
            return start, end, 0.6
        if first in self._given:
            return start, end, 0.55 if at_sentence_start else 0.6
        return None


def _mask(value: str) -> str:
    """The initials of the first two words, ``J*** d***``."""
    return " ".join(w[:1] + STARS for w in value.split()[:2] if w[:1].isalpha()) or STARS


DEFINITION = EntityDefinition(
    type="PERSON",
    label_nl="naam",
    placeholder="<NAAM>",
    recognizer=NlPersonNameRecognizer,
    context=tuple(NlPersonNameRecognizer.CONTEXT),
    mask=_mask,
    prefilter=Prefilter(rule=may_hold_names),
    header_words=frozenset(
        {"naam", "name", "voornaam", "achternaam", "contactpersoon", "melder_naam", "voorletters"}
    ),
    # initials, tussenvoegsels and capitalised words, one to five
    column_shape=re.compile(
        r"^(?:(?:[A-Z]\.\s?)+\s*)?(?:(?i:van|de|den|der|ter|ten|te|el|al|ben|von|le|la)\s+"
        r"|[A-ZÀ-Ý][\w'’.-]*\s*){1,5}$"
    ),
)
