"""Seeded meldingen-like tables with planted PII of every type, for the PII benchmarks.

Separate from the dataset generators on purpose: this corpus must stress the scanner, not look
like the published meldingen. Free text is templates x fillers (objects, streets, times, amounts,
case numbers failing the elfproef, dates without a birth cue, category words, organisations the
name rules do not know), and about a third of the texts get one or two PII snippets written the
way residents write them. Planted names come only from ``pii_holdout_names`` (names held out of
the shipped lexicon), so name recall measures the cue and shape rules on unseen names.

``make_corpus(n, seed)`` returns the table and, per row, the planted (entity_type, start, end)
spans of the free-text column ``omschrijving``.
"""

from __future__ import annotations

import random
import string
import unicodedata

import numpy as np
import pandas as pd

from benchmarks.pii_holdout_names import GIVEN_NAMES, SURNAMES
from haarlem_opendata.spec import ENTITY_TYPES

CATEGORIES = [
    "Groen",
    "Afval",
    "Straatverlichting",
    "Boom",
    "Zwerfafval",
    "Grofvuil",
    "Riolering",
    "Wegdek",
    "Verkeer",
    "Overlast",
    "Ongedierte",
    "Speelplaats",
    "Graffiti",
    "Gladheid",
]
STREETS = [
    "Frans Halsstraat",
    "Grote Markt",
    "Zijlweg",
    "Rijksstraatweg",
    "Schoterweg",
    "Kleverparkweg",
    "Amsterdamstraat",
    "Kruisweg",
    "Gedempte Oude Gracht",
    "Zijlstraat",
    "Prinsen Bolwerk",
    "Leidsevaart",
    "Westergracht",
    "Pijlslaan",
    "Europaweg",
    "Marnixstraat",
    "Delftlaan",
    "Rustenburgerlaan",
    "Verspronckweg",
    "Kennemerplein",
    "Botermarkt",
    "Jan Gijzenkade",
    "Vondelweg",
    "Prins Bernhardlaan",
    "Fonteinlaan",
    "Tempeliersstraat",
    "Lange Veerstraat",
    "Spaarndamseweg",
    "Boerhaavelaan",
    "Bakenessergracht",
]
BUURTEN = [
    "Centrum",
    "Kleverpark",
    "Rozenprieel",
    "Schalkwijk",
    "Delftwijk",
    "Molenwijk",
    "Zuidwest",
]
OBJECTS = [
    "lantaarnpaal",
    "prullenbak",
    "boom",
    "tak",
    "container",
    "bankje",
    "stoeptegel",
    "put",
    "fietsenrek",
    "verkeersbord",
    "hek",
    "glasbak",
    "speeltoestel",
    "paaltje",
]
PROBLEMS = [
    "is kapot",
    "ligt op de stoep",
    "brandt niet meer",
    "staat scheef",
    "is vol",
    "stinkt",
    "is losgeraakt",
    "blokkeert het fietspad",
    "is beklad",
    "is omgewaaid",
    "lekt",
]
ORGS_UNKNOWN = [
    "Burger King",
    "Brouwerij Jopen",
    "Hotel Lion d'Or",
    "Kruidvat",
    "Pathé",
    "Coffee Company",
]
ORGS_KNOWN = ["Albert Heijn", "Spaarnelanden", "Spaarne Gasthuis", "Teylers Museum", "Sint Bavo"]
BASE = [
    "{Obj} {prob} op de {street}.",
    "{Obj} {prob} ter hoogte van de {org}, {street}.",
    "Sinds {date} {obj} {prob}. Al {n} keer gemeld, zaaknummer {case}.",
    "Op {weekday} om {time} zag ik dat de {obj} {prob} bij de {street}.",
    "{Cat}: {obj} {prob}, hoek {street}/{street2}.",
    "Er liggen {n} zakken afval naast de {obj} op de {street}. Schade ca. € {amount}.",
    "Graag de {obj} op de {street} nakijken, {prob}. Melding {case} uit {year} is niet opgelost.",
    "{Obj} {prob} in {buurt}, vlak bij de {org}.",
    "Het gaat om de {obj} voor de {org} op de {street}, {prob}.",
    "In {year} is hier al eens gemeld dat de {obj} {prob}. Bedrag {amount} euro.",
    "Ratten gezien bij de {obj} op de {street}, {weekday} rond {time}.",
    "{Weekday} {date}: {obj} {prob}, categorie {Cat}.",
    "Hallo, de {obj} op de {street} {prob}. Bedankt!",
    "Wij van {buurt} vinden dat de {obj} {prob}. Zie ook melding {case}.",
]
WEEKDAYS = ["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"]
MONTHS = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
]
TV = ["", "", "", "van ", "de ", "van der ", "van den ", "el ", "ter "]
KENTEKEN_LETTERS = "BDFGHJKLNPRSTVXZ"
MAIL_DOMAINS = [
    "ziggo.nl",
    "gmail.com",
    "hotmail.com",
    "kpnmail.nl",
    "xs4all.nl",
    "outlook.com",
    "live.nl",
]


