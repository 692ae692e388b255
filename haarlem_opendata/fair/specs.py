"""Load-time checks of a dataset spec's FAIR metadata against the value lists in ``metadata/``.

A dataset with an unknown theme or licence, or without a Dutch description, cannot be described
to data.overheid.nl; finding that when the catalog loads is far cheaper than finding it after the
protected data is ready to go out. Each problem raises :class:`SpecError` with file and key.
"""

from __future__ import annotations

import re
from pathlib import Path

from haarlem_opendata.errors import SpecError
from haarlem_opendata.fair.vocab import vocabularies
from haarlem_opendata.spec import DatasetSpec

_DUTCH = {
    "de",
    "het",
    "een",
    "van",
    "en",
    "in",
    "op",
    "per",
    "is",
    "zijn",
    "met",
    "voor",
    "door",
    "naar",
    "niet",
    "bij",
    "uit",
    "wordt",
    "worden",
    "aantal",
    "of",
    "die",
    "dat",
    "deze",
    "als",
    "ook",
    "te",
}
_ENGLISH = {
    "the",
    "a",
    "an",
    "of",
    "and",
    "in",
    "on",
    "per",
    "is",
    "are",
    "with",
    "for",
    "by",
    "to",
    "not",
    "at",
    "from",
    "this",
    "that",
    "these",
    "as",
    "also",
    "number",
    "which",
    "be",
    "been",
}


def _words(text: str) -> list[str]:
    return re.findall(r"[a-zà-ÿ]+", text.lower())


def looks_dutch(text: str) -> bool:
    """A Dutch sentence uses Dutch function words more than English ones (a cheap, honest
    heuristic)."""
    words = _words(text)
    dutch = sum(w in _DUTCH and w not in _ENGLISH for w in words)
    english = sum(w in _ENGLISH and w not in _DUTCH for w in words)
    return dutch >= 1 and dutch >= english


def looks_english(text: str) -> bool:
    words = _words(text)
    dutch = sum(w in _DUTCH and w not in _ENGLISH for w in words)
    english = sum(w in _ENGLISH and w not in _DUTCH for w in words)
    return english >= 2 and english > dutch


def validate_spec_metadata(spec: DatasetSpec, metadata_dir: Path | str) -> None:
    """Raise :class:`SpecError` (file, key, message) when the spec cannot be described FAIRly."""
    vocab = vocabularies(metadata_dir)
    file = spec.file or f"datasets/{spec.name}.yaml"
    if not spec.license or not spec.license.strip():
        raise SpecError(
            file, "license", "a licence is required (SPDX id, e.g. CC0-1.0 or CC-BY-4.0)"
        )
    if spec.license not in vocab.licenses:
        known = ", ".join(sorted(vocab.licenses))
        raise SpecError(
            file,
            "license",
            f"unknown licence {spec.license!r}; known: {known} (metadata/donl/licenses.yaml)",
        )
    try:
        vocab.theme(spec.theme)
    except KeyError:
        raise SpecError(
            file,
            "theme",
            f"unknown theme {spec.theme!r}: use a label from the overheid:taxonomiebeleidsagenda "
            "list (metadata/donl/themes.yaml), e.g. 'Bestuur' or 'Ruimte en infrastructuur'",
        ) from None
    if not spec.title.strip():
        raise SpecError(file, "title", "a Dutch title is required")
    if not spec.description.strip() or not looks_dutch(spec.description):
        raise SpecError(file, "description", "a Dutch description of the dataset is required")
    for i, column in enumerate(spec.columns):
        if not column.description.strip() or looks_english(column.description):
            raise SpecError(
                file,
                f"columns[{i}].description",
                f"column {column.name!r} needs a Dutch description",
            )
    if spec.spatial != vocab.organisation.cbs_code and not re.match(
        r"^(GM|WK|BU)[0-9]{4,8}$", spec.spatial
    ):
        raise SpecError(file, "spatial", f"not a CBS region code: {spec.spatial!r}")
    licence = vocab.license(spec.license)
    for name, source in spec.sources.items():
        src_licence = source.citation.license
        if src_licence is None:
            continue
        if src_licence not in vocab.licenses:
            raise SpecError(
                file, f"sources.{name}.citation.license", f"unknown licence {src_licence!r}"
            )
        if vocab.license(src_licence).attribution_required and not licence.attribution_required:
            raise SpecError(
                file,
                "license",
                f"source {name!r} is licensed {src_licence}, which requires attribution; "
                f"the dataset cannot be published as {spec.license}",
            )
