"""Seeded meldingen openbare ruimte (MOR) for 2025 — GENERATED data, with realistic personal data.

Real meldingen are record-level and reporters write personal data into the free text: their own
phone number, a neighbour's name, a licence plate, a BSN "for the file". The protection stages
must find and remove exactly that, so this generator writes it the way reporters do (~30 % of
descriptions), plus the reporter's contact fields. Every name, number and address is invented
here from small fixed lists; BSNs pass the elfproef so a checksum-aware recognizer is tested.

``tijdstip`` is a naive timestamp in Europe/Amsterdam wall-clock time (what the MOR system shows).
Locations cluster around a few centres and along the lines between them, like streets.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import shapely

from haarlem_opendata.generators.geo import gemeente_boundary, points_in

SEED = 20250101
# A city of about 160,000 residents receives tens of thousands of meldingen openbare ruimte a
# year; at this volume dense buurten keep buurt x maand after protection (local recoding).
N_MELDINGEN = 40_000
PII_SHARE = 0.30

CATEGORIEEN = {
    "Afval": 0.26,
    "Straatverlichting": 0.09,
    "Groen": 0.14,
    "Wegen en verkeer": 0.16,
    "Overlast": 0.12,
    "Riolering": 0.06,
    "Openbare orde": 0.05,
    "Fietsen": 0.07,
    "Speelvoorzieningen": 0.02,
    "Ongedierte": 0.03,
}
OMSCHRIJVINGEN = {
    "Afval": [
        "Grofvuil naast de container{waar}",
        "Ondergrondse container{waar} zit vol",
        "Zakken huisvuil opengescheurd door meeuwen{waar}",
        "Illegaal gedumpt afval{waar}",
    ],
    "Straatverlichting": [
        "Lantaarnpaal{waar} brandt niet",
        "Straatlantaarn knippert al dagen{waar}",
        "Lamp{waar} brandt overdag",
    ],
    "Groen": [
        "Boomtak afgebroken{waar}",
        "Onkruid op de stoep{waar}",
        "Heg steekt over het fietspad{waar}",
        "Gras niet gemaaid{waar}",
    ],
    "Wegen en verkeer": [
        "Gat in de weg{waar}",
        "Losliggende stoeptegel{waar}",
        "Verkeersbord omgereden{waar}",
        "Drempel beschadigd{waar}",
    ],
    "Overlast": [
        "Geluidsoverlast van feest{waar}",
        "Hangjongeren{waar} 's avonds laat",
        "Blaffende hond de hele dag{waar}",
    ],
    "Riolering": [
        "Put verstopt{waar}, water blijft staan",
        "Stank uit het riool{waar}",
        "Rioolputdeksel rammelt{waar}",
    ],
    "Openbare orde": [
        "Fout geparkeerde auto{waar}",
        "Wrak van een scooter{waar}",
        "Graffiti op de muur{waar}",
    ],
    "Fietsen": ["Weesfiets{waar} staat er al weken", "Fietsenrek kapot{waar}"],
    "Speelvoorzieningen": ["Schommel kapot{waar}", "Glas in de zandbak{waar}"],
    "Ongedierte": ["Ratten gezien{waar}", "Wespennest{waar}"],
}
WAAR = [
    " bij het Spaarne",
    " in de Kleverparkbuurt",
    " op de Grote Markt",
    " bij station Haarlem",
    " in Schalkwijk",
    " aan de Zijlweg",
    " bij de Dreef",
    " in de Amsterdamse buurt",
    "",
    " voor de bakker",
    " naast de school",
    " bij de bushalte",
]
# Invented names, from this list only (not from any name lexicon the PII work uses).
VOORNAMEN = [
    "Jan",
    "Petra",
    "Mohamed",
    "Sanne",
    "Kees",
    "Fatima",
    "Henk",
    "Lieke",
    "Ahmet",
    "Marloes",
    "Pieter",
    "Yvonne",
    "Dennis",
    "Ineke",
    "Bram",
    "Naima",
]
ACHTERNAMEN = [
    "de Vries",
    "Jansen",
    "Bakker",
    "van Dijk",
    "El Amrani",
    "Visser",
    "Smit",
    "de Boer",
    "Yilmaz",
    "Mulder",
    "van der Meer",
    "Hoekstra",
    "Kramer",
    "Brouwer",
]
# Surnames that are also Dutch words: left behind, they still name the neighbour.
WOORD_ACHTERNAMEN = ["Prins", "Bos", "Visser", "de Wit", "Koster", "Schipper", "Kok", "Dekker"]
TOEVOEGINGEN = ["", "", "", "A", "-zw", " hs", "-II", "-1", " bis", "B", "-rd"]
STRATEN = [
    "Kleine Houtstraat",
    "Zijlweg",
    "Rijksstraatweg",
    "Spaarndamseweg",
    "Kruisweg",
    "Jansstraat",
]
MAILDOMEINEN = ["gmail.com", "hotmail.com", "ziggo.nl", "kpnmail.nl", "outlook.com", "xs4all.nl"]
PC_LETTERS = list("ABCDEGHJKLMNPRSTVWXZ")


def generate(boundary_geojson: Path, seed: int = SEED, n: int = N_MELDINGEN) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    boundary = gemeente_boundary(boundary_geojson)
    tijdstip = _timestamps(rng, n)
    xy = _locations(boundary, rng, n)
    cats = list(CATEGORIEEN)
    categorie = rng.choice(
        cats, size=n, p=np.array(list(CATEGORIEEN.values())) / sum(CATEGORIEEN.values())
    )
    omschrijving: list[str] = []
    naam: list[str | None] = []
    email: list[str | None] = []
    telefoon: list[str | None] = []
    for cat in categorie:
        text = str(rng.choice(OMSCHRIJVINGEN[cat])).format(waar=str(rng.choice(WAAR))) + "."
        if rng.random() < PII_SHARE:
            text = f"{text} {_pii_sentence(rng)}"
        omschrijving.append(text)
        if rng.random() < 0.18:  # anonymous melding
            naam.append(None)
            email.append(None)
            telefoon.append(None)
            continue
        voornaam, achternaam = rng.choice(VOORNAMEN), rng.choice(ACHTERNAMEN)
        naam.append(f"{voornaam} {achternaam}")
        email.append(_email(rng, voornaam, achternaam) if rng.random() < 0.85 else None)
        telefoon.append(_phone(rng) if rng.random() < 0.6 else None)
    table = (
        pd.DataFrame(
            {
                "tijdstip": tijdstip,
                "x": xy[:, 0],
                "y": xy[:, 1],
                "categorie": categorie,
                "omschrijving": omschrijving,
                "melder_naam": naam,
                "melder_email": email,
                "melder_telefoon": telefoon,
            }
        )
        .sort_values("tijdstip", kind="stable")
        .reset_index(drop=True)
    )
    table.insert(0, "melding_id", [f"MOR-2025-{i + 1:06d}" for i in range(len(table))])
    string_cols = [
        "melding_id",
        "categorie",
        "omschrijving",
        "melder_naam",
        "melder_email",
        "melder_telefoon",
    ]
    return table.astype(dict.fromkeys(string_cols, "string"))


def _timestamps(rng: np.random.Generator, n: int) -> pd.Series:
    """Over 2025, more in autumn and winter (leaves, storms, darkness), more in daytime, to the
    second."""
    start = pd.Timestamp("2025-01-01")
    season = 1 + 0.35 * np.cos(2 * np.pi * (np.arange(365) - 300) / 365)
    day = rng.choice(365, n, p=season / season.sum())
    hour_p = np.array(
        [1, 1, 1, 1, 1, 2, 4, 7, 9, 9, 9, 8, 8, 8, 8, 8, 8, 7, 6, 5, 4, 3, 2, 1], float
    )
    hour = rng.choice(24, n, p=hour_p / hour_p.sum())
    seconds = rng.integers(0, 3600, n)
    ts = (
        start
        + pd.to_timedelta(day, "D")
        + pd.to_timedelta(hour, "h")
        + pd.to_timedelta(seconds, "s")
    )
    return pd.Series(ts).astype("datetime64[us]")


def _locations(boundary, rng: np.random.Generator, n: int) -> np.ndarray:
    centres = points_in(boundary.buffer(-500), 12, rng)
    pairs = rng.integers(0, len(centres), size=(n, 2))
    t = rng.random(n)[:, None]
    along = rng.random(n) < 0.55  # along a "street" between two centres, else around a centre
    base = np.where(
        along[:, None],
        centres[pairs[:, 0]] * (1 - t) + centres[pairs[:, 1]] * t,
        centres[pairs[:, 0]],
    )
    spread = np.where(along, 40.0, 300.0)[:, None]
    xy = base + rng.normal(0, 1, (n, 2)) * spread
    outside = ~shapely.contains_xy(boundary, xy[:, 0], xy[:, 1])
    xy[outside] = centres[pairs[outside, 0]]
    return np.round(xy, 1)


def _phone(rng: np.random.Generator) -> str:
    """A phone number as residents write it: any range (assigned or not: 06-0…, 067…, 069…), in
    every notation, and now and then one digit short or long (a typo still points at a person)."""
    length = 8 + (int(rng.choice([-1, 1])) if rng.random() < 0.08 else 0)
    digits = "".join(str(d) for d in rng.integers(0, 10, length))
    style = rng.integers(0, 9)
    if style == 0:
        return f"06-{digits}"
    if style == 1:
        return f"+31 6 {digits[:4]} {digits[4:]}"
    if style == 2:
        return f"023-{digits[:7]}"
    if style == 3:
        return f"06 {digits}"
    if style == 4:
        return f"+31 6 {' '.join(digits[i : i + 2] for i in range(0, len(digits), 2))}"
    if style == 5:
        return f"0031 6 {digits}"
    if style == 6:
        return f"+31 (0)6 {digits}"
    if style == 7:
        return f"06.{'.'.join(digits[i : i + 2] for i in range(0, len(digits), 2))}"
    return f"06{digits}"


def _email(rng: np.random.Generator, voornaam: str, achternaam: str) -> str:
    local = f"{voornaam}.{achternaam.replace(' ', '')}".lower()
    if rng.random() < 0.4:
        local += str(rng.integers(1, 99))
    return f"{local}@{rng.choice(MAILDOMEINEN)}"


def bsn(rng: np.random.Generator) -> str:
    """A nine-digit number passing the elfproef (Σ dᵢ·(9−i) − d₉ ≡ 0 mod 11)."""
    while True:
        d = [int(x) for x in rng.integers(0, 10, 8)]
        if d[0] == 0:
            continue
        check = sum(v * (9 - i) for i, v in enumerate(d)) % 11
        if check < 10:
            return "".join(map(str, d + [check]))


def _pii_sentence(rng: np.random.Generator) -> str:
    voornaam, achternaam = rng.choice(VOORNAMEN), rng.choice(ACHTERNAMEN)
    initiaal = f"{voornaam[0]}. {achternaam}"
    number = bsn(rng)
    postcode = f"20{rng.integers(11, 38)} {rng.choice(PC_LETTERS)}{rng.choice(PC_LETTERS)}"
    kenteken = (
        f"{rng.integers(10, 99)}-{''.join(rng.choice(list('BDFGHJKLNPRSTVXZ'), 3))}-"
        f"{rng.integers(1, 9)}"
    )
    geboren = f"{rng.integers(1, 28):02d}-{rng.integers(1, 13):02d}-{rng.integers(1935, 2005)}"
    pc_digits = f"20{rng.integers(11, 38)}"
    pc_letters = "".join(rng.choice(list("ABCDEFGHJKLMNPRSTVWXZ"), 2))  # also SA, SD, SS
    huisnummer = f"{rng.integers(1, 200)}{rng.choice(TOEVOEGINGEN)}"
    straat = rng.choice(STRATEN)
    kind = rng.integers(0, 17)
    return [
        f"Mijn buurman {initiaal} heeft dit gedaan.",
        f"Bel mij gerust op {_phone(rng)}.",
        f"U kunt mailen naar {_email(rng, voornaam, achternaam)}.",
        "Mijn BSN is "
        f"{number if rng.random() < 0.6 else f'{number[:4]}.{number[4:6]}.{number[6:]}'}.",
        f"Het gaat om {postcode} {rng.integers(1, 200)}.",
        f"De auto met kenteken {kenteken} staat er al weken.",
        f"Melder {voornaam} {achternaam}, geboren {geboren}, woont ernaast.",
        f"Groeten, {voornaam} {achternaam} ({_phone(rng)})",
        f"Ik heb dit al eerder gemeld bij mevrouw {achternaam[0].upper() + achternaam[1:]}.",
        # the shapes real reports have and tidy templates miss
        f"{voornaam} {achternaam} zet steeds grofvuil buiten.",
        f"Graag contact met {voornaam} {achternaam} (buurvrouw).",
        f"Melding namens {voornaam} {rng.choice(WOORD_ACHTERNAMEN)}.",
        f"De hond van {achternaam.lower()} poept hier elke dag.",
        f"Het gaat om {pc_digits}{pc_letters} {huisnummer}.",
        f"Overlast bij {straat} {huisnummer}, buurman {rng.choice(WOORD_ACHTERNAMEN)} weet ervan.",
        f"Mobiel {_phone(rng)}, liefst na 18:00 uur.",
        f"Adres melder: {pc_digits} {pc_letters} {huisnummer}, whatsapp {_phone(rng)}.",
    ][kind]


def write(boundary_geojson: Path, target: Path, seed: int = SEED) -> Path:
    generate(boundary_geojson, seed).to_parquet(target, index=False, compression="zstd")
    return target
