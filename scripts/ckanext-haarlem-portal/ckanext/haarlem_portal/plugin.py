"""The CKAN plugin `haarlem_portal`: Dutch words for DONL URIs on the dataset page.

The schema (schema.yaml) and the licence list (licenses.json) are plain files CKAN is pointed at
by configuration; this plugin adds the two display snippets and the helpers they call.
"""

from __future__ import annotations

import json
from typing import Any

from ckan import plugins
from ckan.plugins import toolkit

# Words for the URIs of the DONL / EU value lists the publisher sets; anything else is shown by
# its last path segment ("Ruimte_en_infrastructuur" → "Ruimte en infrastructuur").
LABELS = {
    "http://publications.europa.eu/resource/authority/access-right/PUBLIC": "publiek",
    "http://publications.europa.eu/resource/authority/access-right/RESTRICTED": "beperkt",
    "http://publications.europa.eu/resource/authority/access-right/NON_PUBLIC": "niet publiek",
    "http://publications.europa.eu/resource/authority/language/NLD": "Nederlands",
    "http://publications.europa.eu/resource/authority/language/ENG": "Engels",
    "http://data.overheid.nl/status/beschikbaar": "beschikbaar",
    "http://data.overheid.nl/status/gepland": "gepland",
    "http://data.overheid.nl/status/in_onderzoek": "in onderzoek",
    "http://data.overheid.nl/status/niet_beschikbaar": "niet beschikbaar",
    "http://publications.europa.eu/resource/authority/frequency/DAILY": "dagelijks",
    "http://publications.europa.eu/resource/authority/frequency/WEEKLY": "wekelijks",
    "http://publications.europa.eu/resource/authority/frequency/MONTHLY": "maandelijks",
    "http://publications.europa.eu/resource/authority/frequency/QUARTERLY": "per kwartaal",
    "http://publications.europa.eu/resource/authority/frequency/ANNUAL": "jaarlijks",
    "http://publications.europa.eu/resource/authority/frequency/IRREG": "onregelmatig",
    "http://publications.europa.eu/resource/authority/frequency/NEVER": "nooit",
    "http://standaarden.overheid.nl/owms/4.0/doc/waardelijsten/overheid.gemeente": "gemeente",
    # the organisation (metadata/organisatie.yaml: tooi)
    "https://identifier.overheid.nl/tooi/id/gemeente/gm0392": "Gemeente Haarlem",
}


def donl_label(value: Any) -> str:
    text = str(value or "").strip()
    if text in LABELS:
        return LABELS[text]
    if text.startswith(("http://", "https://")):
        return text.rstrip("/").rsplit("/", 1)[-1].replace("_", " ")
    return text


def json_list(value: Any) -> list[str]:
    """The publisher stores lists as JSON text; CKAN hands them to templates as strings."""
    if isinstance(value, list):
        return [str(v) for v in value]
    try:
        parsed = json.loads(value) if isinstance(value, str) else value
    except ValueError:
        return [str(value)] if value else []
    if isinstance(parsed, list):
        return [str(v) for v in parsed]
    return [str(parsed)] if parsed not in (None, "") else []


class PortalPlugin(plugins.SingletonPlugin):
    plugins.implements(plugins.IConfigurer)
    plugins.implements(plugins.ITemplateHelpers)

    def update_config(self, config: Any) -> None:
        toolkit.add_template_directory(config, "templates")

    def get_helpers(self) -> dict[str, Any]:
        return {"haarlem_donl_label": donl_label, "haarlem_json_list": json_list}
