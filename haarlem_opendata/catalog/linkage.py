"""Which published columns count the same people, which register counts them, and audit order.

Columns with the same ``populatie`` (name and peildatum) across the catalog form a group. The
group's *register* is the point source that a spatial-aggregate transform sums into one of its
columns (addresses with residents): it is what gives every overlap part its true value. A group
without a register cannot be audited, so the catalog is refused on load.

Order: a dataset that can remedy a failing audit itself (its areas can be merged further, or the
linked cells suppressed) is audited after the datasets it links to, against their tables of the same
run; ties go by name.
"""

from __future__ import annotations

from dataclasses import dataclass

from haarlem_opendata.errors import SpecError
from haarlem_opendata.spec import DatasetSpec, Populatie


@dataclass(frozen=True)
class LinkedColumn:
    dataset: str
    column: str


@dataclass(frozen=True)
class Register:
    dataset: str
    source: str  # the points source (personal data, raw stage only)
    weight: str | None  # point column summed; None: every point counts one


@dataclass(frozen=True)
class LinkageGroup:
    population: Populatie
    members: tuple[LinkedColumn, ...]
    register: Register

    def datasets(self) -> list[str]:
        return sorted({m.dataset for m in self.members})

    def column_of(self, dataset: str) -> str | None:
        return next((m.column for m in self.members if m.dataset == dataset), None)


def _register(spec: DatasetSpec, column: str) -> Register | None:
    transform = spec.transform
    if transform is None or transform.kind != "spatial_aggregate":
        return None
    if column == transform.count_as:
        return Register(spec.name, transform.points, None)
    for point_column, output in transform.sums.items():
        if output == column:
            return Register(spec.name, transform.points, point_column)
    return None


def linkage_groups(catalog: dict[str, DatasetSpec]) -> list[LinkageGroup]:
    found: dict[tuple[str, str], list[tuple[DatasetSpec, str]]] = {}
    populations: dict[tuple[str, str], Populatie] = {}
    for spec in catalog.values():
        for column in spec.columns:
            if column.populatie is not None:
                found.setdefault(column.populatie.key, []).append((spec, column.name))
                populations.setdefault(column.populatie.key, column.populatie)
    groups = []
    for key in sorted(found):
        members = found[key]
        registers = {r for s, c in members if (r := _register(s, c)) is not None}
        first, name = members[0]
        if len(registers) != 1:
            raise SpecError(
                first.file or first.name,
                f"columns.{name}.populatie",
                f"populatie {key[0]!r} ({key[1]}) needs exactly one register (a points source "
                f"summed into one of its columns) to audit linked tables; found {len(registers)}",
            )
        groups.append(
            LinkageGroup(
                population=populations[key],
                members=tuple(LinkedColumn(s.name, c) for s, c in members),
                register=registers.pop(),
            )
        )
    return groups


def can_remedy(spec: DatasetSpec) -> bool:
    """Its areas can be merged further, or a linked column's cells can be hidden."""
    cells = spec.protection.cells
    if cells is None:
        return False
    if cells.method == "merge_areas":
        return True
    linked = {c.name for c in spec.columns if c.populatie is not None}
    return cells.method == "suppression" and bool(linked & set(cells.counts))


def audit_order(catalog: dict[str, DatasetSpec], group: LinkageGroup) -> list[str]:
    return sorted(group.datasets(), key=lambda n: (can_remedy(catalog[n]), n))


def upstream(catalog: dict[str, DatasetSpec], name: str) -> list[str]:
    """Datasets whose table of the same run ``name`` is audited against (see module docstring)."""
    before: set[str] = set()
    for group in linkage_groups(catalog):
        order = audit_order(catalog, group)
        if name in order:
            before.update(order[: order.index(name)])
    return sorted(before)


def publication_order(catalog: dict[str, DatasetSpec]) -> list[str]:
    """Every dataset after the ones its linkage audit reads (catalog order otherwise)."""
    done: list[str] = []

    def visit(name: str) -> None:
        if name in done:
            return
        for before in upstream(catalog, name):
            visit(before)
        done.append(name)

    for name in catalog:
        visit(name)
    return done
