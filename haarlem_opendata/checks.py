"""The gates before publication, as plain functions, and a record of their outcomes.

Each gate re-checks the protected table independently of the code that protected it. Dagster runs
them as blocking asset checks; their outcomes are also recorded next to the data (keyed by the
table's fingerprint) so the release bundle carries proof of what passed, and a publisher called
outside Dagster can refuse a bundle whose checks did not pass.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

from haarlem_opendata.atomic import atomic_write_text
from haarlem_opendata.errors import ProtectionError
from haarlem_opendata.protect.pipeline import ProtectedTable
from haarlem_opendata.spec import (
    AnonymitySpec,
    CellProtectionSpec,
    CountTableSpec,
    DatasetSpec,
    LinkageSpec,
    PiiSpec,
)

C = TypeVar("C")


@dataclass(frozen=True)
class CheckOutcome:
    name: str
    passed: bool
    description: str
    metadata: dict = field(default_factory=dict)  # JSON-safe, never a raw value
    blocking: bool = True

    def to_dict(self) -> dict:
        return asdict(self)


def check_pii(rules: PiiSpec, protected: ProtectedTable, dataset: str) -> CheckOutcome:
    from haarlem_opendata.pii.scan import scan_dataframe

    report = scan_dataframe(protected.table, rules)
    return CheckOutcome(
        name="pii_scan",
        passed=bool(report.passed),
        description=(
            "Geen persoonsgegevens gevonden in de te publiceren tabel (Presidio, Nederlandse "
            "herkenners)."
        ),
        metadata=report.to_metadata(),
    )


def check_cells(rules: CellProtectionSpec, protected: ProtectedTable, dataset: str) -> CheckOutcome:
    """The attacker's audit of the published counts, from the published table alone.

    Which cells were primary is known inside the pipeline only (``protected.internal``); with it,
    every primary cell must keep an interval of at least the protection width.
    """
    from haarlem_opendata.protect.cells import audit_suppression

    if rules.method == "rounding":
        return _check_rounding(rules, protected)
    audit = audit_suppression(
        protected.table,
        region=rules.region if rules.method == "suppression" else None,
        counts=rules.counts,
        relations=rules.relations,
        primary=protected.internal.get("primary"),
        protection_width=rules.width,
        threshold=rules.threshold,
        zeros_unsafe=rules.zeros_unsafe,
        file=f"{dataset} (beveiligde tabel)",
    )
    return CheckOutcome(
        name="cells_audit",
        passed=bool(audit.passed),
        description=(
            "Geen onderdrukte cel is terug te rekenen uit de gepubliceerde cellen (LP-audit)."
        ),
        metadata=audit.to_metadata(),
    )


def _check_rounding(rules: CellProtectionSpec, protected: ProtectedTable) -> CheckOutcome:
    import pandas as pd

    off_base = 0
    for column in rules.counts:
        values = pd.to_numeric(protected.table[column], errors="coerce").dropna()
        off_base += int((values % rules.rounding_base != 0).sum())
    return CheckOutcome(
        name="cells_audit",
        passed=off_base == 0,
        description=f"Alle aantallen zijn afgerond op veelvouden van {rules.rounding_base}.",
        metadata={"method": "rounding", "base": rules.rounding_base, "cells_not_rounded": off_base},
    )


def check_anonymity(rules: AnonymitySpec, protected: ProtectedTable, dataset: str) -> CheckOutcome:
    from haarlem_opendata.protect.anonymity import verify_anonymity

    result = verify_anonymity(
        protected.table,
        quasi_identifier_columns=list(rules.quasi_identifiers),
        k=rules.k,
        l_diversity=list(rules.l_diversity) or None,
    )
    metadata = result.to_metadata()
    passed = bool(result.passed)
    if rules.recoding == "local":
        from haarlem_opendata.protect.anonymity.verify_local import verify_disjoint_classes

        parents = {
            name: {
                k: v
                for level in getattr(h, "levels", [])
                if isinstance(level, dict)
                for k, v in level.items()
            }
            for name, h in rules.quasi_identifiers.items()
            if getattr(h, "kind", None) == "categories"
        }
        disjoint = verify_disjoint_classes(protected.table, list(rules.quasi_identifiers), parents)
        metadata["intersection_rule"] = disjoint.to_metadata()
        passed = passed and disjoint.passed
    return CheckOutcome(
        name="k_anonymity",
        passed=passed,
        description=(
            f"Elke combinatie van quasi-identificerende kenmerken komt minstens {rules.k} keer "
            "voor."
        ),
        metadata=metadata,
    )


def check_count_tables(
    tables: list[CountTableSpec], protected: ProtectedTable, dataset: str
) -> CheckOutcome:
    """The LP attacker's audit of every count table, rebuilt from its published long form."""
    from haarlem_opendata.errors import ProtectionError
    from haarlem_opendata.protect.counts.protect import audit_published_counts

    primary = protected.internal.get("count_tables_primary", {})
    rows_systems = protected.internal.get("count_tables_rows", {})
    releases_systems = protected.internal.get("count_tables_releases", {})
    results: dict[str, dict] = {}
    passed = True
    for table_spec in tables:
        table = protected.count_tables.get(table_spec.name)
        if table is None:
            results[table_spec.name] = {"audit_geslaagd": False, "reden": "teltabel ontbreekt"}
            passed = False
            continue
        try:
            audit = audit_published_counts(table, table_spec, primary.get(table_spec.name))
        except ProtectionError as error:  # a primary (small) cell is shown: the check fails
            results[table_spec.name] = {"audit_geslaagd": False, "reden": str(error)}
            passed = False
            continue
        results[table_spec.name] = audit.to_metadata()
        passed = passed and bool(audit.passed)
        system = rows_systems.get(table_spec.name)
        if system is not None:
            joint = _audit_with_rows(
                system, table, table_spec, primary.get(table_spec.name), protected
            )
            results[table_spec.name]["met_rijen"] = joint
            passed = passed and bool(joint["audit_geslaagd"])
        releases = releases_systems.get(table_spec.name)
        if releases is not None:
            joint = _audit_with_releases(releases, table, table_spec, primary.get(table_spec.name))
            results[table_spec.name]["met_eerdere_publicaties"] = joint
            passed = passed and bool(joint["audit_geslaagd"])
    return CheckOutcome(
        name="count_tables_audit",
        passed=passed,
        description=(
            "Geen onderdrukte cel van een teltabel is terug te rekenen en geen klein aantal is "
            "gepubliceerd (LP-audit op de gepubliceerde tabel, samen met de gepubliceerde rijen, "
            "en samen met de teltabellen die al openbaar zijn)."
        ),
        metadata={"teltabellen": results},
    )


