"""The public privacy note (``privacy.md``): how this dataset protects residents, in plain Dutch.

It is written for a resident or a journalist, not a statistician: what was protected, how, with
which parameters and with which result. It is built only from the JSON-safe protection summary and
the check outcomes — column names, counts, thresholds, levels — so a raw value cannot end up in it.
"""

from __future__ import annotations

from typing import Any

from haarlem_opendata.protect.summary import (
    AnonymitySummary,
    CellsSummary,
    CountTableSummary,
    FreeTextSummary,
    LocalAnonymitySummary,
    MergeSummary,
    PopulationSummary,
    ProtectionSummary,
    RoundingSummary,
    SuppressionSummary,
)
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


def _cells_section(spec: DatasetSpec, cells: CellsSummary) -> list[str]:
    config = spec.protection.cells
    method = cells.method
    lines = ["## Kleine aantallen", ""]
    lines.append(
        "In deze tabel staan aantallen inwoners. Omdat een klein aantal naar een persoon kan "
        f"wijzen, geldt: {CELL_METHODS.get(method, method)}."
    )
    lines.append("")
    if config is not None:
        columns = ", ".join(_title(spec, c) for c in config.counts)
        lines.append(f"- Beschermde kolommen: {columns}.")
        if method == "merge_areas":
            lines.append(
                f"- Drempel: een gebied met een aantal kleiner dan {_n(config.threshold)} wordt "
                "samengevoegd met een aangrenzend gebied."
            )
        else:
            lines.append(
                f"- Drempel: een aantal groter dan 0 en kleiner dan {_n(config.threshold)} wordt "
                "niet gepubliceerd"
                + (" (ook 0 wordt afgeschermd)." if config.zeros_unsafe else ".")
            )
        if method == "rounding":
            lines.append(
                f"- Afronding: willekeurig (zuiver) op veelvouden van {_n(config.rounding_base)}."
            )
        if method == "suppression":
            lines.append(
                "- Nieuwe versie voor dezelfde periode (bijvoorbeeld een correctie): cellen die "
                "in een eerdere versie verborgen waren, blijven verborgen, en we controleren de "
                "nieuwe versie samen met de eerdere versies op terugrekenen."
            )
    if isinstance(cells, MergeSummary):
        lines.append(
            f"- {_n(cells.n_original)} gebieden zijn gepubliceerd als "
            f"{_n(cells.n_published)} gebieden; samengevoegde gebieden hebben een code met '+'."
        )
        if cells.hidden:
            lines.append(
                f"- Van {_n(len(cells.hidden))} gebieden zijn de aantallen niet gepubliceerd (lege "
                "cellen): samen met een andere publicatie over dezelfde inwoners zou anders het "
                "aantal in een kleine buurt terug te rekenen zijn, en samenvoegen hielp daar niet."
            )
    if isinstance(cells, SuppressionSummary):
        lines.append(
            f"- Aantal cellen afgeschermd omdat het aantal te klein is: {_n(cells.n_primary)}."
        )
        lines.append(
            "- Aantal extra afgeschermde cellen, zodat de kleine aantallen niet uit totalen terug "
            f"te rekenen zijn: {_n(cells.n_secondary)}."
        )
        for rule in cells.rules:
            if rule.id:
                text = rule.description or rule.id
                lines.append(f"- Regel {rule.id}: {text} ({_n(rule.n_cells)} cellen).")
    if isinstance(cells, MergeSummary):
        result = "geslaagd" if cells.passed else "NIET geslaagd"
        lines.append(
            f"- Controle: geen gepubliceerd aantal ligt onder de drempel. Resultaat: {result}."
        )
    elif isinstance(cells, SuppressionSummary):
        result = "geslaagd" if cells.passed else "NIET geslaagd"
        lines.append(
            "- Controle: we hebben geprobeerd elke afgeschermde cel terug te rekenen uit de "
            f"gepubliceerde cijfers, zoals een aanvaller dat zou doen. Resultaat: {result}."
        )
    if not isinstance(cells, RoundingSummary):
        audit = cells.audit if isinstance(cells, MergeSummary) else cells
        if audit.narrowest is not None:
            lines.append(
                "- Het smalste bereik waarbinnen een afgeschermde waarde te schatten is: "
                f"{_n(audit.narrowest)} (minimaal vereist: {_n(audit.protection_width)})."
            )
    lines.append("")
    return lines


