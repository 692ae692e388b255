"""IP addresses (v4 and v6): Presidio's IpRecognizer with Dutch context words."""

from __future__ import annotations

from presidio_analyzer.predefined_recognizers import IpRecognizer

from haarlem_opendata.pii.entity import EntityDefinition, Prefilter, mask_every_part

CONTEXT = ("ip", "ip-adres", "ipv4", "ipv6")


def _recognizer(language: str) -> IpRecognizer:
    return IpRecognizer(supported_language=language, context=list(CONTEXT))


DEFINITION = EntityDefinition(
    type="IP_ADDRESS",
    label_nl="IP-adres",
    placeholder="<IP>",
    recognizer=_recognizer,
    context=CONTEXT,
    mask=mask_every_part,
    prefilter=Prefilter(
        shape=r"\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}|[0-9a-fA-F]{1,4}:[0-9a-fA-F]{0,4}:"
    ),
)