def _elfproef(d: str) -> bool:
    return sum(int(c) * w for c, w in zip(d, (9, 8, 7, 6, 5, 4, 3, 2, -1), strict=True)) % 11 == 0


def _bsn(r: random.Random) -> str:
    while True:
        d = str(r.randint(100000000, 999999999))
        if _elfproef(d):
            return d


def _case_number(r: random.Random) -> str:
    while True:
        d = str(r.randint(100000000, 999999999))
        if not _elfproef(d):
            return d


def _iban(r: random.Random) -> str:
    bank = r.choice(["ABNA", "INGB", "RABO", "SNSB", "TRIO", "ASNB"])
    account = "".join(r.choices(string.digits, k=10))
    numeric = "".join(str(int(c, 36)) for c in bank + account + "NL00")
    check = 98 - int(numeric) % 97
    return f"NL{check:02d}{bank}{account}"


def _kenteken(r: random.Random) -> str:
    shape = r.choice(
        [
            "XX-99-XX",
            "99-XX-XX",
            "99-XXX-9",
            "9-XXX-99",
            "XX-999-X",
            "X-999-XX",
            "XXX-99-X",
            "X-99-XXX",
            "9-XX-999",
            "999-XX-9",
        ]
    )
    return "".join(
        r.choice(KENTEKEN_LETTERS) if c == "X" else r.choice(string.digits) if c == "9" else c
        for c in shape
    )


def _postcode(r: random.Random) -> str:
    while (letters := r.choice(KENTEKEN_LETTERS) + r.choice(KENTEKEN_LETTERS)) in (
        "SA",
        "SD",
        "SS",
    ):
        pass
    return f"{r.randint(2011, 2037)}{r.choice([' ', ''])}{letters}"


def _phone(r: random.Random) -> str:
    if r.random() < 0.6:
        digits = "6" + str(r.randint(1, 5)) + "".join(r.choices(string.digits, k=7))
        return r.choice(
            [
                "0" + digits,
                f"0{digits[:1]}-{digits[1:]}",
                f"0{digits[:1]} {digits[1:3]} {digits[3:5]} {digits[5:7]} {digits[7:]}",
                f"+31 {digits[:1]} {digits[1:]}",
                f"+31{digits}",
                f"0031{digits}",
                f"0{digits[:1]}-{digits[1:5]} {digits[5:]}",
            ]
        )
    area = r.choice(["23", "20", "72", "71"])
    rest = str(r.randint(2, 9)) + "".join(r.choices(string.digits, k=6))
    return r.choice(
        [
            f"0{area}-{rest}",
            f"0{area} {rest[:3]} {rest[3:]}",
            f"(0{area}) {rest}",
            f"0{area}{rest}",
            f"+31 {area} {rest}",
        ]
    )


