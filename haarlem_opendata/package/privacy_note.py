"""The public privacy note (``privacy.md``): how this dataset protects residents, in plain Dutch.

It is written for a resident or a journalist, not a statistician: what was protected, how, with
which parameters and with which result. It is built only from the JSON-safe protection summary and
the check outcomes — column names, counts, thresholds, levels — so a raw value cannot end up in it.
"""

from __future__ import annotations

from typing import Any

from haarlem_opendata.spec import DatasetSpec

CHECK_TITLES = {
    "pii_scan": "Scan op persoonsgegevens",
    "cells_audit": "Controle op terugrekenen van afgeschermde cellen",
    "k_anonymity": "Controle op k-anonimiteit",
    "count_tables_audit": "Controle op terugrekenen in de teltabellen",
    "linkage_audit": "Koppelingsaudit: samen met andere publicaties niets terug te rekenen",
    "datapackage_valid": "Controle van datapakket en bestanden",
}
# Level names some hierarchies report in English; the note is Dutch.
LEVEL_LABELS_NL = {
    "exact": "exact",
    "minute": "minuut",
    "hour": "uur",
    "day": "dag",
    "week": "week",
    "month": "maand",
    "quarter": "kwartaal",
    "year": "jaar",
    "buurtcode": "buurt",
    "wijkcode": "wijk",
    "gemeentecode": "gemeente",
    "level 1": "hoofdcategorie",
    "*": "niet gepubliceerd (alles samen)",
}
CELL_METHODS = {
    "suppression": "kleine aantallen zijn afgeschermd (celonderdrukking)",
    "rounding": "aantallen zijn willekeurig afgerond",
    "merge_areas": "gebieden met te weinig inwoners zijn samengevoegd met een buurgebied",
}


def _n(value: Any) -> str:
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, int):
        return f"{value:,}".replace(",", ".")
    if isinstance(value, float):
        return f"{value:g}".replace(".", ",")
    return str(value)


def _title(spec: DatasetSpec, name: str) -> str:
    try:
        return f"{spec.column(name).title} (`{name}`)"
    except KeyError:
        return f"`{name}`"


def _cells_section(spec: DatasetSpec, cells: dict) -> list[str]:
    config = spec.protection.cells
    method = cells.get("method") or (config.method if config else "suppression")
    lines = ["## Kleine aantallen", ""]
    lines.append(
        f"In deze tabel staan aantallen inwoners. Omdat een klein aantal naar een persoon kan wijzen, "
        f"geldt: {CELL_METHODS.get(method, method)}."
    )
    lines.append("")
    if config is not None:
        columns = ", ".join(_title(spec, c) for c in config.counts)
        lines.append(f"- Beschermde kolommen: {columns}.")
        if method == "merge_areas":
            lines.append(
                f"- Drempel: een gebied met een aantal kleiner dan {_n(config.threshold)} wordt samengevoegd "
                "met een aangrenzend gebied."
            )
        else:
            lines.append(
                f"- Drempel: een aantal groter dan 0 en kleiner dan {_n(config.threshold)} wordt niet gepubliceerd"
                + (" (ook 0 wordt afgeschermd)." if config.zeros_unsafe else ".")
            )
        if method == "rounding":
            lines.append(
                f"- Afronding: willekeurig (zuiver) op veelvouden van {_n(config.rounding_base)}."
            )
        if method == "suppression":
            lines.append(
                "- Nieuwe versie voor dezelfde periode (bijvoorbeeld een correctie): cellen die in een "
                "eerdere versie verborgen waren, blijven verborgen, en we controleren de nieuwe versie "
                "samen met de eerdere versies op terugrekenen."
            )
    if "n_oorspronkelijke_gebieden" in cells and "n_gepubliceerde_gebieden" in cells:
        lines.append(
            f"- {_n(cells['n_oorspronkelijke_gebieden'])} gebieden zijn gepubliceerd als "
            f"{_n(cells['n_gepubliceerde_gebieden'])} gebieden; samengevoegde gebieden hebben een code met '+'."
        )
    audit = cells.get("audit") if isinstance(cells.get("audit"), dict) else {}
    cells = {**audit, **cells}
    if "n_primair" in cells:
        lines.append(
            f"- Aantal cellen afgeschermd omdat het aantal te klein is: {_n(cells['n_primair'])}."
        )
    if "n_secundair" in cells:
        lines.append(
            f"- Aantal extra afgeschermde cellen, zodat de kleine aantallen niet uit totalen terug te rekenen zijn: "
            f"{_n(cells['n_secundair'])}."
        )
    for rule in cells.get("regels") or []:
        if isinstance(rule, dict) and rule.get("id"):
            text = rule.get("beschrijving") or rule["id"]
            lines.append(f"- Regel {rule['id']}: {text} ({_n(rule.get('n_cellen', 0))} cellen).")
    if "audit_geslaagd" in cells and method == "merge_areas":
        result = "geslaagd" if cells["audit_geslaagd"] else "NIET geslaagd"
        lines.append(
            f"- Controle: geen gepubliceerd aantal ligt onder de drempel. Resultaat: {result}."
        )
    elif "audit_geslaagd" in cells:
        result = "geslaagd" if cells["audit_geslaagd"] else "NIET geslaagd"
        lines.append(
            f"- Controle: we hebben geprobeerd elke afgeschermde cel terug te rekenen uit de gepubliceerde cijfers, "
            f"zoals een aanvaller dat zou doen. Resultaat: {result}."
        )
    if cells.get("smalste_interval") is not None:
        lines.append(
            f"- Het smalste bereik waarbinnen een afgeschermde waarde te schatten is: {_n(cells['smalste_interval'])} "
            f"(minimaal vereist: {_n(cells.get('beschermingsbreedte', '?'))})."
        )
    lines.append("")
    return lines


