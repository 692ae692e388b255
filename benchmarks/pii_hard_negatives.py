"""Hand-written meldingen sentences that hold no personal data but look like they might.

For the precision side of the redaction benchmark: every placeholder redaction puts into one of
these is a false positive. Written as residents write, independently of the recognizers' lists:
streets and landmarks without house numbers, category words, case numbers, dates, times,
amounts, measurements, object numbers, organisations, and the lower-case and capitalised
phrases the recall-first name rules must leave alone.
"""

from __future__ import annotations

HARD_NEGATIVES = [
    "De hond van de buren blaft de hele nacht.",
    "De kat van de overburen zit vast in de boom.",
    "Het afval van gisteren ligt er nog steeds.",
    "De tuin van de school is een grote rommel.",
    "De auto van mijn zoon is beschadigd door een tak.",
    "Van harte bedankt voor het snelle oppakken!",
    "De fiets van de postbode is gestolen bij de brievenbus.",
    "De bus van lijn 3 stopt niet meer bij de halte.",
    "Bij de ingang van het park ligt glas.",
    "Op de hoek van de Kruisstraat en de Nassaustraat is een gat.",
    "Grote Markt ligt vol met flessen na het feest.",
    "Frans Hals Museum: de stoep ervoor is verzakt.",
    "Molen De Adriaan: de verlichting op de brug is stuk.",
    "Bij het Spaarne Gasthuis staat een fietswrak.",
    "Sinds Koningsdag ligt er afval in de Hout.",
    "Vanaf Maandag 3 maart is de weg afgesloten.",
    "Zaak 2025-004512 is nog niet afgehandeld.",
    "Referentie MOR-25-118273, graag een reactie.",
    "Op 14-02-2025 om 08:15 is de lamp weer uitgevallen.",
    "De schade bedraagt € 1.250,00 volgens de aannemer.",
    "Kosten 350 euro voor de reparatie van het hek.",
    "Een kuil van 30 bij 40 cm, ongeveer 10 cm diep.",
    "Lantaarnpaal 23-0114 brandt al weken niet.",
    "Boomnummer 18821 staat scheef.",
    "Container 4B in de Ramplaan is vol.",
    "Tussen 22.00 en 06.00 uur is er geluidsoverlast.",
    "In 2024 en 2025 is dit al vaker gemeld.",
    "De buurman zegt dat de gemeente het al weet.",
    "Mevrouw van de gemeente heeft het al bekeken.",
    "Meneer van de woningcorporatie komt morgen langs.",
    "Albert Heijn heeft de winkelwagens laten staan.",
    "De bewoners van de flat klagen over ratten.",
    "Het busje van de bakker staat op de stoep.",
    "Afval, Groen en Straatverlichting: alles tegelijk stuk.",
    "Het riool bij nummer 12 tot en met 20 is verstopt.",
    "Gisteren Zijlweg afgesloten zonder aankondiging.",
    "Wegen en Verkeer moet hier echt naar kijken.",
    "Spaarnelanden heeft de container niet geleegd.",
    "Station Haarlem: de fietsenstalling is overvol.",
    "De Kleverparkbuurt heeft al maanden last van meeuwen.",
    "Kinderboerderij Zuid heeft een kapot hek.",
    "Het Nieuwe Kerksplein staat vol met auto's.",
    "Drie dagen geleden, op woensdag, viel de boom om.",
    "Versie 2.1 van de app laat de foto niet zien.",
    "Coördinaten 52.3812, 4.6368 ongeveer.",
    "Hoogte 2,40 m, breedte 1,20 m.",
    "Het gaat om paal 7 tot en met 12 langs het fietspad.",
    "De kinderen van groep 8 hebben het gemeld.",
    "Dit is de derde melding in week 12.",
    "Ook de tuin van het buurthuis ligt vol rommel.",
]