def _name(r: random.Random) -> tuple[str, str, str]:
    g, s = r.choice(GIVEN_NAMES), r.choice(SURNAMES)
    tv = r.choice(TV)
    return g, tv, s


def _pii(r: random.Random, entity: str) -> tuple[str, str]:
    """(template with {X} marking the PII, the PII value)."""
    g, tv, s = _name(r)
    if entity == "PERSON":
        form = r.randrange(12)
        if form == 9:  # no cue, start of a sentence
            return "{X} belde hierover al eerder.", f"{g} {tv}{s}"
        if form == 10:  # written in lower case: a known gap of the rules
            return "groetjes {X}", f"{g} {tv}{s}".lower()
        if form == 11:  # inside a sentence, no cue
            return "Vorige week heeft {X} dit ook al gezien.", f"{g} {tv}{s}"
        if form == 0:
            return "Mijn naam is {X}.", f"{g} {tv}{s}"
        if form == 1:
            return "Met vriendelijke groet, {X}", f"{g} {tv}{s}"
        if form == 2:
            return "Mijn buurman {X} zet altijd afval buiten.", g
        if form == 3:
            return r.choice(
                [
                    "Mevr. {X} belde hierover.",
                    "Dhr. {X} heeft dit gezien.",
                    "Mevrouw {X} vraagt om terugkoppeling.",
                ]
            ), (tv.capitalize() + s)
        if form == 4:
            return "Gemeld namens {X}.", f"{g[0]}. {tv}{s}"
        if form == 5:
            return "Ik heb het besproken met {X} van nummer 12.", f"{g} {tv}{s}"
        if form == 6:
            return "Groet, {X}", g
        if form == 7:
            return "Contactpersoon: {X}", f"{g[0]}.{r.choice(string.ascii_uppercase)}. {tv}{s}"
        return "Volgens de heer {X} is het al weken zo.", (tv + s) if tv else s
    if entity == "PHONE_NUMBER":
        return r.choice(
            [
                "Bel me op {X}.",
                "Tel: {X}",
                "Bereikbaar via {X}",
                "{X} (na 17u)",
                "graag terugbellen {X}",
            ]
        ), _phone(r)
    if entity == "EMAIL_ADDRESS":
        local = r.choice(
            [f"{g}.{s}", f"{g[0]}{s}", f"{g}{r.randint(1, 99)}", f"{s}.{g[0]}"]
        ).lower()
        local = (
            unicodedata.normalize("NFKD", local).encode("ascii", "ignore").decode().replace("'", "")
        )
        return r.choice(
            ["Mail: {X}", "Reactie graag naar {X}.", "{X}"]
        ), f"{local}@{r.choice(MAIL_DOMAINS)}"
    if entity == "NL_BSN":
        d = _bsn(r)
        value = r.choice([d, f"{d[:4]}.{d[4:6]}.{d[6:]}", f"{d[:3]} {d[3:6]} {d[6:]}"])
        return r.choice(["Mijn BSN is {X}.", "bsn: {X}", "(burgerservicenummer {X})", "{X}"]), value
    if entity == "NL_POSTCODE":
        return r.choice(["Postcode {X}.", "in de wijk {X}", "pc {X}"]), _postcode(r)
    if entity == "NL_ADDRESS":
        nr = f"{r.randint(1, 250)}{r.choice(['', '', 'a', 'b', '-2', ' rd', ' zw'])}"
        value = r.choice(
            [
                f"{r.choice(STREETS)} {nr}",
                f"{g}{r.choice(['straat', 'laan', 'weg', 'hof'])} {nr}",
                f"{_postcode(r)} {nr}",
            ]
        )
        return r.choice(["Ik woon op {X}.", "Overlast komt van {X}", "adres: {X}"]), value
    if entity == "NL_KENTEKEN":
        return r.choice(
            [
                "Auto met kenteken {X} staat er al weken.",
                "Wrak {X} op de stoep",
                "Busje {X} blokkeert de uitrit",
            ]
        ), _kenteken(r)
    if entity == "IBAN_CODE":
        iban = _iban(r)
        if r.random() < 0.5:
            iban = " ".join(iban[i : i + 4] for i in range(0, len(iban), 4))
        return r.choice(["Schade graag overmaken op {X}.", "Rekening {X} t.n.v. mij"]), iban
    if entity == "URL":
        return r.choice(["Foto's op {X}", "Zie {X}"]), r.choice(
            [
                f"https://www.facebook.com/{g.lower()}.{s.lower()}",
                f"www.{s.lower()}{r.randint(1, 99)}.nl",
                f"https://instagram.com/{g.lower()}_{s.lower()}",
            ]
        )
    if entity == "IP_ADDRESS":
        return r.choice(["Mijn IP is {X}", "(verzonden vanaf {X})"]), ".".join(
            str(r.randint(1, 254)) for _ in range(4)
        )
    if entity == "DATE_OF_BIRTH":
        d, m, y = r.randint(1, 28), r.randint(1, 12), r.randint(1930, 2010)
        value = r.choice(
            [
                f"{d:02d}-{m:02d}-{y}",
                f"{d} {MONTHS[m - 1]} {y}",
                f"{y}-{m:02d}-{d:02d}",
                f"{d}/{m}/{y}",
            ]
        )
        return r.choice(["Ik ben geboren op {X}.", "geb. {X}", "Geboortedatum: {X}"]), value
    raise ValueError(entity)