def _count_table_section(spec: DatasetSpec, summary: dict) -> list[str]:
    """One count table: what it counts, the rule, and how much of it is published."""
    table = next((t for t in spec.protection.count_tables if t.name == summary.get("naam")), None)
    if table is None:
        return []
    titles = [d.title.lower() for d in table.dimensions]
    dims = " en ".join([", ".join(titles[:-1]), titles[-1]] if len(titles) > 1 else titles)
    levels = ", ".join(table.region.level_name(v) for v in table.region.levels)
    share = float(summary.get("aandeel_gepubliceerd", 0.0))
    lines = [f"## Teltabel: {table.title}", ""]
    lines.append(
        f"Naast de rijen publiceren we aantallen per regio ({levels}) en per {dims}, met de totalen. "
        f"Een aantal van 1 tot en met {_n(table.threshold - 1)} is afgeschermd"
        + (" (en ook 0)" if table.zeros_unsafe else "")
        + ", en ook zoveel andere cellen dat een afgeschermd aantal niet uit de totalen is terug te "
        "rekenen (ook niet met lineaire programmering, zoals een aanvaller zou doen)."
    )
    lines.append("")
    lines.append(
        f"- Cellen gepubliceerd: {_n(summary.get('n_gepubliceerd'))} van {_n(summary.get('n_cellen'))} "
        f"({_n(round(100 * share, 1))}%)."
    )
    for level, value in (summary.get("aandeel_gepubliceerd_per_niveau") or {}).items():
        lines.append(
            f"- Per {level} (zonder totalen): {_n(round(100 * float(value), 1))}% van de cellen gepubliceerd."
        )
    lines.append(
        f"- Afgeschermd omdat het aantal klein is: {_n(summary.get('n_primair'))}; "
        f"afgeschermd om terugrekenen te voorkomen: {_n(summary.get('n_secundair'))}."
    )
    lines.append("")
    return lines


