"""A second, differently phrased family of meldingen-like texts for the PII benchmarks.

Written after the recall-first rules were designed on the issue's examples, but not tuned on:
its sentences, fillers and phone notations are phrased here and nowhere else (the rules read
no list from this file), names come from ``pii_holdout_names`` (held out of the lexicon the
scan uses) plus surnames that are ordinary words, and phone numbers are drawn from every range,
assigned or not, some a digit short or long after a cue. About 40 % of the texts hold one PII
snippet; the rest are hard negatives: street names with numbers that are not house numbers,
category words, case numbers, dates, times, amounts, measurements, object numbers.

``make_corpus(n, seed)`` returns a table with ``omschrijving`` and, per row, the planted
(entity_type, start, end) spans, as ``pii_corpus.make_corpus`` does.
"""

from __future__ import annotations

import random
import string

import pandas as pd

from benchmarks.pii_holdout_names import GIVEN_NAMES, SURNAMES

WORD_SURNAMES = [
    "Smid",
    "Kuiper",
    "Schaap",
    "Hoek",
    "Boom",
    "Zwart",
    "Wolf",
    "Haas",
    "Vink",
    "Stam",
]
LANES = [
    "Vondelweg",
    "Kamperlaan",
    "Delftplein",
    "Leonard Springerlaan",
    "Houtvaart",
    "Paviljoenslaan",
]
THINGS = ["een matras", "drie vuilniszakken", "een kapotte stoel", "bouwafval", "een oude koelkast"]
OPENERS = [
    "Sinds vorige week ligt {thing} bij de glasbak.",
    "Er staat al dagen {thing} op de hoek van de {lane}.",
    "Op de {lane} is de stoep verzakt over zo'n 3 meter.",
    "Lichtmast nr. 4471 aan de {lane} doet het niet sinds {date}.",
    "Melding {case} is nog steeds niet opgepakt.",
    "De bladkorf bij de {lane} is vol, al sinds {date}.",
    "Vanochtend om {time} werd er {thing} gedumpt.",
    "Schade aan het hek, geschat op {amount}.",
    "Wortels drukken de tegels omhoog, ongeveer 15 cm.",
    "Kuil van 40 bij 60 cm in het fietspad bij de {lane}.",
    "Rioolput 23-118 stinkt enorm sinds het onweer.",
    "Boom 1882 staat scheef na de storm van {date}.",
    "Container 2A bij de {lane} is kapot.",
    "Zaaknr {case}: graag status.",
    "Tussen 22.00 en 02.00 uur herrie bij het parkje.",
]
FOLLOWERS = [
    "",
    " Wilt u dit snel oppakken?",
    " Het is gevaarlijk voor kinderen.",
    " Dit is de derde keer dit jaar.",
    " Foto is bijgevoegd.",
]
TV = ["", "", "van ", "de ", "van der ", "ter ", "in 't "]


def _elfproef(d: str) -> bool:
    return sum(int(c) * w for c, w in zip(d, [9, 8, 7, 6, 5, 4, 3, 2, -1], strict=True)) % 11 == 0


def _digits(r: random.Random, k: int) -> str:
    return "".join(r.choices(string.digits, k=k))


def _phone(r: random.Random, cue: bool) -> str:
    """Any range (06-0…, 067…, 069…, 08x, 09x), every notation; a digit off only after a cue."""
    second = r.choice("123456789")
    rest = _digits(r, 8)
    if cue and r.random() < 0.25:
        rest = rest[:-1] if r.random() < 0.5 else rest + r.choice(string.digits)
    n = "0" + second + rest
    return r.choice(
        [
            n,
            f"{n[:2]} {n[2:]}",
            f"{n[:2]}-{n[2:]}",
            f"+31 {n[1]} {' '.join(n[i : i + 2] for i in range(2, len(n), 2))}",
            f"+31{n[1:]}",
            f"0031 {n[1:]}",
            f"+31 (0){n[1:3]} {n[3:]}",
            f"({n[:3]}) {n[3:]}",
            f"{n[:3]}-{n[3:6]} {n[6:]}",
            f"{n[:2]}.{n[2:4]}.{n[4:6]}.{n[6:8]}.{n[8:]}",
        ]
    )


def _bsn(r: random.Random) -> str:
    while not _elfproef(d := str(r.randint(100_000_000, 999_999_999))):
        pass
    return r.choice([d, f"{d[:4]}.{d[4:6]}.{d[6:]}", f"{d[:3]} {d[3:6]} {d[6:]}"])


def _iban(r: random.Random) -> str:
    bank = r.choice(["INGB", "RABO", "ABNA", "SNSB", "TRIO", "BUNQ"])
    account = _digits(r, 10)
    numeric = "".join(str(int(c, 36)) for c in bank + account + "NL00")
    check = 98 - int(numeric) % 97
    iban = f"NL{check:02d}{bank}{account}"
    return iban if r.random() < 0.5 else " ".join(iban[i : i + 4] for i in range(0, 18, 4))


