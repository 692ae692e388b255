"""A besluit resolved to the exact data it rested on: the dossier a raadslid asks for.

For each dataset the specs link to the besluit, the dossier takes the release that was current on
the decision date — not the newest one — with its portal address, content hashes, run and commit,
the protection that was applied (from that release's data package when the bundle is still there,
otherwise as configured in the spec) and the upstream sources. Newer releases are listed too, so
the reader knows the portal has moved on since. Everything here is metadata: no data values.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from haarlem_opendata.lineage.register import datasets_for
from haarlem_opendata.lineage.releases import Release, releases_after, releases_current_at
from haarlem_opendata.spec import Besluit, BesluitenRegister, DatasetSpec


@dataclass(frozen=True)
class SourceRef:
    name: str
    title: str
    publisher: str
    url: str | None
    table_id: str | None
    license: str | None
    generated: bool


@dataclass(frozen=True)
class Publication:
    """One release of the dataset on one portal."""

    portal: str
    portal_url: str
    version: str
    published_at: str  # ISO 8601 UTC
    data_hash: str
    schema_hash: str
    resources: dict[str, str]
    run_id: str
    git_commit: str | None


@dataclass(frozen=True)
class Protection:
    source: str  # "datapakket" (the release's own privacy section) or "specificatie" (configured)
    summary: list[str]  # Dutch sentences for the reader
    details: dict[str, Any] = field(default_factory=dict)  # the privacy section, JSON-safe


@dataclass(frozen=True)
class DatasetAtDecision:
    dataset: str
    title: str
    temporal_start: str
    temporal_end: str
    version: str | None  # None: nothing of this dataset was published yet on the decision date
    publications: list[Publication]  # current on the decision date, one per portal
    first_publication_after: Publication | None  # when version is None: the first one after
    newer_versions: list[str]  # versions published after the decision date
    protection: Protection
    sources: list[SourceRef]


@dataclass(frozen=True)
class Dossier:
    besluit: Besluit
    datasets: list[DatasetAtDecision]

    def to_dict(self) -> dict[str, Any]:
        return {
            "besluit": self.besluit.model_dump(mode="json"),
            "datasets": [asdict(d) for d in self.datasets],
        }

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)


def _publication(release: Release) -> Publication:
    return Publication(
        portal=release.portal,
        portal_url=release.portal_url,
        version=release.version,
        published_at=release.published_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
        data_hash=release.data_hash,
        schema_hash=release.schema_hash,
        resources=dict(release.resources),
        run_id=release.run_id,
        git_commit=release.git_commit,
    )


def _sources(spec: DatasetSpec) -> list[SourceRef]:
    return [
        SourceRef(
            name=name,
            title=src.citation.title,
            publisher=src.citation.publisher,
            url=src.citation.url,
            table_id=src.citation.table_id,
            license=src.citation.license,
            generated=src.generated,
        )
        for name, src in spec.sources.items()
    ]


def _configured_protection(spec: DatasetSpec) -> Protection:
    summary = []
    if spec.direct_identifiers:
        summary.append(
            "Direct identificerende kolommen zijn verwijderd vóór publicatie: "
            + ", ".join(spec.direct_identifiers)
            + "."
        )
    not_stored = [
        p.soort for src in spec.sources.values() for p in src.persoonsgegevens if not p.kept
    ]
    if not_stored:
        summary.append(
            "Niet bewaard (al bij het inlezen verwijderd): " + ", ".join(not_stored) + "."
        )
    if spec.protection.cells is not None:
        summary.append(
            "Kleine aantallen zijn onderdrukt (celbeveiliging met secundaire onderdrukking)."
        )
    if spec.protection.anonymity is not None:
        summary.append("Records zijn gegeneraliseerd tot k-anonimiteit met l-diversiteit.")
    summary.append("Alle gepubliceerde tekst is gescand op persoonsgegevens.")
    return Protection(source="specificatie", summary=summary)


def _bundle_privacy(bundles_dir: Path | None, dataset: str, version: str) -> dict[str, Any] | None:
    if bundles_dir is None:
        return None
    package = bundles_dir / dataset / version / "datapackage.json"
    try:
        privacy = json.loads(package.read_text(encoding="utf-8")).get("privacy")
    except (OSError, ValueError, AttributeError):
        return None
    return privacy if isinstance(privacy, dict) and privacy else None


def _privacy_summary(privacy: Mapping[str, Any]) -> list[str]:
    for key in ("samenvatting", "summary_nl", "summary"):
        text = privacy.get(key)
        if isinstance(text, str) and text.strip():
            return [text.strip()]
        if isinstance(text, list) and all(isinstance(t, str) for t in text):
            return list(text)
    return [
        "Beveiligd volgens de privacyparagraaf in het datapakket: "
        + ", ".join(sorted(privacy))
        + "."
    ]


def resolve_dataset(
    spec: DatasetSpec,
    besluit: Besluit,
    releases: Iterable[Release],
    bundles_dir: Path | None = None,
) -> DatasetAtDecision:
    releases = list(releases)
    current = releases_current_at(releases, spec.name, besluit.datum)
    later = releases_after(releases, spec.name, besluit.datum)
    version = max((r for r in current), key=lambda r: r.version_tuple).version if current else None
    newer = []
    for r in later:
        if r.version != version and r.version not in newer:
            newer.append(r.version)

    protection = _configured_protection(spec)
    shown = version or (later[0].version if later else None)
    privacy = _bundle_privacy(bundles_dir, spec.name, shown) if shown else None
    if privacy is not None:
        protection = Protection(
            source="datapakket", summary=_privacy_summary(privacy), details=privacy
        )

    return DatasetAtDecision(
        dataset=spec.name,
        title=spec.title,
        temporal_start=spec.temporal.start,
        temporal_end=spec.temporal.end,
        version=version,
        publications=[_publication(r) for r in current],
        first_publication_after=_publication(later[0]) if (not current and later) else None,
        newer_versions=newer,
        protection=protection,
        sources=_sources(spec),
    )


def build_dossier(
    identificatie: str,
    register: BesluitenRegister,
    catalog: Mapping[str, DatasetSpec],
    releases: Iterable[Release],
    bundles_dir: str | Path | None = None,
) -> Dossier:
    """The dossier of one besluit; ``KeyError`` if the register has no such besluit."""
    besluit = register.get(identificatie)
    releases = list(releases)
    bundles = Path(bundles_dir) if bundles_dir is not None else None
    datasets = [
        resolve_dataset(catalog[name], besluit, releases, bundles)
        for name in datasets_for(identificatie, catalog)
    ]
    return Dossier(besluit=besluit, datasets=datasets)


def build_dossiers(
    register: BesluitenRegister,
    catalog: Mapping[str, DatasetSpec],
    releases: Iterable[Release],
    bundles_dir: str | Path | None = None,
) -> list[Dossier]:
    """Dossiers of every besluit in the register, newest decision first."""
    releases = list(releases)
    ordered = sorted(register.besluiten, key=lambda b: (b.datum, b.identificatie), reverse=True)
    return [
        build_dossier(b.identificatie, register, catalog, releases, bundles_dir) for b in ordered
    ]