ENTITIES = list(ENTITY_TYPES)  # the order fixes what each seed plants


def _base(r: random.Random) -> str:
    obj = r.choice(OBJECTS)
    return r.choice(BASE).format(
        Obj=obj.capitalize(),
        obj=obj,
        prob=r.choice(PROBLEMS),
        street=r.choice(STREETS),
        street2=r.choice(STREETS),
        org=r.choice(ORGS_UNKNOWN + ORGS_KNOWN),
        date=f"{r.randint(1, 28)}-{r.randint(1, 12)}-{r.choice([2023, 2024])}",
        n=r.randint(2, 12),
        case=_case_number(r),
        weekday=r.choice(WEEKDAYS),
        Weekday=r.choice(WEEKDAYS).capitalize(),
        time=f"{r.randint(6, 23)}:{r.choice(['00', '15', '30', '45'])}",
        Cat=r.choice(CATEGORIES),
        amount=f"{r.randint(5, 2000)},{r.choice(['00', '50', '95'])}",
        year=r.choice([2022, 2023, 2024]),
        buurt=r.choice(BUURTEN),
    )


def make_text(r: random.Random, pii_share: float = 0.35) -> tuple[str, list[tuple[str, int, int]]]:
    text = _base(r)
    spans: list[tuple[str, int, int]] = []
    if r.random() < pii_share:
        for entity in r.sample(ENTITIES, k=r.choice([1, 1, 2])):
            template, value = _pii(r, entity)
            prefix, suffix = template.split("{X}")
            text += (" " if text[-1] in ".!?)" else ". ") + prefix
            spans.append((entity, len(text), len(text) + len(value)))
            text += value + suffix
    return text, spans


def make_corpus(
    n: int, seed: int = 5, pii_share: float = 0.35
) -> tuple[pd.DataFrame, list[list[tuple[str, int, int]]]]:
    r = random.Random(seed)
    rng = np.random.default_rng(seed)
    texts, truth = [], []
    for _ in range(n):
        t, s = make_text(r, pii_share)
        texts.append(t)
        truth.append(s)
    df = pd.DataFrame(
        {
            "melding_id": np.arange(1, n + 1, dtype=np.int64),
            "gemeld_op": pd.Timestamp("2024-01-01")
            + pd.to_timedelta(rng.integers(0, 365 * 24 * 3600, n), unit="s"),
            "categorie": pd.Categorical(rng.choice(CATEGORIES, n)),
            "straat": rng.choice(STREETS, n),
            "buurt": rng.choice(BUURTEN, n),
            "omschrijving": texts,
        }
    )
    return df, truth
