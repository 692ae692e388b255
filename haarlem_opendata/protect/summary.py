"""What protection did, as typed results: English names in code, the published Dutch keys on disk.

The protected stage hands these to the checks, the data package, ``privacy.md`` and the Dagster
metadata. Each model's ``published_as`` table names the key the published files have always
used for a field (``n_primair``, ``audit_geslaagd``, ...), so ``to_dict()`` writes exactly what
was written before and ``from_dict()`` reads a published summary back. They hold counts, widths,
column names and thresholds only — never a cell value.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

Number = int | float


def published_as(keys: dict[str, str]) -> ConfigDict:
    """A summary's config: field ``name`` is read and written as ``keys[name]`` (else ``name``)."""
    return ConfigDict(
        frozen=True,
        populate_by_name=True,
        extra="forbid",
        alias_generator=lambda name: keys.get(name, name),
    )


class Summary(BaseModel):
    """A frozen summary whose serialised keys are the published ones."""

    model_config = published_as({})

    def to_dict(self) -> dict[str, Any]:
        return self.model_dump(by_alias=True)


# --- count cells --------------------------------------------------------------------------------


class RuleUse(Summary):
    model_config = published_as({"description": "beschrijving", "n_cells": "n_cellen"})

    id: str
    description: str
    n_cells: int


class RulePackInfo(Summary):
    model_config = published_as(
        {
            "name": "naam",
            "version": "versie",
            "not_applied": "niet_toegepast_basiskolom_ontbreekt",
        }
    )

    name: str
    version: str
    not_applied: list[str]


# The attacker's audit of the hidden cells, declared once: its fields in two groups and their
# published keys, shared by the audit of a published table and by the suppression that hid the
# cells. Pydantic writes the fields of the bases first, starting with the last base listed, and a
# class's own fields last; the bases are listed so the keys keep the order the published files
# have always had. A summary's own ``published_as`` must name every key, the inherited ones too.
AUDIT_KEYS = {
    "n_hidden": "n_verborgen_cellen",
    "narrowest": "smalste_interval",
    "narrowest_primary": "smalste_interval_primair",
    "protection_width": "beschermingsbreedte",
    "primary_wide_enough": "alle_primaire_intervallen_breed_genoeg",
    "none_exact": "geen_cel_exact_herleidbaar",
    "passed": "audit_geslaagd",
    "audit_method": "auditmethode",
}


class _AuditIntervals(Summary):
    """How narrow an attacker can make the intervals of the hidden cells."""

    model_config = published_as(AUDIT_KEYS)

    n_hidden: int
    narrowest: float | None
    narrowest_primary: float | None
    protection_width: Number
    primary_wide_enough: bool
    none_exact: bool


class _AuditVerdict(Summary):
    """Whether the audit passed, and how it was done."""

    model_config = published_as(AUDIT_KEYS)

    passed: bool
    audit_method: str


_TABLE_AUDIT_KEYS = {"intervals": "intervallen", "n_unsafe_published": "n_onveilig_gepubliceerd"}


class _TableAudit(Summary):
    """What only the audit of a published table adds, between the intervals and the verdict."""

    model_config = published_as(_TABLE_AUDIT_KEYS)

    intervals: str
    n_unsafe_published: int


class AuditSummary(_AuditVerdict, _TableAudit, _AuditIntervals):
    """The attacker's audit of a published table: the narrowest intervals and the verdict."""

    model_config = published_as(AUDIT_KEYS | _TABLE_AUDIT_KEYS)


_SUPPRESSION_KEYS = {
    "method_label": "methode",
    "n_primary": "n_primair",
    "n_secondary": "n_secundair",
}


class _Suppressed(Summary):
    """What the suppression hid, before its audit."""

    model_config = published_as(_SUPPRESSION_KEYS)

    method_label: Literal["celonderdrukking"] = "celonderdrukking"
    method: Literal["suppression"] = "suppression"
    n_primary: int
    n_secondary: int