def _count_table_section(spec: DatasetSpec, summary: CountTableSummary) -> list[str]:
    """One count table: what it counts, the rule, and how much of it is published."""
    table = next((t for t in spec.protection.count_tables if t.name == summary.name), None)
    if table is None:
        return []
    titles = [d.title.lower() for d in table.dimensions]
    dims = " en ".join([", ".join(titles[:-1]), titles[-1]] if len(titles) > 1 else titles)
    levels = ", ".join(table.region.level_name(v) for v in table.region.levels)
    share = float(summary.published_share)
    lines = [f"## Teltabel: {table.title}", ""]
    lines.append(
        f"Naast de rijen publiceren we aantallen per regio ({levels}) en per {dims}, met de "
        f"totalen. Een aantal van 1 tot en met {_n(table.threshold - 1)} is afgeschermd"
        + (" (en ook 0)" if table.zeros_unsafe else "")
        + ", en ook zoveel andere cellen dat een afgeschermd aantal niet uit de totalen is terug "
        "te rekenen (ook niet met lineaire programmering, zoals een aanvaller zou doen)."
    )
    lines.append("")
    lines.append(
        f"- Cellen gepubliceerd: {_n(summary.n_published)} van {_n(summary.n_cells)} "
        f"({_n(round(100 * share, 1))}%)."
    )
    for level, value in summary.published_share_per_level.items():
        lines.append(
            f"- Per {level} (zonder totalen): {_n(round(100 * float(value), 1))}% van de cellen "
            "gepubliceerd."
        )
    lines.append(
        f"- Afgeschermd omdat het aantal klein is: {_n(summary.n_primary)}; "
        f"afgeschermd om terugrekenen te voorkomen: {_n(summary.n_secondary)}."
    )
    if summary.with_rows:
        lines.append(
            "- Ook samen met de gepubliceerde rijen getoetst: wie de rijen telt en van deze tabel "
            "aftrekt, kan geen afgeschermd aantal terugrekenen"
            + (
                f" (daarvoor zijn {_n(summary.n_hidden_for_rows)} cellen extra afgeschermd)."
                if summary.n_hidden_for_rows
                else "."
            )
        )
    if summary.with_earlier:
        lines.append(
            "- Ook samen getoetst met de teltabellen die al openbaar zijn ("
            + ", ".join(summary.with_earlier)
            + "): wie een eerdere versie of een andere indeling naast deze tabel legt, kan geen "
            "afgeschermd aantal terugrekenen"
            + (
                f" (daarvoor zijn {_n(summary.n_hidden_for_earlier)} cellen extra afgeschermd)."
                if summary.n_hidden_for_earlier
                else "."
            )
        )
    if summary.n_already_public:
        lines.append(
            f"- {_n(summary.n_already_public)} kleine aantallen stonden al in een eerdere versie "
            "van deze periode; afschermen in deze versie kan dat niet terugdraaien."
        )
    lines.append("")
    return lines


def _anonymity_section(spec: DatasetSpec, anonymity: AnonymitySummary) -> list[str]:
    lines = ["## Herkenbaarheid van personen in losse meldingen", ""]
    k = anonymity.k_achieved
    lines.append(
        "Elke rij in deze tabel gaat over één gebeurtenis. Kenmerken als plaats en tijd zijn "
        "grover gemaakt, zodat elke combinatie van die kenmerken bij minstens "
        f"{_n(anonymity.k_requested)} rijen hoort (k-anonimiteit). Bereikt: k = {_n(k)}."
    )
    lines.append("")
    if isinstance(anonymity, LocalAnonymitySummary):
        lines.append(
            "Niet alle rijen zijn even grof gemaakt: waar veel meldingen zijn, blijft de buurt of "
            "de maand zichtbaar; alleen waar het stil is, is de plaats of de tijd grover (lokale "
            "hercodering). Groepen overlappen nooit: van twee groepen verschilt altijd minstens "
            "één kenmerk zonder dat het ene in het andere ligt."
        )
        lines.append("")
        for column, shares in anonymity.level_shares.items():
            parts = [
                f"{_n(round(100 * float(share), 1))}% {LEVEL_LABELS_NL.get(level, level)}"
                for level, share in shares.items()
            ]
            lines.append(f"- {_title(spec, column)}: " + ", ".join(parts) + ".")
    else:
        for column, level in anonymity.levels.items():
            label: str | None = anonymity.level_labels.get(column)
            label = LEVEL_LABELS_NL.get(str(label), label) if label is not None else None
            lines.append(
                f"- {_title(spec, column)}: generalisatieniveau {_n(level)}"
                + (f" ({label})." if label else ".")
            )
    lines.append(
        f"- Informatieverlies (ARX-maat, 0 = niets grover gemaakt, 1 = alles weggelaten): "
        f"{_n(round(float(anonymity.information_loss), 3))}."
    )
    share = anonymity.suppressed_share
    lines.append(
        "- Rijen weggelaten omdat ze ook na grover maken herkenbaar bleven: "
        f"{_n(anonymity.suppressed_records)} ({_n(round(100 * float(share), 2))}%, maximaal "
        f"toegestaan {_n(round(100 * float(anonymity.max_suppression), 2))}%)."
    )
    for rule in anonymity.l_diversity:
        lines.append(
            f"- Voor {_title(spec, rule.column)} komen in elke groep minstens "
            f"{_n(rule.l_requested)} verschillende waarden voor (l-diversiteit; bereikt: "
            f"{_n(rule.l_achieved)})."
        )
    lines.append("")
    return lines


