"""The value lists in ``metadata/`` (themes, licences, languages, the organisation).

They are data, not code: a steward adds a licence or corrects a URI in YAML. Every lookup that
fails raises :class:`SpecError` naming the file and the key, because a wrong theme or licence in a
dataset spec must stop the pipeline at load time, before anything is published. File formats are
not here: each needs a writer, so they are one table in code (:mod:`haarlem_opendata.formats`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from haarlem_opendata.errors import SpecError

LANGUAGE_NL = "http://publications.europa.eu/resource/authority/language/NLD"
ACCESS_PUBLIC = "http://publications.europa.eu/resource/authority/access-right/PUBLIC"
FREQUENCIES = {
    "daily": "http://publications.europa.eu/resource/authority/frequency/DAILY",
    "weekly": "http://publications.europa.eu/resource/authority/frequency/WEEKLY",
    "monthly": "http://publications.europa.eu/resource/authority/frequency/MONTHLY",
    "quarterly": "http://publications.europa.eu/resource/authority/frequency/QUARTERLY",
    "yearly": "http://publications.europa.eu/resource/authority/frequency/ANNUAL",
    "annual": "http://publications.europa.eu/resource/authority/frequency/ANNUAL",
    "irregular": "http://publications.europa.eu/resource/authority/frequency/IRREG",
    "never": "http://publications.europa.eu/resource/authority/frequency/NEVER",
}


def _load(path: Path, key: str) -> Any:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SpecError(path, "(file)", "value list not found") from None
    except yaml.YAMLError as exc:
        raise SpecError(path, "(yaml)", f"not valid YAML: {getattr(exc, 'problem', exc)}") from None
    if not isinstance(data, dict) or key not in data:
        raise SpecError(path, key, "missing")
    return data


@dataclass(frozen=True)
class Theme:
    label: str
    uri: str
    parent: str | None


@dataclass(frozen=True)
class License:
    spdx: str
    donl_uri: str
    path: str
    title: str
    attribution_required: bool


@dataclass(frozen=True)
class Organisation:
    name: str
    tooi: str
    cbs_code: str
    owms_spatial: str
    rsin: str
    homepage: str
    contact_name: str
    contact_email: str
    contact_url: str | None
    portal_base_url: str
    id_base: str


@dataclass(frozen=True)
class Vocabularies:
    """All value lists of one ``metadata/`` folder, loaded once."""

    metadata_dir: Path
    themes: dict[str, Theme]  # by lower-cased label
    licenses: dict[str, License]  # by SPDX id
    languages: dict[str, str]  # code -> URI
    organisation: Organisation

    def theme(self, label: str) -> Theme:
        found = self.themes.get(label.strip().lower())
        if found is None:
            raise KeyError(label)
        return found

    def theme_by_uri(self, uri: str) -> Theme | None:
        return next((t for t in self.themes.values() if t.uri == uri), None)

    def license(self, spdx: str) -> License:
        return self.licenses[spdx]


def _themes(path: Path) -> dict[str, Theme]:
    data = _load(path, "themes")
    out: dict[str, Theme] = {}
    for i, item in enumerate(data["themes"]):
        try:
            theme = Theme(label=str(item["label"]), uri=str(item["uri"]), parent=item.get("parent"))
        except (KeyError, TypeError):
            raise SpecError(path, f"themes[{i}]", "needs label and uri") from None
        out[theme.label.lower()] = theme
    return out


def _licenses(path: Path) -> dict[str, License]:
    data = _load(path, "licenses")
    out = {}
    for spdx, item in data["licenses"].items():
        try:
            out[spdx] = License(
                spdx=spdx,
                donl_uri=item["donl_uri"],
                path=item["path"],
                title=item["title"],
                attribution_required=bool(item["attribution_required"]),
            )
        except (KeyError, TypeError):
            raise SpecError(
                path, f"licenses.{spdx}", "needs donl_uri, path, title, attribution_required"
            ) from None
    return out


def _organisation(path: Path) -> Organisation:
    data = _load(path, "name")
    try:
        contact = data["contact_point"]
        return Organisation(
            name=data["name"],
            tooi=data["tooi"],
            cbs_code=data["cbs_code"],
            owms_spatial=data["owms_spatial"],
            rsin=str(data["rsin"]),
            homepage=data["homepage"],
            contact_name=contact["name"],
            contact_email=contact["email"],
            contact_url=contact.get("url"),
            portal_base_url=data["portal_base_url"].rstrip("/"),
            id_base=data["id_base"].rstrip("/"),
        )
    except (KeyError, TypeError, AttributeError) as exc:
        raise SpecError(path, str(exc).strip("'"), "missing or malformed") from None


@lru_cache(maxsize=8)
def _cached(metadata_dir: Path) -> Vocabularies:
    donl = metadata_dir / "donl"
    languages = _load(donl / "languages.yaml", "languages")["languages"]
    return Vocabularies(
        metadata_dir=metadata_dir,
        themes=_themes(donl / "themes.yaml"),
        licenses=_licenses(donl / "licenses.yaml"),
        languages={code: item["uri"] for code, item in languages.items()},
        organisation=_organisation(metadata_dir / "organisatie.yaml"),
    )


def vocabularies(metadata_dir: Path | str) -> Vocabularies:
    """The value lists of ``metadata_dir`` (the settings' ``metadata_dir``, which the caller's
    entry point resolved: nothing here reads the environment)."""
    return _cached(Path(metadata_dir).resolve())