def _audit_with_rows(system, table, table_spec, primary, protected: ProtectedTable) -> dict:
    """The joint attacker of rows and count table, from the published files and aggregates."""
    from haarlem_opendata.protect.counts.wide import wide_counts
    from haarlem_opendata.protect.counts.with_rows import audit_with_rows

    try:
        counts = wide_counts(table, primary, table_spec)
        class_counts = system.class_counts(protected.table)
    except (ValueError, ProtectionError) as error:
        return {"audit_geslaagd": False, "reden": str(error)}
    report, _, _ = audit_with_rows(system, counts, class_counts, table_spec)
    return report.to_metadata()


def _audit_with_releases(system, table, table_spec, primary) -> dict:
    """The joint attacker of this table and what was public before it, from the files."""
    from haarlem_opendata.errors import ProtectionError
    from haarlem_opendata.protect.counts.releases import audit_releases

    try:
        counts = system.counts(table, primary, table_spec)
    except ProtectionError as error:
        return {"audit_geslaagd": False, "reden": str(error)}
    report, _, _ = audit_releases(system, counts, table_spec)
    return report.to_metadata()


def check_linkage(rules: LinkageSpec, protected: ProtectedTable, dataset: str) -> CheckOutcome:
    """The joint attacker again, with this table's values read from the published table itself."""

    systems = protected.internal.get("linkage")
    audits: list[dict] = []
    passed = systems is not None
    for system in systems or []:
        try:
            report = system.audit_published(protected.table)
        except ProtectionError as error:
            audits.append(
                {"populatie": system.population, "audit_geslaagd": False, "reden": str(error)}
            )
            passed = False
            continue
        audits.append(report.to_metadata())
        passed = passed and report.passed
    return CheckOutcome(
        name="linkage_audit",
        passed=passed,
        description="Samen met elke gekoppelde publicatie (zelfde populatie en peildatum) en elke "
        "eerdere versie onthult deze tabel geen klein aantal (LP-audit over de overlapdelen).",
        metadata=(
            {"reden": "koppelingsaudit niet uitgevoerd"}
            if systems is None
            else {"audits": audits}
            if systems
            else {"audits": [], "reden": "geen andere publicatie telt deze populatie"}
        ),
    )