def _linkage_section(spec: DatasetSpec, summaries: list[PopulationSummary]) -> list[str]:
    """One plain sentence per population: against which publications this one was audited."""
    if not summaries:
        return []
    lines = ["## Samen met andere publicaties", ""]
    for s in summaries:
        others = [f"*{o.title}*" for o in s.linked]
        against = (
            f"samen met {', '.join(others)} en met alle eerdere versies van deze dataset"
            if others
            else "samen met alle eerdere versies van deze dataset"
        )
        lines.append(
            f"De kolom {_title(spec, s.column)} telt {s.population}. Wie publicaties naast "
            f"elkaar legt, kan soms aantallen van elkaar aftrekken; daarom is deze tabel {against} "
            "gecontroleerd met een rekenaanval over alle stukjes waarin de gebieden elkaar "
            f"overlappen: geen klein aantal (1 tot en met {s.threshold - 1}) is terug te rekenen."
        )
        lines.append("")
    return lines


def _free_text_section(spec: DatasetSpec, free: FreeTextSummary | None) -> list[str]:
    redacted = list(free.redacted_columns) if free is not None else []
    dropped = list(free.dropped_columns) if free is not None else []
    if not redacted and not dropped:
        return []
    lines = ["## Vrije tekst", ""]
    if redacted:
        lines.append(
            "In "
            + ", ".join(_title(spec, c) for c in redacted)
            + " zijn namen, telefoonnummers, e-mailadressen, BSN's, adressen en andere "
            "persoonsgegevens automatisch vervangen door een plaatshouder zoals <NAAM>."
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
    spec: DatasetSpec,
    protection: ProtectionSummary,
    *,
    pii: dict | None,
    version: str,
    contact_email: str,
    checks: list[dict],
) -> str:
    """The Dutch markdown text of ``privacy.md`` for one release (``pii``: the scan's summary)."""
    lines = [f"# Privacyverantwoording: {spec.title}", "", f"Versie {version}.", ""]
    lines.append(
        "Gemeente Haarlem publiceert deze gegevens als open data. Niemand mag in deze gegevens "
        "herkenbaar zijn. Hieronder staat wat we daarvoor hebben gedaan, met de instellingen en "
        "de uitkomst van de controles. In dit document staan geen gegevens over personen."
    )
    lines.append("")
    dropped = protection.identifiers_dropped
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
    if protection.cells is not None:
        lines += _cells_section(spec, protection.cells)
    if protection.anonymity is not None:
        lines += _anonymity_section(spec, protection.anonymity)
    for summary in protection.count_tables or []:
        lines += _count_table_section(spec, summary)
    lines += _linkage_section(spec, protection.linkage.populations if protection.linkage else [])
    lines += _free_text_section(spec, protection.free_text)
    lines += _pii_section(pii)
    lines += ["## Wat betekent een lege cel?", ""]
    lines.append(
        "Een lege cel in het CSV-bestand (of een ontbrekende waarde in de andere formaten) "
        "betekent dat de waarde is afgeschermd of ontbreekt. Het is nooit een nul. Per kolom "
        "staat in de beschrijving van het datapakket (`datapackage.json`) wat een lege cel daar "
        "betekent."
    )
    lines.append("")
    if spec.is_generated:
        lines += ["## Gegenereerde gegevens", ""]
        lines.append(
            "Deze dataset bevat (deels) gegenereerde voorbeeldgegevens: ze zijn door een "
            "computerprogramma gemaakt en gaan niet over echte inwoners."
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
