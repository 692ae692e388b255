"""The verwerkingsregister entry of a dataset (AVG art. 30), derived from its spec.

Nothing here is typed twice: purpose, categories of personal data and of betrokkenen, where the
raw data is kept and for how long, who receives what and which protections apply all come from
the YAML spec and the settings. It is written into every release bundle (``verwerkingsregister.md``
and ``.json``) and listed by ``haarlem-opendata register``.
"""

from __future__ import annotations

import json

from haarlem_opendata.raw.retention import UNTIL_NEXT
from haarlem_opendata.spec import DatasetSpec

CONTROLLER = "College van burgemeester en wethouders van de gemeente Haarlem"


def _protections(spec: DatasetSpec) -> list[str]:
    out = []
    p = spec.protection
    if p.cells is not None:
        out.append(
            "celbeveiliging van kleine aantallen (primaire en secundaire onderdrukking, "
            "aanvallersaudit)"
        )
    if p.anonymity is not None:
        out.append(
            f"k-anonimiteit (k = {p.anonymity.k}) door generalisatie van plaats, tijd en categorie"
        )
    if p.pii.redact_columns:
        out.append("persoonsgegevens in vrije tekst vervangen door plaatshouders")
    out.append("controle op persoonsgegevens in elke gepubliceerde cel (blokkerend)")
    out.append("onafhankelijk laatste vangnet over elk gepubliceerd bestand (blokkerend)")
    return out


def register_entry(spec: DatasetSpec, *, raw_location: str, encrypted: bool) -> dict:
    """The entry as data (Dutch keys: it is read by the FG and the public)."""
    personal = {name: s for name, s in spec.sources.items() if s.personal_data}
    categories: list[dict] = []
    for name, src in personal.items():
        for p in src.persoonsgegevens:
            item = {
                "bron": name,
                "gegeven": p.soort,
                "bewaard": p.kept,
                "nodig_voor": p.nodig_voor,
                **({"doel": p.doel} if p.doel else {}),
            }
            if item not in categories:  # several columns of one kind are one category
                categories.append(item)
    term = spec.bewaartermijn
    return {
        "verwerking": spec.title,
        "dataset": spec.name,
        "verwerkingsverantwoordelijke": CONTROLLER,
        "doel": spec.description.strip(),
        "besluiten": list(spec.besluiten),
        "verwerkt_persoonsgegevens": bool(personal),
        "categorieen_betrokkenen": list(spec.betrokkenen),
        "categorieen_persoonsgegevens": categories,
        "ruwe_gegevens": {
            "opslag": raw_location,
            "versleuteld": encrypted,
            "toegang": "alleen het account van de pijplijn (mappen 0700, bestanden 0600)",
            "bewaartermijn": term,
            "verwijdering": (
                "na de volgende publicatie van deze dataset"
                if term == UNTIL_NEXT
                else f"na {term}, dagelijks door de geplande opschoning (haarlem-opendata purge)"
            ),
        },
        "ontvangers": [
            {
                "wie": "het publiek (open data)",
                "wat": "alleen de beveiligde tabel, nooit de ruwe gegevens",
            },
            {"wie": "data.overheid.nl", "wat": "alleen de metadata van de dataset (DCAT-AP-DONL)"},
        ],
        "beveiliging": _protections(spec) if personal else [],
        "gegenereerde_voorbeeldgegevens": spec.is_generated,
    }


def register_json(entry: dict) -> str:
    return json.dumps(entry, ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def register_markdown(entry: dict) -> str:
    raw = entry["ruwe_gegevens"]
    lines = [
        f"# Verwerkingsregister: {entry['verwerking']}",
        "",
        f"- **Verwerkingsverantwoordelijke:** {entry['verwerkingsverantwoordelijke']}",
        f"- **Doel:** {entry['doel']}",
        f"- **Besluiten:** {', '.join(entry['besluiten']) or 'geen'}",
        "- **Betrokkenen:** "
        f"{', '.join(entry['categorieen_betrokkenen']) or 'geen (geen persoonsgegevens)'}",
        "",
    ]
    if entry["verwerkt_persoonsgegevens"]:
        lines += [
            "## Persoonsgegevens",
            "",
            "| bron | gegeven | bewaard | waarvoor |",
            "| --- | --- | --- | --- |",
        ]
        for c in entry["categorieen_persoonsgegevens"]:
            why = c.get("doel") or "niet nodig: al bij het inlezen verwijderd"
            lines.append(
                f"| {c['bron']} | {c['gegeven']} | {'ja' if c['bewaard'] else 'nee'} | {why} |"
            )
        lines += [
            "",
            "## Ruwe gegevens",
            "",
            f"- **Waar:** {raw['opslag']} "
            f"({'versleuteld' if raw['versleuteld'] else 'niet versleuteld'})",
            f"- **Wie kan erbij:** {raw['toegang']}",
            f"- **Bewaartermijn:** {raw['bewaartermijn']}; verwijderd {raw['verwijdering']}",
            "",
            "## Beveiliging",
            "",
            *[f"- {b}" for b in entry["beveiliging"]],
            "",
        ]
    else:
        lines += ["Deze dataset verwerkt geen persoonsgegevens.", ""]
    lines += ["## Ontvangers", "", *[f"- {r['wie']}: {r['wat']}" for r in entry["ontvangers"]], ""]
    if entry["gegenereerde_voorbeeldgegevens"]:
        lines += ["Let op: de gegevens van deze dataset zijn gegenereerde voorbeeldgegevens.", ""]
    return "\n".join(lines)