def _postcode(r: random.Random, spaced: bool) -> str:
    letters = r.choice(string.ascii_uppercase) + r.choice(string.ascii_uppercase)
    return f"{r.randint(1000, 9999)}{' ' if spaced else ''}{letters}"


def _house_number(r: random.Random) -> str:
    return f"{r.randint(1, 300)}{r.choice(['', '', 'A', 'c', '-1', '-III', ' hs', '-zw', ' bis'])}"


def _name(r: random.Random) -> tuple[str, str]:
    given = r.choice(GIVEN_NAMES)
    surname = r.choice(WORD_SURNAMES) if r.random() < 0.25 else r.choice(SURNAMES)
    return given, f"{r.choice(TV)}{surname}"


def _pii(r: random.Random, entity: str) -> tuple[str, str]:
    given, surname = _name(r)
    full = f"{given} {surname}"
    surname_cap = surname[0].upper() + surname[1:]
    if entity == "PERSON":
        return r.choice(
            [
                ("{X} heeft hier ook last van.", full),
                ("{X} laat de hond altijd los lopen.", full),
                ("Navragen bij {X} (tweede etage).", full),
                ("Doorgegeven door mijn bovenbuurvrouw {X}.", surname_cap),
                ("Het was meneer {X} van de hoek.", surname_cap),
                ("Vriendelijke groet, {X}", full),
                ("Zie ook het bericht van {X} gisteren.", full),
                ("De kat van {X} zit weer op ons dak.", surname.lower()),
                ("Afgestemd met {X}, de huisbaas.", full),
                ("Ondertekend: {X}", full),
            ]
        )
    if entity == "PHONE_NUMBER":
        template = r.choice(
            [
                "Terugbellen kan op {X}.",
                "Mijn mobiele nummer: {X}",
                "Whatsapp gerust naar {X}",
                "Bereikbaar onder {X} na vijven.",
                "{X} is mijn nummer.",
                "Vragen? {X}",
            ]
        )
        return template, _phone(r, cue="{X}" not in template[:3] and "Vragen" not in template)
    if entity == "EMAIL_ADDRESS":
        local = f"{given}.{surname.replace(' ', '').replace(chr(39), '')}".lower()
        local = local.encode("ascii", "ignore").decode()
        domain = r.choice(["live.nl", "planet.nl", "icloud.com", "proton.me", "hetnet.nl"])
        return r.choice(["Antwoord graag per mail: {X}", "Mijn adres is {X}."]), f"{local}@{domain}"
    if entity == "NL_BSN":
        return r.choice(["Mijn burgerservicenummer: {X}", "BSN {X} voor het dossier."]), _bsn(r)
    if entity == "IBAN_CODE":
        return r.choice(["Graag vergoeden op {X}.", "Rekeningnr {X}."]), _iban(r)
    if entity == "NL_ADDRESS":
        if r.random() < 0.5:
            value = f"{_postcode(r, r.random() < 0.5)} {_house_number(r)}"
        else:
            value = f"{r.choice(LANES)} {_house_number(r)}"
        return r.choice(
            ["Het betreft {X}.", "Ik woon op {X}, naast de overlast.", "Adres: {X}"]
        ), value
    if entity == "NL_POSTCODE":
        return r.choice(["Mijn postcode is {X}.", "(pc {X})"]), _postcode(r, True)
    raise ValueError(entity)


PLANTED = [
    "PERSON",
    "PHONE_NUMBER",
    "EMAIL_ADDRESS",
    "NL_BSN",
    "IBAN_CODE",
    "NL_ADDRESS",
    "NL_POSTCODE",
]


def _opener(r: random.Random) -> str:
    return r.choice(OPENERS).format(
        thing=r.choice(THINGS),
        lane=r.choice(LANES),
        date=f"{r.randint(1, 28)}-{r.randint(1, 12)}-2025",
        time=f"{r.randint(6, 23)}:{r.choice(['00', '15', '30', '45'])}",
        case=f"MOR-2025-{r.randint(0, 99999):05d}",
        amount=f"€ {r.randint(1, 9)}.{r.randint(0, 999):03d},-",
    ) + r.choice(FOLLOWERS)


def make_corpus(
    n_rows: int, seed: int = 7
) -> tuple[pd.DataFrame, list[list[tuple[str, int, int]]]]:
    r = random.Random(seed)
    texts, truth = [], []
    for _ in range(n_rows):
        text = _opener(r)
        spans: list[tuple[str, int, int]] = []
        if r.random() < 0.4:
            entity = r.choice(PLANTED)
            template, value = _pii(r, entity)
            before = text + " "
            start = len(before) + template.index("{X}")
            text = before + template.replace("{X}", value)
            spans.append((entity, start, start + len(value)))
        texts.append(text)
        truth.append(spans)
    return pd.DataFrame({"omschrijving": texts}), truth