def _linkage_rules(spec: DatasetSpec) -> LinkageSpec | None:
    """The linkage settings, for a dataset with a column counting a population (else no audit)."""
    counted = any(c.populatie is not None for c in spec.columns)
    return spec.protection.linkage if counted else None


@dataclass(frozen=True)
class Check(Generic[C]):
    """A protection check: where its configuration lives in a spec, and the check itself.

    ``config`` returns ``None`` when the dataset does not ask for this protection; the check then
    is not required and ``run`` always receives the configuration, never ``None``.
    """

    name: str
    config: Callable[[DatasetSpec], C | None]
    check: Callable[[C, ProtectedTable, str], CheckOutcome]

    def run(self, spec: DatasetSpec, protected: ProtectedTable) -> CheckOutcome:
        config = self.config(spec)
        if config is None:
            raise ProtectionError(f"{spec.name}: de controle {self.name} is niet ingesteld")
        return self.check(config, protected, spec.name)


CHECKS: dict[str, Check[Any]] = {
    c.name: c
    for c in (
        Check("pii_scan", lambda spec: spec.protection.pii, check_pii),
        Check("cells_audit", lambda spec: spec.protection.cells, check_cells),
        Check("k_anonymity", lambda spec: spec.protection.anonymity, check_anonymity),
        Check(
            "count_tables_audit",
            lambda spec: spec.protection.count_tables or None,
            check_count_tables,
        ),
        Check("linkage_audit", _linkage_rules, check_linkage),
    )
}


def required_checks(spec: DatasetSpec) -> list[str]:
    """Names of the protection checks a dataset's protected table must pass."""
    return [name for name, check in CHECKS.items() if check.config(spec) is not None]


def run_check(name: str, spec: DatasetSpec, protected: ProtectedTable) -> CheckOutcome:
    return CHECKS[name].run(spec, protected)


# --- recorded outcomes ---------------------------------------------------------------------------


def _outcome_path(checks_dir: Path, dataset: str, fingerprint: str, name: str) -> Path:
    return checks_dir / dataset / fingerprint.removeprefix("sha256:")[:32] / f"{name}.json"


def record_outcome(checks_dir: Path, dataset: str, fingerprint: str, outcome: CheckOutcome) -> None:
    path = _outcome_path(checks_dir, dataset, fingerprint, outcome.name)
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(path, json.dumps({"fingerprint": fingerprint, **outcome.to_dict()}, indent=2))


def recorded_outcomes(
    checks_dir: Path, dataset: str, fingerprint: str, names: list[str]
) -> list[CheckOutcome]:
    """The recorded outcome of each named check for exactly this data; a missing one fails."""
    outcomes = []
    for name in names:
        path = _outcome_path(checks_dir, dataset, fingerprint, name)
        if not path.exists():
            outcomes.append(
                CheckOutcome(name, False, "Deze controle is niet uitgevoerd op deze gegevens.")
            )
            continue
        data = json.loads(path.read_text())
        if data.get("fingerprint") != fingerprint:
            outcomes.append(CheckOutcome(name, False, "Uitkomst hoort bij andere gegevens."))
            continue
        outcomes.append(
            CheckOutcome(
                name=data["name"],
                passed=bool(data["passed"]),
                description=data["description"],
                metadata=data.get("metadata", {}),
                blocking=data.get("blocking", True),
            )
        )
    return outcomes
