"""The besluiten register against the dataset specs and the release history: the links both ways.

The models (``Besluit``, ``BesluitenRegister``) are in :mod:`haarlem_opendata.spec.besluiten` and
the file is read by :func:`haarlem_opendata.catalog.load_register`. Which datasets a besluit rests
on is NOT stored in the register: the dataset specs' ``besluiten`` lists are the one source of
truth, and :func:`validate_register` checks the two files agree (and that no besluit predates the
first release of the data it cites), so a raadslid never sees a besluit pointing at data that does
not point back.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

from haarlem_opendata.errors import SpecError
from haarlem_opendata.lineage.releases import Release
from haarlem_opendata.spec import Besluit, BesluitenRegister, DatasetSpec


def datasets_for(identificatie: str, catalog: Mapping[str, DatasetSpec]) -> list[str]:
    """Datasets whose spec names this besluit, in catalog order (the one source of truth)."""
    return [name for name, spec in catalog.items() if identificatie in spec.besluiten]


def besluiten_for(
    dataset: str, register: BesluitenRegister, catalog: Mapping[str, DatasetSpec]
) -> list[Besluit]:
    """The register's besluiten a dataset supports, in the order its spec lists them."""
    return [register.get(i) for i in catalog[dataset].besluiten if i in register]


def _spec_file(spec: DatasetSpec) -> str:
    return str(spec.file) if spec.file is not None else f"datasets/{spec.name}.yaml"


def register_problems(
    register: BesluitenRegister,
    catalog: Mapping[str, DatasetSpec],
    releases: Iterable[Release] | None = None,
) -> list[SpecError]:
    """Every disagreement between register, dataset specs and (optionally) release history.

    The release check (a besluit cannot rest on data published after it) is skipped for entries
    marked ``voorbeeld``: those are fictitious decisions dated before this pipeline existed.
    """
    reg_file = str(register.file) if register.file is not None else "metadata/besluiten.yaml"
    problems: list[SpecError] = []
    for spec in catalog.values():
        for i, identificatie in enumerate(spec.besluiten):
            if identificatie not in register:
                problems.append(
                    SpecError(
                        _spec_file(spec),
                        f"besluiten[{i}]",
                        f"unknown besluit {identificatie!r}: not in {reg_file}",
                    )
                )
        duplicates = sorted({b for b in spec.besluiten if spec.besluiten.count(b) > 1})
        if duplicates:
            problems.append(SpecError(_spec_file(spec), "besluiten", f"listed twice: {duplicates}"))

    first_release: dict[str, Release] = {}
    for release in releases or ():
        known = first_release.get(release.dataset)
        if known is None or release.published_at < known.published_at:
            first_release[release.dataset] = release

    for index, besluit in enumerate(register.besluiten):
        where = f"besluiten[{index}]"
        datasets = datasets_for(besluit.identificatie, catalog)
        if not datasets:
            problems.append(
                SpecError(
                    reg_file,
                    f"{where}.identificatie",
                    f"besluit {besluit.identificatie!r} rests on no data: no dataset spec lists it "
                    "under 'besluiten'",
                )
            )
        for name in datasets:
            start = date.fromisoformat(catalog[name].temporal.start)
            if besluit.datum < start:
                problems.append(
                    SpecError(
                        reg_file,
                        f"{where}.datum",
                        f"besluit {besluit.identificatie!r} is dated {besluit.datum.isoformat()}, "
                        f"before the data it cites existed: {name!r} covers from "
                        f"{start.isoformat()}",
                    )
                )
            first = first_release.get(name)
            if first is not None and not besluit.voorbeeld and besluit.datum < first.published_date:
                problems.append(
                    SpecError(
                        reg_file,
                        f"{where}.datum",
                        f"besluit {besluit.identificatie!r} is dated {besluit.datum.isoformat()}, "
                        f"before the data it cites existed: {name!r} was first published on "
                        f"{first.published_date.isoformat()} (version {first.version})",
                    )
                )
    return problems


def validate_register(
    register: BesluitenRegister,
    catalog: Mapping[str, DatasetSpec],
    releases: Iterable[Release] | None = None,
) -> None:
    """Raise the first problem :func:`register_problems` finds, saying how many more there are."""
    problems = register_problems(register, catalog, releases)
    if problems:
        first = problems[0]
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise SpecError(first.file, first.key, first.message + more)