class SuppressionSummary(_AuditVerdict, _AuditIntervals, _Suppressed):
    model_config = published_as(
        _SUPPRESSION_KEYS
        | AUDIT_KEYS
        | {
            "rules": "regels",
            "rule_pack": "regelset",
            "missing_value": "ontbrekende_waarde",
        }
    )

    rules: list[RuleUse]
    rule_pack: RulePackInfo | None
    missing_value: str = "lege cel = verborgen om kleine aantallen te beschermen"


class RoundingSummary(Summary):
    model_config = published_as(
        {
            "method_label": "methode",
            "base": "basis",
            "columns": "kolommen",
            "explanation": "toelichting",
        }
    )

    method_label: Literal["afronding"] = "afronding"
    method: Literal["rounding"] = "rounding"
    base: int
    columns: list[str]
    explanation: str


class AreaMerge(Summary):
    model_config = published_as(
        {
            "published": "gepubliceerd_gebied",
            "original": "oorspronkelijke_gebieden",
        }
    )

    published: str
    original: list[str]


class MergeSummary(Summary):
    model_config = published_as(
        {
            "method_label": "methode",
            "threshold": "drempel",
            "n_original": "n_oorspronkelijke_gebieden",
            "n_published": "n_gepubliceerde_gebieden",
            "merges": "samenvoegingen",
            "municipal_total": "gemeentetotaal",
            "hidden": "afgeschermde_gebieden",
            "passed": "audit_geslaagd",
        }
    )

    method_label: Literal["samenvoegen van gebieden"] = "samenvoegen van gebieden"
    method: Literal["merge_areas"] = "merge_areas"
    threshold: int
    n_original: int
    n_published: int
    merges: list[AreaMerge]
    municipal_total: dict[str, int]
    # Areas whose numbers are left empty because the linkage audit asked (None: none).
    hidden: list[str] | None = None
    audit: AuditSummary
    passed: bool


CellsSummary = Annotated[
    SuppressionSummary | RoundingSummary | MergeSummary, Field(discriminator="method")
]


class VersionsSummary(Summary):
    """A new version of the same period, audited together with the versions still public."""

    model_config = published_as(
        {
            "versions": "getoetst_tegen",
            "n_stable": "n_verborgen_als_eerder",
            "n_known": "n_eerder_gepubliceerd_nu_verborgen",
            "n_already_public": "n_al_openbaar",
            "passed": "audit_geslaagd",
        }
    )

    versions: list[str]
    n_stable: int
    n_known: int
    n_already_public: int
    passed: bool


class CountTableSummary(Summary):
    model_config = published_as(
        {
            "name": "naam",
            "threshold": "drempel",
            "n_cells": "n_cellen",
            "n_published": "n_gepubliceerd",
            "published_share": "aandeel_gepubliceerd",
            "published_share_per_level": "aandeel_gepubliceerd_per_niveau",
            "n_primary": "n_primair",
            "n_secondary": "n_secundair",
            "passed": "audit_geslaagd",
            "audit_method": "auditmethode",
            "with_rows": "getoetst_met_rijen",
            "n_hidden_for_rows": "n_afgeschermd_om_de_rijen",
            "with_earlier": "getoetst_met",
            "n_hidden_for_earlier": "n_afgeschermd_om_eerdere_publicaties",
            "n_already_public": "n_al_openbaar",
        }
    )

    name: str
    threshold: int
    n_cells: int
    n_published: int
    published_share: float
    published_share_per_level: dict[str, float]
    n_primary: int
    n_secondary: int
    passed: bool
    audit_method: str
    # The joint audit with the dataset's published rows (None: no rows are published with it).
    with_rows: bool | None = None
    n_hidden_for_rows: int | None = None
    # The joint audit with the count tables already public for the same records: earlier versions
    # of the same period, the dataset's other count tables (None: there are none).
    with_earlier: list[str] | None = None
    n_hidden_for_earlier: int | None = None
    n_already_public: int | None = None