def _anonymity_section(spec: DatasetSpec, anonymity: dict) -> list[str]:
    lines = ["## Herkenbaarheid van personen in losse meldingen", ""]
    k = anonymity.get("k_achieved", anonymity.get("k_requested"))
    lines.append(
        "Elke rij in deze tabel gaat over één gebeurtenis. Kenmerken als plaats en tijd zijn grover gemaakt, "
        f"zodat elke combinatie van die kenmerken bij minstens {_n(anonymity.get('k_requested', k))} rijen hoort "
        f"(k-anonimiteit). Bereikt: k = {_n(k)}."
    )
    lines.append("")
    if anonymity.get("recoding") == "local":
        lines.append(
            "Niet alle rijen zijn even grof gemaakt: waar veel meldingen zijn, blijft de buurt of de "
            "maand zichtbaar; alleen waar het stil is, is de plaats of de tijd grover (lokale "
            "hercodering). Groepen overlappen nooit: van twee groepen verschilt altijd minstens één "
            "kenmerk zonder dat het ene in het andere ligt."
        )
        lines.append("")
        for column, shares in (anonymity.get("level_shares") or {}).items():
            parts = [
                f"{_n(round(100 * float(share), 1))}% {LEVEL_LABELS_NL.get(level, level)}"
                for level, share in shares.items()
            ]
            lines.append(f"- {_title(spec, column)}: " + ", ".join(parts) + ".")
    labels = anonymity.get("level_labels") or {}
    for column, level in (anonymity.get("levels") or {}).items():
        label = labels.get(column)
        label = LEVEL_LABELS_NL.get(str(label), label) if label is not None else None
        lines.append(
            f"- {_title(spec, column)}: generalisatieniveau {_n(level)}"
            + (f" ({label})." if label else ".")
        )
    if "information_loss" in anonymity:
        lines.append(
            f"- Informatieverlies (ARX-maat, 0 = niets grover gemaakt, 1 = alles weggelaten): "
            f"{_n(round(float(anonymity['information_loss']), 3))}."
        )
    if "suppressed_records" in anonymity:
        share = anonymity.get("suppressed_share", 0.0)
        lines.append(
            f"- Rijen weggelaten omdat ze ook na grover maken herkenbaar bleven: {_n(anonymity['suppressed_records'])} "
            f"({_n(round(100 * float(share), 2))}%, maximaal toegestaan {_n(round(100 * float(anonymity.get('max_suppression', 0)), 2))}%)."
        )
    for rule in anonymity.get("l_diversity") or []:
        lines.append(
            f"- Voor {_title(spec, rule['column'])} komen in elke groep minstens {_n(rule.get('l_requested'))} "
            f"verschillende waarden voor (l-diversiteit; bereikt: {_n(rule.get('l_achieved'))})."
        )
    lines.append("")
    return lines


def _linkage_section(spec: DatasetSpec, summaries: list[dict]) -> list[str]:
    """One plain sentence per population: against which publications this one was audited."""
    if not summaries:
        return []
    lines = ["## Samen met andere publicaties", ""]
    for s in summaries:
        others = [f"*{o['titel']}*" for o in s.get("samen_met", [])]
        against = (
            f"samen met {', '.join(others)} en met alle eerdere versies van deze dataset"
            if others
            else "samen met alle eerdere versies van deze dataset"
        )
        lines.append(
            f"De kolom {_title(spec, s['kolom'])} telt {s['populatie']}. Wie publicaties naast "
            f"elkaar legt, kan soms aantallen van elkaar aftrekken; daarom is deze tabel {against} "
            "gecontroleerd met een rekenaanval over alle stukjes waarin de gebieden elkaar "
            f"overlappen: geen klein aantal (1 tot en met {s['drempel'] - 1}) is terug te rekenen."
        )
        lines.append("")
    return lines


def _free_text_section(spec: DatasetSpec, protection: dict) -> list[str]:
    free = protection.get("free_text") or {}
    redacted = list(free.get("redacted_columns") or protection.get("redacted_columns") or [])
    dropped = list(free.get("dropped_columns") or [])
    if not redacted and not dropped:
        return []
    lines = ["## Vrije tekst", ""]
    if redacted:
        lines.append(
            "In "
            + ", ".join(_title(spec, c) for c in redacted)
            + " zijn namen, telefoonnummers, e-mailadressen, "
            "BSN's, adressen en andere persoonsgegevens automatisch vervangen door een plaatshouder zoals <NAAM>."
        )
    if dropped:
        lines.append(
            "De vrije tekst in "
            + ", ".join(_title(spec, c) for c in dropped)
            + " wordt niet gepubliceerd."
        )
    lines.append("")
    return lines


