"""The letters and words the name rules and the pre-filter's name gate share.

``UPPER``/``LOWER``: the capitals and small letters a Dutch name may start/continue with (also
Turkish and accented ones); ``TUSSENVOEGSELS``: the particles between given name and surname
(*van*, *de*, *el*, *ben* …), as a regex alternation; ``CUE_WORDS``: titles, roles and relations
that precede a name.
"""

from __future__ import annotations

UPPER = "A-ZÀ-ÖØ-ÝĞİŞÇ"
LOWER = "a-zà-öø-ÿğışç"
TUSSENVOEGSELS = (
    "van|de|den|der|ter|ten|te|het|'t|in|op|uit|von|le|la|da|di|du|el|al|ben|bin|abou|abu|vd|v\\.d\\.|"
    "dos|das|del|della"
)

CUE_WORDS = frozenset(
    [
        "dhr",
        "mevr",
        "mw",
        "mr",
        "mej",
        "dr",
        "drs",
        "ing",
        "ir",
        "fam",
        "familie",
        "mevrouw",
        "meneer",
        "heer",
        "juffrouw",
        "buurman",
        "buurvrouw",
        "buurjongen",
        "buurmeisje",
        "bewoner",
        "bewoonster",
        "melder",
        "melders",
        "namens",
        "groet",
        "groeten",
        "groetjes",
        "mvg",
        "gr",
        "contactpersoon",
        "wethouder",
        "collega",
        "zoon",
        "dochter",
        "vader",
        "moeder",
        "zus",
        "broer",
        "oom",
        "tante",
        "opa",
        "oma",
        "vriend",
        "vriendin",
        "eigenaar",
        "eigenaresse",
        "huurder",
        "huurster",
        "verhuurder",
        "beheerder",
        "conciërge",
        "huismeester",
        "heet",
    ]
)
