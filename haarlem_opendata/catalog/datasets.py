"""The dataset catalog: one YAML spec per dataset in ``datasets/``, validated on load.

Each file is validated on its own (:func:`load_spec`), then the catalog as a whole: the portal
metadata against the DCAT-AP-DONL value lists, and every linked population against a register
the linkage audit can use — so a catalog the pipeline cannot publish fails when it loads.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from haarlem_opendata.catalog.files import read_yaml_mapping, validation_error
from haarlem_opendata.catalog.linkage import linkage_groups
from haarlem_opendata.catalog.partitions import gemeenten, partition_of, render_spec
from haarlem_opendata.errors import SpecError
from haarlem_opendata.spec import DatasetSpec, PartitionsSpec


def load_spec(path: str | Path) -> DatasetSpec:
    """Load and validate one dataset spec; a problem raises :class:`SpecError` naming file and
    key."""
    path = Path(path)
    raw = read_yaml_mapping(path, "a dataset spec")
    try:
        if "partitions" in raw:
            spec = _own_partition(raw, path)
        else:
            spec = DatasetSpec.model_validate({**raw, "file": path})
    except ValidationError as exc:
        raise validation_error(path, exc) from None
    expected = path.stem
    if spec.name != expected:
        raise SpecError(path, "name", f"must equal the file name {expected!r}, got {spec.name!r}")
    return spec


def _own_partition(raw: dict, path: Path) -> DatasetSpec:
    """A partitioned spec as the catalog holds it: rendered for its own gemeente, newest year."""
    partitions = PartitionsSpec.model_validate(raw["partitions"])
    unknown = [g for g in partitions.publiceer if g not in gemeenten(partitions, path.parent)]
    if unknown:
        raise SpecError(path, "partitions.publiceer", f"not in the gemeente list: {unknown}")
    own = partition_of(partitions, partitions.eigen, partitions.jaren[-1], path.parent)
    return render_spec(raw, own, path)


def load_catalog(
    datasets_dir: str | Path, metadata_dir: str | Path | None = None
) -> dict[str, DatasetSpec]:
    """All dataset specs in a folder, by name, in a stable order.

    With ``metadata_dir`` the portal metadata is checked too (theme and licence from the
    DCAT-AP-DONL value lists, Dutch descriptions), so a spec the portal would reject fails at load
    time.
    """
    datasets_dir = Path(datasets_dir)
    files = sorted(datasets_dir.glob("*.yaml"))
    if not files:
        raise SpecError(datasets_dir, "(folder)", "no dataset specs (*.yaml) found")
    catalog = {}
    for file in files:
        spec = load_spec(file)
        if metadata_dir is not None:
            # Here, not at the top: the fair package loads rdflib, which plain loading never needs.
            from haarlem_opendata.fair.specs import validate_spec_metadata

            validate_spec_metadata(spec, Path(metadata_dir))
        catalog[spec.name] = spec
    linkage_groups(catalog)  # every linked population has a register to audit with
    return catalog