def _pii_section(pii: dict | None) -> list[str]:
    if not pii:
        return []
    scanned = pii.get("cells_scanned")
    lines = ["## Laatste controle op persoonsgegevens", ""]
    found = pii.get("findings", 0)
    result = (
        "er is niets gevonden"
        if pii.get("passed") and not found
        else f"er zijn {_n(found)} mogelijke vondsten; niet gepubliceerd"
    )
    lines.append(
        "Vlak voor publicatie is elke cel van de tabel automatisch gescand op persoonsgegevens"
        + (f" ({_n(scanned)} cellen)" if scanned is not None else "")
        + f": {result}."
    )
    lines.append("")
    return lines


def privacy_note(
    spec: DatasetSpec, privacy: dict, *, version: str, contact_email: str, checks: list[dict]
) -> str:
    """The Dutch markdown text of ``privacy.md`` for one release."""
    lines = [f"# Privacyverantwoording: {spec.title}", "", f"Versie {version}.", ""]
    lines.append(
        "Gemeente Haarlem publiceert deze gegevens als open data. Niemand mag in deze gegevens herkenbaar zijn. "
        "Hieronder staat wat we daarvoor hebben gedaan, met de instellingen en de uitkomst van de controles. "
        "In dit document staan geen gegevens over personen."
    )
    lines.append("")
    dropped = privacy.get("identifiers_dropped") or []
    if dropped:
        lines += ["## Gegevens die nooit worden gepubliceerd", ""]
        lines.append(
            "Deze gegevens zijn verwijderd voordat er iets anders mee gebeurde: "
            + ", ".join(_title(spec, c) for c in dropped)
            + "."
        )
        lines.append("")
    not_stored = [
        p.soort for src in spec.sources.values() for p in src.persoonsgegevens if not p.kept
    ]
    if not_stored:
        lines += ["## Gegevens die we niet bewaren", ""]
        lines.append(
            "Deze gegevens uit de bron zijn voor dit doel niet nodig en worden al bij het inlezen "
            "weggegooid, zodat ze nergens worden opgeslagen: " + ", ".join(not_stored) + "."
        )
        lines.append("")
    if privacy.get("cells"):
        lines += _cells_section(spec, privacy["cells"])
    if privacy.get("anonymity"):
        lines += _anonymity_section(spec, privacy["anonymity"])
    for summary in privacy.get("count_tables") or []:
        lines += _count_table_section(spec, summary)
    lines += _linkage_section(spec, privacy.get("linkage") or [])
    lines += _free_text_section(spec, privacy)
    lines += _pii_section(privacy.get("pii"))
    lines += ["## Wat betekent een lege cel?", ""]
    lines.append(
        "Een lege cel in het CSV-bestand (of een ontbrekende waarde in de andere formaten) betekent dat de waarde "
        "is afgeschermd of ontbreekt. Het is nooit een nul. Per kolom staat in de beschrijving van het "
        "datapakket (`datapackage.json`) wat een lege cel daar betekent."
    )
    lines.append("")
    if spec.is_generated:
        lines += ["## Gegenereerde gegevens", ""]
        lines.append(
            "Deze dataset bevat (deels) gegenereerde voorbeeldgegevens: ze zijn door een computerprogramma "
            "gemaakt en gaan niet over echte inwoners."
        )
        lines.append("")
    if checks:
        lines += ["## Controles", "", "| Controle | Uitkomst |", "|---|---|"]
        for check in checks:
            title = CHECK_TITLES.get(check.get("name", ""), check.get("name", ""))
            lines.append(f"| {title} | {'geslaagd' if check.get('passed') else 'niet geslaagd'} |")
        lines.append("")
    lines += [
        "## Vragen",
        "",
        f"Vragen over deze gegevens of over privacy: mail naar {contact_email}.",
        "",
    ]
    return "\n".join(lines)