# --- records ------------------------------------------------------------------------------------


class LDiversityOutcome(Summary):
    column: str
    kind: str
    l_requested: Number
    c: Number | None
    l_achieved: float


class _AnonymityCommon(Summary):
    k_requested: int
    k_achieved: int
    l_diversity: list[LDiversityOutcome]
    records_in: int
    records_published: int
    suppressed_records: int
    suppressed_share: float
    max_suppression: Number
    information_loss: float
    metric: str
    weights: dict[str, Number]


class GlobalAnonymitySummary(_AnonymityCommon):
    """Full-domain generalisation: one level per quasi-identifier for every record."""

    recoding: Literal["global"] = "global"
    levels: dict[str, int]
    level_labels: dict[str, str]
    level_shares: dict[str, dict[str, float]]
    nodes_evaluated: int
    lattice_size: int


class LocalAnonymitySummary(_AnonymityCommon):
    """Local recoding: per quasi-identifier, the share of records published at each level."""

    recoding: Literal["local"] = "local"
    level_shares: dict[str, dict[str, float]]
    classes: int

    def to_dict(self) -> dict[str, Any]:
        data = super().to_dict()
        return {"recoding": data.pop("recoding"), **data}


AnonymitySummary = Annotated[
    GlobalAnonymitySummary | LocalAnonymitySummary, Field(discriminator="recoding")
]


# --- linkage, free text, the whole ---------------------------------------------------------------


class LinkedDataset(Summary):
    model_config = published_as({"name": "naam", "title": "titel"})

    name: str
    title: str


class PopulationSummary(Summary):
    """What the data package says about one counted population: stable across runs."""

    model_config = published_as(
        {
            "population": "populatie",
            "column": "kolom",
            "threshold": "drempel",
            "linked": "samen_met",
            "earlier_versions": "eerdere_versies",
            "passed": "audit_geslaagd",
        }
    )

    population: str
    column: str
    threshold: int
    linked: list[LinkedDataset]
    earlier_versions: bool = True
    passed: bool


class LinkageSummary(Summary):
    model_config = published_as({"populations": "samenvatting", "rounds": "rondes"})

    populations: list[PopulationSummary]
    rounds: int
    audits: list[dict[str, Any]]  # the full LP reports: asset metadata only, never published


class FreeTextSummary(Summary):
    redacted_columns: list[str] = Field(default_factory=list)
    dropped_columns: list[str] = Field(default_factory=list)


class ProtectionSummary(Summary):
    """Every protection applied to one table; a section is ``None`` when it did not apply."""

    model_config = published_as({"versions": "versies"})

    identifiers_dropped: list[str] = Field(default_factory=list)
    versions: VersionsSummary | None = None
    cells: CellsSummary | None = None
    count_tables: list[CountTableSummary] | None = None
    anonymity: AnonymitySummary | None = None
    free_text: FreeTextSummary | None = None
    linkage: LinkageSummary | None = None
    # a PII scan report handed in with the summary (the data package falls back to the check's)
    pii: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        """The published form; sections that did not apply are left out, not written as null."""
        data: dict[str, Any] = {"identifiers_dropped": list(self.identifiers_dropped)}
        sections: list[tuple[str, Any]] = [
            ("versies", self.versions),
            ("cells", self.cells),
            ("count_tables", self.count_tables),
            ("anonymity", self.anonymity),
            ("free_text", self.free_text),
            ("linkage", self.linkage),
        ]
        for key, value in sections:
            if isinstance(value, list):
                data[key] = [item.to_dict() for item in value]
            elif value is not None:
                data[key] = value.to_dict()
        if self.pii is not None:
            data["pii"] = self.pii
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ProtectionSummary:
        """Read a published summary back (e.g. one written by :meth:`to_dict`)."""
        return cls.model_validate(data)
